// The real-engine test lab: base images, host users and generated projects.
//
// A "host user" is a UID:GID the test acts as. As root (CI) the generator, host-ids.sh and the
// Dev Containers CLI run under that identity through setpriv (with the docker group, so it can
// reach the engine); the project folder is owned by it, as a developer's checkout would be.
// Files the container writes into the bind mount are then checked by their numeric owner.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordCreated } from './machine.js';

/** The offline stand-ins scripts/lab/base-images.sh builds (CI has no registry). */
const LAB_BASES = {
  debian: 'nonroot-lab/debian:trixie',
  uid1000: 'nonroot-lab/debian-uid1000:trixie',
  busybox: 'nonroot-lab/busybox:1.35',
  distroless: 'nonroot-lab/distroless:latest',
};
/** Opt-in where a registry is reachable (a laptop): NONROOT_E2E_REAL_IMAGES=1 npm run test:e2e. */
const REAL_BASES = {
  debian: 'debian:trixie-slim',
  uid1000: 'ubuntu:24.04',
  busybox: 'alpine:3.20',
  // :debug has BusyBox under /busybox/ (no /bin/sh), which the probes use, as with the stand-in.
  distroless: 'gcr.io/distroless/static-debian12:debug',
};
export const BASES = process.env.NONROOT_E2E_REAL_IMAGES ? REAL_BASES : LAB_BASES;
export type Base = keyof typeof LAB_BASES;
/** The builder stage for shell-less bases: BusyBox (the stand-in offline). */
export const BUILDER = process.env.NONROOT_E2E_REAL_IMAGES ? 'busybox:1.37' : LAB_BASES.busybox;

export const engineReady = process.env.NONROOT_E2E === 'engine';
/** Engine tests: run for real, or (outside CI only) skipped with a banner from engine.setup.ts. */
export const describeEngine = engineReady ? describe : describe.skip;

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const BIN = path.join(ROOT, 'generators/cli.js');
export const DEVCONTAINER_CLI = path.join(ROOT, 'node_modules/.bin/devcontainer');

export interface HostUser {
  uid: number;
  gid: number;
}

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

const isRoot = process.getuid?.() === 0;
/** The docker group's GID: host users in it reach the engine, as a developer's account does. */
export const dockerGid = () => Number(/^docker:[^:]*:(\d+):/m.exec(fs.readFileSync('/etc/group', 'utf8'))?.[1] ?? NaN);

/**
 * A throwaway host account for `user` (tools such as the Dev Containers CLI run `id -un` on the
 * host), in the docker group so it can reach the engine. Each account or group made here is
 * recorded, and engine.teardown.ts removes exactly those; an existing one is used, never recorded.
 */
function ensureAccount({ uid, gid }: HostUser) {
  const known = (db: 'passwd' | 'group', id: number) => spawnSync('getent', [db, String(id)]).status === 0;
  const create = (db: 'passwd' | 'group', id: number, name: string, command: string, args: string[]) => {
    if (known(db, id)) return;
    const made = run(command, [...args, name], { check: false });
    if (made.status === 0) recordCreated(db, name, id);
    // Another jest worker (no --runInBand) may have made it meanwhile, and recorded it itself.
    else if (!known(db, id)) throw new Error(`${command} ${name} exited ${made.status}: ${made.stderr.trim()}`);
  };
  create('group', gid, `nonroot-e2e-g${gid}`, 'groupadd', ['-g', String(gid)]);
  create('passwd', uid, `nonroot-e2e-${uid}`, 'useradd', [
    '-l',
    '-M',
    '-d',
    '/nonexistent',
    '-u',
    String(uid),
    '-g',
    String(gid),
    '-G',
    'docker',
  ]);
}

/**
 * The login name of the host account at `user`'s UID: the suite's own (`nonroot-e2e-1500`), or the
 * one a developer's machine already has there, which the suite then uses as it is.
 */
export function accountName(user: HostUser): string {
  ensureAccount(user);
  return spawnSync('getent', ['passwd', String(user.uid)], { encoding: 'utf8' }).stdout.split(':')[0];
}

