// One model of a repo's container layout, read from the repo's own entry points the way the tools
// resolve them: devcontainer.json -> compose files -> services -> the Dockerfiles they build.
// Pure but for reads. The generator decides where to write from it; the audit reads it too.
import { BrokenReference, InputError } from '../errors.js';
import { jsonLine } from '../parse.js';
import { readComposeProject, rootComposeFiles, type Bind, type ComposeProject, type Service } from './compose-project.js';
import { findDevcontainers, readDevcontainer, type Devcontainer } from './devcontainer-config.js';
import { isRootOrAbove, type Repo } from './repo.js';

export type { Bind, Build, ComposeProject, Service } from './compose-project.js';
export type { ComposeDevcontainer, Devcontainer, DockerfileDevcontainer, ImageDevcontainer } from './devcontainer-config.js';
export { findDevcontainers } from './devcontainer-config.js';
export { diskRepo, memoryRepo, type Repo } from './repo.js';

export interface Layout {
  /** The Dev Container config the run adopts (see `chooseDevcontainer`). */
  devcontainer?: Devcontainer;
  /** The devcontainer's compose files when it is compose-based, else the repo root's. */
  compose?: ComposeProject;
}

/**
 * The config to adopt: the one given, else the only one there is. Several and none given is a
 * question for the user (the `devcontainer` setting asks it; without a terminal this fails).
 */
export function chooseDevcontainer(repo: Repo, given?: string): string | undefined {
  const found = findDevcontainers(repo);
  if (given !== undefined) return given;
  if (found.length <= 1) return found[0];
  throw new InputError([`this repo has ${found.length} Dev Container configs (${found.join(', ')}): pass --devcontainer <one of them>`]);
}

export function readLayout(repo: Repo, devcontainerFile?: string): Layout {
  const devcontainer = devcontainerFile === undefined ? undefined : readDevcontainer(repo, devcontainerFile);
  const listed = devcontainer?.kind === 'compose' ? devcontainer.composeFiles : [];
  const files = listed.length > 0 ? listed : rootComposeFiles(repo);
  const compose = files.length > 0 ? readComposeProject(repo, files) : undefined;
  if (devcontainer?.kind === 'compose') {
    if (!devcontainer.service)
      throw new InputError([`${devcontainer.file}: a compose-based config needs "service" (the service the editor attaches to) — add it`]);
    if (!compose?.services.some((s) => s.name === devcontainer.service)) {
      const line = jsonLine(repo.read(devcontainer.file) ?? '', ['service']);
      throw new BrokenReference(
        devcontainer.file,
        line,
        `"service": ${JSON.stringify(devcontainer.service)} is not defined in ` +
          `${files.join(', ') || 'any compose file'} — fix the name or add the service`,
      );
    }
  }
  return { devcontainer, compose };
}

/** Services that build from a Dockerfile the generator can edit (inside the repo, not inline). */
export const builtServices = (layout: Layout): Service[] =>
  layout.compose?.services.filter((s) => s.build && !s.build.inline && !s.build.outside) ?? [];

/**
 * Services not named that build a Dockerfile a named one builds, each with the named one: the user
 * block in that Dockerfile needs their IDs too, or their build fails without the args (a YAML merge
 * key `<<: *app` shares one build between an api and a scheduler) or runs as the image's default.
 */
export function sharingBuilds(layout: Layout, named: string[]): { name: string; with: string }[] {
  const built = builtServices(layout);
  return built
    .filter((s) => !named.includes(s.name))
    .flatMap((s) => {
      const twin = built.find((n) => named.includes(n.name) && n.build!.dockerfile === s.build!.dockerfile);
      return twin ? [{ name: s.name, with: twin.name }] : [];
    });
}

/**
 * What the user would pick: the devcontainer's service, else every service that builds (one
 * the generator cannot edit is then refused by name, rather than silently left as root).
 */
export function defaultServices(layout: Layout): string[] {
  if (layout.devcontainer?.kind === 'compose') return [layout.devcontainer.service!];
  return layout.compose?.services.filter((s) => s.build).map((s) => s.name) ?? [];
}

/** The service's bind mount of the project folder or a folder above it (`.:/code`, `../..:/workspaces`). */
export const projectMount = (service: Service | undefined): Bind | undefined =>
  service?.binds.find((bind) => bind.source !== undefined && isRootOrAbove(bind.source));

export const serviceNamed = (layout: Layout, name: string) => layout.compose?.services.find((s) => s.name === name);
