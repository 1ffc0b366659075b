// What verify builds and runs, decided from the repo's model alone (pure): per service, where the
// project folder is mounted in the container, every folder the user must be able to write there
// (each volume, whoever declares it, and each folder the image gives its user), and the volumes
// whose mount points the engine creates inside the project folder; what the stored strategy
// promises `id` says; and an overlay file of verify's own that names the images it builds, so that
// it never retags an image of yours and removes exactly what it made.
import { posix } from 'node:path';
import { stringify } from 'yaml';
import { InputError } from '../core/errors.js';
import type { Host } from '../core/host.js';
import { projectMount } from '../core/layout/index.js';
import type { Container, DevcontainerEntry, RepoModel } from '../core/layout/model.js';
import { isBelow, nestedInBinds, type Mount } from '../core/layout/mounts.js';
import { stageFolders, userFolders } from '../core/dockerfile/folders.js';
import { DEVCONTAINER, devcontainerPromise } from './devcontainer.js';
import type { Stored } from '../core/stored.js';
import { strategies, type Ids, type Strategy } from '../core/strategies/index.js';

/** A folder the probe writes into and looks through. */
export interface ProbeFolder {
  path: string;
  /** A volume must be there (its mount point); a folder of the image's may have gone in a later step. */
  kind: 'volume' | 'image';
  /** Where it is declared: `compose.yaml:7`, `Dockerfile:5 RUN`. */
  why: string;
}

export interface Target {
  service: string;
  /** Where compose declares it: `docker-compose.yml:3` (the config file for a Dev Container). */
  where: string;
  /** The project folder inside the container, when the service bind-mounts it (or a folder above it). */
  projectPath?: string;
  folders: ProbeFolder[];
  /** Volumes mounted inside the project's bind mount: the host folder the engine makes for each. */
  mountPoints: { hostPath: string; why: string }[];
  /** compose's `user:` as written. */
  user?: string;
  /** The image verify builds (under its own name), or the service's own when it only runs one. */
  image: string;
  builds: boolean;
}

export interface VerifyPlan {
  /** compose's project name for verify's run: its containers, network and volumes are its own. */
  project: string;
  /** The repo's compose files, in compose's order (repo-relative). */
  files: string[];
  /** The overlay's YAML: `image:` for every service verify builds. */
  overlay: string;
  targets: Target[];
  /** The stored strategy, when it is one of ours. */
  strategy?: Strategy;
  /** What `id` must say under it; undefined: no strategy stored, nothing promised. */
  promised?: Ids;
  /** The Dev Container configs to run through the CLI, each with its target and what `id` must say there. */
  devcontainers: { entry: DevcontainerEntry; target: Target; promised?: Ids }[];
  /** Play the Kubernetes workloads (when the repo keeps any): no --service, or --service kube. */
  kube: boolean;
}

/** `--service kube` picks the Kubernetes workloads verify plays (kube-run.ts). */
export const KUBE = 'kube';

/** `--service` (the Dev Container rows are named `devcontainer`, the Kubernetes ones `kube`). */
export interface Selection {
  only?: string[];
}