/** Runs a command, as `user` when given; throws with the output when it fails and `check` is set. */
export function run(command: string, args: string[], options: SpawnSyncOptions & { user?: HostUser; check?: boolean } = {}): Ran {
  const { user, check = true, ...spawnOptions } = options;
  let argv = [command, ...args];
  if (user && !(user.uid === process.getuid?.() && user.gid === process.getgid?.())) {
    if (!isRoot) throw new Error(`acting as ${user.uid}:${user.gid} needs root (CI runs as root)`);
    ensureAccount(user);
    argv = ['setpriv', `--reuid=${user.uid}`, `--regid=${user.gid}`, `--groups=${dockerGid()}`, '--', ...argv];
  }
  const result = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: 600_000, maxBuffer: 64 << 20, ...spawnOptions });
  const ran = { status: result.status, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? '') };
  if (check && ran.status !== 0) {
    throw new Error(
      `${argv.join(' ')} exited ${ran.status}\n--- stdout\n${ran.stdout.slice(-4000)}\n--- stderr\n${ran.stderr.slice(-4000)}`,
    );
  }
  return ran;
}

/** Named volumes in every generated test project: one in $HOME, one nested in the workspace mount. */
export const VOLUMES = '/home/dev/.cache,/workspace/node_modules';

export interface Project {
  dir: string;
  /** `docker compose ...` in the project, as root (the engine's client), with the chosen builder. */
  compose(args: string[], options?: { buildkit?: boolean; check?: boolean }): Ran;
  owner(file: string): string;
  cleanup(): void;
}

/** A folder owned by `user`, as a developer's checkout is, with the generator run in it as them. */
export function generateProject(user: HostUser, flags: string[]): Project {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-e2e-'));
  fs.chmodSync(dir, 0o755);
  if (isRoot) fs.chownSync(dir, user.uid, user.gid);
  // HOME under the project's parent: the bin needs none, but yeoman may look for a global config.
  run(process.execPath, [BIN, '--yes', '--volumes', VOLUMES, ...flags], { cwd: dir, user, env: { ...process.env, HOME: os.tmpdir() } });
  return projectIn(dir);
}

export function projectIn(dir: string): Project {
  return {
    dir,
    compose: (args, { buildkit = true, check = true } = {}) =>
      run('docker', ['compose', ...args], { cwd: dir, check, env: { ...process.env, DOCKER_BUILDKIT: buildkit ? '1' : '0' } }),
    owner(file) {
      const stat = fs.statSync(path.join(dir, file));
      return `${stat.uid}:${stat.gid}`;
    },
    cleanup() {
      run('docker', ['compose', 'down', '--rmi', 'local', '--volumes', '--remove-orphans'], { cwd: dir, check: false });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * What the container reports about itself, as KEY=value lines. BusyBox and the distroless
 * stand-in have no bash; the distroless stand-in has no /bin/sh either, only /busybox/sh.
 */
export const PROBE = [
  'echo UID=$(id -u)',
  'echo GID=$(id -g)',
  'echo NAME=$(id -un)',
  'echo HOME=$HOME',
  'echo HOME_OWNER=$(stat -c %u:%g "$HOME")',
  'touch "$HOME/.probe" && echo HOME_WRITABLE=yes',
  'touch "$PWD/written-by-container" && echo WORKSPACE_WRITABLE=yes',
  // The named volumes generateProject asks for (--volumes): writable by the user.
  'touch /home/dev/.cache/probe && echo CACHE_VOLUME_WRITABLE=yes',
  'touch "$PWD/node_modules/probe" && echo NESTED_VOLUME_WRITABLE=yes',
  'echo PWD=$PWD',
].join('; ');

export function probe(project: Project, service: string, base: Base): Record<string, string> {
  const shell =
    base === 'distroless' ? ['--entrypoint', '/busybox/sh', service, '-c', `PATH=/busybox:$PATH; ${PROBE}`] : [service, 'sh', '-c', PROBE];
  return keyValues(project.compose(['run', '--rm', '-T', ...shell]).stdout);
}

/** A probe's `KEY=value` lines as an object (other lines are left out). */
export const keyValues = (stdout: string): Record<string, string> =>
  Object.fromEntries(
    stdout
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
