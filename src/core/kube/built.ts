// The images this repo builds, by the names a manifest would run them under, each with the
// Dockerfile and stage that builds it and the USER that stage ends with: what lets `check`, the
// generator and `verify` follow a manifest's `image:` to the user the image really has (the
// kubelet refuses runAsNonRoot over a named USER it cannot verify). A compose service's build goes
// by its `image:` or compose's name for it; a Dockerfile compose does not build, by the names
// build-names.ts finds (skaffold.yaml, a Makefile's `docker build -t`, the repo's folder name).
import { posix } from 'node:path';
import { stageUser } from '../dockerfile/stage.js';
import type { ComposeProject } from '../layout/compose-project.js';
import type { RepoModel } from '../layout/model.js';
import { composeProjectName, normalizeProjectName } from '../layout/volume-names.js';
import { View } from '../dockerfile/view.js';
import { namedBuilds } from './build-names.js';
import { composeImageName, imageMatches, type BuiltImage } from './images.js';

export interface Built {
  image: BuiltImage;
  dockerfile: string;
  /** The build context, repo-relative. */
  context: string;
  target?: string;
  /** The built stage's last USER as written (`${UID}:${GID}`, `app`); undefined: none, the base image's. */
  user?: string;
}

/**
 * compose's project name for the repo's own files, by compose's rules (volume-names.ts): the .env's
 * COMPOSE_PROJECT_NAME, `name:`, else the folder's name; the shell's environment is not the repo's,
 * so the audit reads none. A name left to an unset variable: the folder's.
 */
function projectName(model: RepoModel, project: ComposeProject): string {
  const folder = model.repo.root ?? 'app';
  return (
    composeProjectName(model.repo, project, { folder, env: {} }) ??
    normalizeProjectName(project.dir === '.' ? posix.basename(folder) : posix.basename(project.dir))
  );
}

/** Every image a compose service builds from a Dockerfile in the repo, under its `image:` or compose's default name. */
export function builtImages(model: RepoModel): Built[] {
  const found: Built[] = [];
  for (const container of model.containers) {
    const { service, project, build } = container;
    if (!service || !project || !build) continue;
    // A tag compose builds (`app:dev`) is not the release a cluster runs (`app:1.4.2`): the repository decides.
    const image: BuiltImage = service.image
      ? { ref: service.image, implicitTag: true }
      : composeImageName(projectName(model, project), service.name);
    const entry = model.dockerfiles.find((d) => d.file === build.dockerfile);
    const stage = entry?.view.stage(build.target);
    found.push({
      image,
      dockerfile: build.dockerfile,
      context: service.build?.context ?? '.',
      target: build.target,
      user: entry && stage ? stageUser(entry.view, stage.index)?.user : undefined,
    });
  }
  for (const named of namedBuilds(model)) {
    const entry = model.dockerfiles.find((d) => d.file === named.dockerfile);
    const view = entry?.view ?? new View(model.repo.read(named.dockerfile) ?? '', named.dockerfile);
    const stage = view.stage(named.target);
    found.push({
      image: { ref: named.ref, implicitTag: true },
      dockerfile: named.dockerfile,
      context: named.context,
      target: named.target,
      user: stage ? stageUser(view, stage.index)?.user : undefined,
    });
  }
  // A kustomization renames images (`images: [{name: app, newName: ghcr.io/org/app}]`): the new name runs the same build.
  for (const kustomization of model.kube.kustomizations)
    for (const override of kustomization.images) {
      const same = found.find((b) => override.name !== undefined && imageMatches(override.name, [b.image]));
      if (same && override.newName) found.push({ ...same, image: { ref: override.newName, implicitTag: true } });
    }
  return found;
}

/** The build a manifest's image comes from, if this repo builds it. */
export const builtFor = (built: Built[], manifestImage: string) => built.find((b) => imageMatches(manifestImage, [b.image]));
