// The repo's named volumes that already exist in the engine, and who owns their files. A fresh
// named volume takes the owner of the image's folder at its mount point, but one that exists keeps
// the files an earlier run left in it (root's, when the team ran as root before adopting), and the
// engine never changes them (https://docs.docker.com/engine/storage/volumes/#populate-a-volume-using-a-container,
// https://github.com/moby/moby/issues/2259): the app then gets EACCES. doctor looks (a read-only
// container per volume), reclaim gives them back (`find … -exec chown -h`, only what is not right).
// Only volumes that every container mounting them uses as the host user are looked at: a database's
// volume (postgres at its own UID) is its user's, not yours.
import { spawnSync } from 'node:child_process';
import { LIKELY_TOOL_IMAGES, localImages } from './local-images.js';
import type { EngineInfo } from '../engine.js';
import { describeHost, type HostIds } from '../host.js';
import type { Container, RepoModel } from '../layout/model.js';
import type { RepoVolume } from '../layout/volume-names.js';
import type { Stored } from '../stored.js';
import { defaultStrategy } from '../strategies/detect.js';
import { strategies, type Ids, type StrategyInput } from '../strategies/index.js';

/** Where the volume is mounted in the short-lived container: a path no image has, so nothing is copied into the volume. */
export const AT = '/nonroot-volume';

export interface VolumeState {
  volume: RepoVolume;
  /** The IDs its files must have (inside the container); undefined: not yours, left alone (`why`). */
  wanted?: Ids;
  why?: string;
  /** Whether it exists in the engine; undefined: not asked. */
  exists?: boolean;
  /** Entries that are not `wanted`'s, by `uid:gid`; undefined: not looked at. */
  foreign?: Record<string, number>;
  /** The image the look ran in, or why none could. */
  image?: string;
  notRun?: string;
}

/** The container runs as the host user: compose's `user:` from HOST_UID, keep-id, the CLI's remap, or our user block in its image. */
export function runsAsYou(model: RepoModel, container: Container): boolean {
  const user = container.service?.user;
  if (user !== undefined && /\bHOST_UID\b/.test(user)) return true;
  if (container.service?.usernsMode?.startsWith('keep-id')) return true;
  const dc = container.devcontainer?.config;
  if (dc?.remap && dc.user && dc.user.name !== 'root') return true;
  // A `user:` of another name overrides the image's user.
  if (!container.build || (user !== undefined && !/^\d+(:\d+)?$/.test(user))) return false;
  try {
    const file = model.dockerfiles.find((d) => d.file === container.build!.dockerfile);
    const stage = file?.view.stage(container.build.target);
    return stage !== undefined && file!.view.blocksOf(stage.index).length > 0;
  } catch {
    return false; // a Dockerfile that does not parse: check reports it
  }
}

/** Whose each volume is: the IDs its files must have, from the stored strategy (else this engine's default). */
export function volumeOwners(
  model: RepoModel,
  volumes: RepoVolume[],
  { host, stored, engine }: { host: HostIds; stored?: Stored; engine?: EngineInfo },
): VolumeState[] {
  const strategy = strategies.find((s) => s.id === stored?.idStrategy) ?? strategies.find((s) => s.id === defaultStrategy(engine).id)!;
  const input: StrategyInput = { host: describeHost(host), ids: { uid: stored?.uid, gid: stored?.gid } };
  // In a Dev Container the CLI re-IDs the user to yours; elsewhere, who the strategy makes the container.
  const wantedBy = (c: Container): Ids =>
    c.devcontainer?.config.remap && strategy.devcontainer(input).updateRemoteUserUID
      ? { uid: input.host.uid, gid: input.host.gid }
      : strategy.runsAs(input);
  return volumes.map((volume) => {
    const others = [...new Set(volume.mounts.filter((m) => !runsAsYou(model, m.container)).map((m) => m.container.name))];
    const also = volume.mounts.some((m) => runsAsYou(model, m.container)) ? ' too' : '';
    if (others.length > 0)
      return { volume, why: `mounted by ${others.join(', ')}${also}, which ${others.length === 1 ? 'does' : 'do'} not run as you` };
    const wanted = [...new Set(volume.mounts.map((m) => JSON.stringify(wantedBy(m.container))))];
    if (wanted.length > 1) return { volume, why: `its containers run as different IDs (${wanted.join(', ')})` };
    return { volume, wanted: JSON.parse(wanted[0]) as Ids };
  });
}