/** The plan for `model` at `root` (absolute), for `host`; `token` makes the names verify's own. */
export function planVerify(
  root: string,
  model: RepoModel,
  stored: Stored | undefined,
  host: Host,
  token: string,
  pick: Selection = {},
): VerifyPlan {
  // What `docker compose` reads here (with its override file); else the first compose-based config's files.
  const compose = model.layout().compose ?? model.devcontainers.find((d) => d.compose)?.compose;
  const wantsDevcontainer = model.devcontainers.length > 0 && (pick.only?.includes(DEVCONTAINER) ?? true);
  const wantsKube = pick.only?.includes(KUBE) ?? true;
  const only = pick.only?.filter((name) => name !== DEVCONTAINER && name !== KUBE);
  if (!compose && !wantsDevcontainer)
    throw new InputError([
      'no compose file and no Dev Container config here (compose.yaml, docker-compose.yml, .devcontainer/devcontainer.json): ' +
        'verify builds and runs them; run yo nonroot first',
    ]);
  const services = only ?? compose?.services.filter((s) => s.build).map((s) => s.name) ?? [];
  const known = compose?.services.map((s) => s.name) ?? [];
  const unknown = services.filter((name) => !known.includes(name));
  const kubeRow = unknown.length > 0 && model.kube.workloads.length > 0 ? [KUBE] : [];
  if (unknown.length > 0)
    throw new InputError([
      `--service ${unknown.join(',')}: not in ${compose?.files.join(', ') ?? 'any compose file'}; ` +
        `its services are ${[...known, ...(model.devcontainers.length > 0 ? [DEVCONTAINER] : []), ...kubeRow].join(', ')}`,
    ]);
  if (services.length === 0 && !wantsDevcontainer && !pick.only?.includes(KUBE))
    throw new InputError([`${compose!.files.join(', ')}: no service builds an image; name the ones to run with --service`]);
  const project = `nonroot-verify-${token}`;
  const containerOf = (name: string) =>
    model.containers.find((c) => c.service?.name === name && c.project?.files.join('\n') === compose!.files.join('\n'))!;
  const targets = services.map((name): Target => {
    const container = containerOf(name);
    const service = container.service!;
    const mount = projectMount(service);
    // compose alone runs the service: a Dev Container config's mounts are not there.
    const mounts = container.mounts.filter((m) => m.file !== container.devcontainer?.file);
    return {
      service: name,
      where: `${service.file}:${service.line}`,
      projectPath: mount?.source === undefined ? undefined : posix.join(mount.target, rootBelow(root, mount.source)),
      ...probed(model, container, mounts),
      user: service.user,
      image: service.build ? `${project}-${name}` : (service.image ?? name),
      builds: service.build !== undefined,
    };
  });
  // The probe runs without the service's dependencies (--no-deps): one that shares another's network
  // (`network_mode: service:db`, the Dev Container templates' shape) would find no container to join.
  const shares = (name: string) => /^(service|container):/.test(containerOf(name).service?.networkMode ?? '');
  const overlay = {
    services: Object.fromEntries(
      targets
        .filter((t) => t.builds || shares(t.service))
        .map((t) => [t.service, { ...(t.builds ? { image: t.image } : {}), ...(shares(t.service) ? { network_mode: 'none' } : {}) }]),
    ),
  };
  const strategy = strategies.find((s) => s.id === stored?.idStrategy);
  const input = { host, ids: { uid: stored?.uid, gid: stored?.gid } };
  const configs = wantsDevcontainer ? model.devcontainers : [];
  return {
    project,
    files: compose?.files ?? [],
    overlay: stringify(overlay),
    targets,
    strategy,
    promised: strategy?.runsAs(input),
    devcontainers: configs.map((entry) => ({
      entry,
      target: devcontainerTarget(model, entry, configs.length > 1),
      promised: devcontainerPromise(strategy, input),
    })),
    kube: wantsKube,
  };
}

/** The Dev Container as the CLI runs it: the config's container (a compose config: its service), with the config's mounts. */
function devcontainerTarget(model: RepoModel, entry: DevcontainerEntry, several: boolean): Target {
  const container = model.containers.find((c) => c.devcontainer === entry) ?? { name: entry.file, file: entry.file, line: 1, mounts: [] };
  return {
    service: several ? `${DEVCONTAINER} ${entry.file}` : DEVCONTAINER,
    where: entry.file,
    // The CLI says where it mounted the workspace; until then, where the config says it will be.
    projectPath: entry.config.workspace,
    ...probed(model, container, container.mounts),
    image: '',
    builds: true,
  };
}

/**
 * The folders a container's user must be able to write: its volumes, and the folders its image gives
 * its user, except where a bind mount of a host folder covers them (the host's files: doctor counts
 * those); and the mount points the engine makes inside a bind mount of the project.
 */
function probed(model: RepoModel, container: Pick<Container, 'build'>, mounts: Mount[]): Pick<Target, 'folders' | 'mountPoints'> {
  const binds = mounts.filter((m) => m.kind === 'bind').map((m) => m.target);
  const onHost = (path: string) => binds.some((b) => path === b || isBelow(path, b));
  const volumes = mounts
    .filter((m) => m.kind === 'volume')
    .map((m): ProbeFolder => ({ path: m.target, kind: 'volume', why: `${m.file}:${m.line}` }));
  const image = imageFolders(model, container.build)
    .filter((f) => !onHost(f.path) && !volumes.some((v) => v.path === f.path))
    .map((f): ProbeFolder => ({ path: f.path, kind: 'image', why: f.why }));
  const mountPoints = nestedInBinds(mounts)
    .filter((n) => n.bind.source !== undefined && !posix.isAbsolute(n.hostPath) && !n.hostPath.startsWith('..'))
    .map((n) => ({ hostPath: n.hostPath, why: `${n.volume.file}:${n.volume.line}` }));
  return { folders: [...volumes, ...image], mountPoints };
}

/** The folders the built stage gives its user (WORKDIRs the block owns, chown/--chown targets, a venv made as the user). */
function imageFolders(model: RepoModel, build: Container['build']) {
  const entry = build && model.dockerfiles.find((d) => d.file === build.dockerfile);
  const stage = entry?.view.stage(build!.target);
  return entry && stage ? userFolders(stageFolders(entry.view, stage)) : [];
}

/** The repo root seen from `source` ('.', '..', '../..'): '', 'repo', 'parent/repo'. */
function rootBelow(root: string, source: string): string {
  const up = source === '.' ? 0 : source.split('/').length;
  return up === 0 ? '' : root.split('/').filter(Boolean).slice(-up).join('/');
}
