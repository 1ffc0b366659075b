// What reclaim changes and how, decided on facts (pure): which paths, and the one command that gives
// them back to the host user through the engine the user may already use, without sudo:
//  - rootful Docker: a throwaway container of an image already here, only the project folder
//    mounted, no network, `chown -hR UID:GID` as container root;
//  - rootless Docker: the same, but container root is the host user: `chown -hR 0:0`;
//  - rootless Podman: `podman unshare chown -hR 0:0` (in the user's namespace, 0 is the user).
// A rootless engine can only give back what its namespace maps (the user's subordinate IDs); files
// of the real root, left by a rootful engine or sudo, stay, and the report says so
// (https://github.com/containers/podman/issues/24925). `-h` and chown -R's default (-P) never follow
// a symlink, and in the container nothing outside the project is mounted: a link to /etc points
// into the container, never to the host's /etc.
import type { EngineInfo } from '../core/engine.js';
import type { HostIds } from '../core/host.js';
import type { SubIdRange } from '../core/machine/subids.js';
import type { TreeScan } from '../core/machine/tree.js';

/** The path the project folder is mounted at in the throwaway container. */
export const MOUNT = '/nonroot-reclaim';

export interface Plan {
  /** Top-level entries (relative to the project folder) the command changes, recursively. */
  targets: string[];
  /** How many foreign entries it gives back, and how many it cannot (with why). */
  reclaimable: number;
  stuck: { count: number; why: string }[];
  /** The command, argv; `IMAGE` stands for the image the container runs. */
  command?: string[];
  /** What runs it, for the report: `rootful Docker, a throwaway container`. */
  via: string;
}

export const IMAGE = '<image>';

export function planReclaim(tree: TreeScan, host: HostIds, engine: EngineInfo | undefined, subuid: SubIdRange[], folder: string): Plan {
  const targets = [...tree.folders.filter((f) => f.folder !== '.').map((f) => f.folder), ...tree.topFiles];
  const owners = tree.folders.flatMap((f) => Object.entries(f.owners).map(([uid, n]) => [Number(uid), n] as const));
  const total = owners.reduce((sum, [, n]) => sum + n, 0);
  if (!engine) return { targets, reclaimable: 0, stuck: [{ count: total, why: 'no engine answered' }], via: 'no engine' };
  const ids = `${host.uid}:${host.gid}`;
  // Container root, only the project folder mounted, no network, nothing pulled; chown is the
  // entrypoint: no shell. SELinux hosts would deny the unlabelled mount: the label is turned off for
  // this container rather than relabelling the user's files (`:z`).
  const container = (owner: string) => [
    ...['docker', 'run', '--rm', '--pull', 'never', '--network', 'none', '--security-opt', 'label=disable', '--user', '0:0'],
    ...['-v', `${folder}:${MOUNT}`, '--entrypoint', 'chown', IMAGE, '-hR', '--', owner, ...targets.map((t) => `${MOUNT}/${t}`)],
  ];
  if (!engine.rootless) {
    const via = `${engine.desktop ? 'Docker Desktop' : 'rootful Docker'}: a throwaway container with only this folder mounted`;
    return { targets, reclaimable: total, stuck: [], command: container(ids), via };
  }
  // Rootless: only what the namespace maps (the user's subordinate IDs) can change hands.
  const mapped = (uid: number) => subuid.some((r) => uid >= r.start && uid < r.start + r.count);
  const stuck = owners.filter(([uid]) => !mapped(uid)).reduce((sum, [, n]) => sum + n, 0);
  const why =
    "owned by IDs outside your subordinate range (root's: left by a rootful engine or sudo); " +
    `only sudo chown -hR ${ids} can give them back`;
  const podman = engine.name === 'podman';
  const command = podman ? ['podman', 'unshare', 'chown', '-hR', '--', '0:0', ...targets.map((t) => `./${t}`)] : container('0:0');
  return {
    targets,
    reclaimable: total - stuck,
    stuck: stuck > 0 ? [{ count: stuck, why }] : [],
    command,
    via: podman
      ? 'rootless Podman: podman unshare (in your user namespace, 0 is you)'
      : 'rootless Docker: a throwaway container, whose root is you',
  };
}
