// What verify builds and runs, decided from the repo alone (pure): per service, where the project
// folder is mounted in the container and which volumes it has; what the stored strategy promises
// `id` says; and an overlay file of verify's own that names the images it builds, so that it never
// retags an image of yours and removes exactly what it made.
import { posix } from 'node:path';
import { stringify } from 'yaml';
import { InputError } from '../core/errors.js';
import type { Host } from '../core/host.js';
import { projectMount, type Devcontainer, type Layout } from '../core/layout/index.js';
import { DEVCONTAINER, devcontainerPromise } from './devcontainer.js';
import type { Stored } from '../core/stored.js';
import { strategies, type Ids, type Strategy } from '../core/strategies/index.js';

export interface Target {
  service: string;
  /** Where compose declares it: `docker-compose.yml:3`. */
  where: string;
  /** The project folder inside the container, when the service bind-mounts it (or a folder above it). */
  projectPath?: string;
  /** Container paths of its named and anonymous volumes. */
  volumes: string[];
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
  /** The Dev Container config to run through the CLI, and what `id` must say there. */
  devcontainer?: { config: Devcontainer; promised?: Ids };
}

/** `--service`, and the Dev Container config to run through the CLI (the one the editor would open). */
export interface Selection {
  only?: string[];
  devcontainer?: Devcontainer;
}

/** The plan for `layout` at `root` (absolute), for `host`; `token` makes the names verify's own. */
export function planVerify(
  root: string,
  layout: Layout,
  stored: Stored | undefined,
  host: Host,
  token: string,
  pick: Selection = {},
): VerifyPlan {
  const compose = layout.compose;
  const wantsDevcontainer = pick.devcontainer !== undefined && (pick.only?.includes(DEVCONTAINER) ?? true);
  const only = pick.only?.filter((name) => name !== DEVCONTAINER);
  if (!compose && !wantsDevcontainer)
    throw new InputError([
      'no compose file and no Dev Container config here (compose.yaml, docker-compose.yml, .devcontainer/devcontainer.json): ' +
        'verify builds and runs them; run yo nonroot first',
    ]);
  const services = only ?? compose?.services.filter((s) => s.build).map((s) => s.name) ?? [];
  const known = compose?.services.map((s) => s.name) ?? [];
  const unknown = services.filter((name) => !known.includes(name));
  if (unknown.length > 0)
    throw new InputError([
      `--service ${unknown.join(',')}: not in ${compose?.files.join(', ') ?? 'any compose file'}; ` +
        `its services are ${[...known, ...(pick.devcontainer ? [DEVCONTAINER] : [])].join(', ')}`,
    ]);
  if (services.length === 0 && !wantsDevcontainer)
    throw new InputError([`${compose!.files.join(', ')}: no service builds an image; name the ones to run with --service`]);
  const project = `nonroot-verify-${token}`;
  const targets = services.map((name): Target => {
    const service = compose!.services.find((s) => s.name === name)!;
    const mount = projectMount(service);
    return {
      service: name,
      where: `${service.file}:${service.line}`,
      projectPath: mount?.source === undefined ? undefined : posix.join(mount.target, rootBelow(root, mount.source)),
      volumes: service.volumes.map((v) => v.target),
      user: service.user,
      image: service.build ? `${project}-${name}` : (service.image ?? name),
      builds: service.build !== undefined,
    };
  });
  const overlay = { services: Object.fromEntries(targets.filter((t) => t.builds).map((t) => [t.service, { image: t.image }])) };
  const strategy = strategies.find((s) => s.id === stored?.idStrategy);
  const input = { host, ids: { uid: stored?.uid, gid: stored?.gid } };
  return {
    project,
    files: compose?.files ?? [],
    overlay: stringify(overlay),
    targets,
    strategy,
    promised: strategy?.runsAs(input),
    devcontainer: wantsDevcontainer ? { config: pick.devcontainer!, promised: devcontainerPromise(strategy, input) } : undefined,
  };
}

/** The repo root seen from `source` ('.', '..', '../..'): '', 'repo', 'parent/repo'. */
function rootBelow(root: string, source: string): string {
  const up = source === '.' ? 0 : source.split('/').length;
  return up === 0 ? '' : root.split('/').filter(Boolean).slice(-up).join('/');
}