type Cli = 'docker' | 'podman';
// env passed on purpose: under jest, process.env is the test's own copy.
const call = (cli: Cli, args: string[], timeout = 10_000) =>
  spawnSync(cli, args, { encoding: 'utf8', timeout, env: process.env, maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'pipe'] });

/** Which of `names` exist: one `volume inspect` for all (it prints the ones there are, and fails for the rest). */
export function existingVolumes(cli: Cli, names: string[]): Set<string> {
  if (names.length === 0) return new Set();
  return new Set(
    call(cli, ['volume', 'inspect', '--format', '{{.Name}}', ...names])
      .stdout?.split('\n')
      .filter(Boolean) ?? [],
  );
}

/** The images to try, in order (pure): the volume's own containers' images first, then likely ones; only those on this machine. */
export function scanImages(volume: RepoVolume, local: string[]): string[] {
  const tagged = (ref: string) => (/:[\w.-]+$/.test(ref.split('/').pop()!) || ref.includes('@') ? ref : `${ref}:latest`);
  const own = volume.mounts.flatMap(({ container, project }) => [
    ...(container.image ? [tagged(container.image)] : []),
    // compose tags what it builds `<project>-<service>` (Compose v2), `<project>_<service>` before.
    ...(project && container.service ? [`${project}-${container.name}:latest`, `${project}_${container.name}:latest`] : []),
  ]);
  return [...new Set([...own.filter((ref) => local.includes(ref)), ...local.filter((ref) => LIKELY_TOOL_IMAGES.test(ref))])];
}

/** `docker run` of `find` over the volume as container root, no network, nothing pulled; read-only unless it changes owners. */
export function findArgv(cli: Cli, name: string, image: string, wanted: Ids, change: boolean): string[] {
  const ids = `${wanted.uid}:${wanted.gid}`;
  const notWanted = ['(', '!', '-user', String(wanted.uid), '-o', '!', '-group', String(wanted.gid), ')'];
  // -h and find's default (-P): a symlink is changed itself, never followed.
  const action = change ? ['-print0', '-exec', 'chown', '-h', ids, '{}', '+'] : ['-exec', 'stat', '-c', '%u:%g', '{}', '+'];
  return [
    ...[cli, 'run', '--rm', '--pull', 'never', '--network', 'none', '--security-opt', 'label=disable', '--user', '0:0'],
    ...['-v', `${name}:${AT}${change ? '' : ':ro'}`, '--entrypoint', 'find', image, AT, ...notWanted, ...action],
  ];
}

/** Runs `find` over the volume in the first image that has it; the output and the image, or why none ran. */
export function runFind(
  cli: Cli,
  state: VolumeState,
  images: string[],
  change: boolean,
): { stdout?: string; image?: string; why?: string } {
  // At most 5 images are tried: each try starts a container (~0.5 s).
  for (const image of images.slice(0, 5)) {
    const ran = call(cli, findArgv(cli, state.volume.name, image, state.wanted!, change).slice(1), 600_000);
    // 125: the engine could not start it; 126/127: no find (or stat, chown) in that image.
    if (ran.status === 0 || (ran.status === 1 && ran.stdout)) return { stdout: ran.stdout, image };
  }
  return {
    why: images.length === 0 ? 'no image on this machine has find and stat' : `no image of ${images.slice(0, 5).join(', ')} ran find`,
  };
}

/** `uid:gid` lines -> counts. */
export const countOwners = (stdout: string): Record<string, number> =>
  stdout
    .split('\n')
    .filter((line) => /^\d+:\d+$/.test(line))
    .reduce<Record<string, number>>((counts, owner) => ({ ...counts, [owner]: (counts[owner] ?? 0) + 1 }), {});

/**
 * The repo's volumes that are yours and exist, each looked at (read-only); the others as they are.
 * `only`: the image to run (reclaim's --image), else the ones scanImages picks among `images`.
 */
export function lookAtVolumes(
  cli: Cli,
  states: VolumeState[],
  { only, images = localImages }: { only?: string; images?: typeof localImages } = {},
) {
  const names = existingVolumes(
    cli,
    states.map((s) => s.volume.name),
  );
  let local: string[] | undefined;
  return states.map((state): VolumeState => {
    const exists = names.has(state.volume.name);
    if (!exists || !state.wanted) return { ...state, exists };
    const ran = runFind(cli, state, only ? [only] : scanImages(state.volume, (local ??= images(cli))), false);
    return { ...state, exists, image: ran.image, notRun: ran.why, foreign: ran.stdout === undefined ? undefined : countOwners(ran.stdout) };
  });
}
