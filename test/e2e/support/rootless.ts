// Rootless engines for one host user, as that user: rootless Podman (with its Docker API socket,
// which `docker compose` talks to) and a rootless Docker daemon (scripts/lab/rootless-docker.sh).
// Each has a private home, runtime dir and storage under /tmp, removed by stop().
// The lab's limits: no /dev/net/tun, so containers and builds run without a network.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, type HostUser, type Ran } from './lab.js';

const ROOTLESS_DOCKER = fileURLToPath(new URL('../../../scripts/lab/rootless-docker.sh', import.meta.url));

/** A private folder owned by `user`, mode 0700 (runtime dirs must be). */
function privateDir(user: HostUser, prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chownSync(dir, user.uid, user.gid);
  fs.chmodSync(dir, 0o700);
  return dir;
}

export interface Rootless {
  /** The environment the user's tools see: HOME, XDG_RUNTIME_DIR, DOCKER_HOST. */
  env: NodeJS.ProcessEnv;
  /** A command as the user, in `cwd`, with that environment. */
  as(command: string, args: string[], options?: { cwd?: string; check?: boolean; env?: NodeJS.ProcessEnv }): Ran;
  /** `docker compose` as the user against this engine (classic builds: no BuildKit image offline). */
  compose(dir: string, args: string[], check?: boolean): Ran;
  /** Copies a rootful image into the user's storage. */
  load(image: string): void;
  stop(): void;
}

function session(user: HostUser, extra: (env: NodeJS.ProcessEnv) => NodeJS.ProcessEnv) {
  const home = privateDir(user, 'nonroot-e2e-home-');
  const xdg = privateDir(user, 'nonroot-e2e-xdg-');
  const env = extra({ ...process.env, HOME: home, XDG_RUNTIME_DIR: xdg, PATH: '/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' });
  const as: Rootless['as'] = (command, args, options = {}) =>
    run(command, args, { cwd: options.cwd ?? home, user, check: options.check, env: { ...env, ...options.env } });
  return {
    home,
    xdg,
    env,
    as,
    compose: (dir: string, args: string[], check = true) =>
      as('docker', ['compose', ...args], { cwd: dir, check, env: { DOCKER_BUILDKIT: '0' } }),
    load(image: string, loader: string[]) {
      const tar = path.join(xdg, 'image.tar');
      run('docker', ['save', '-o', tar, image]);
      fs.chownSync(tar, user.uid, user.gid);
      as(loader[0], [...loader.slice(1), '-i', tar]);
      fs.rmSync(tar);
    },
    removeDirs() {
      // Podman's chroot isolation and the Dev Containers CLI leave folders of their own in /tmp.
      const name = run('id', ['-un', String(user.uid)]).stdout.trim();
      for (const dir of [home, xdg, `/tmp/podman-run-${user.uid}`, `/tmp/containers-user-${user.uid}`, `/tmp/devcontainercli-${name}`])
        fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Podman stores images with the kernel's own overlay where rootless overlay works (Linux 5.13+,
 * https://github.com/containers/storage/blob/main/docs/containers-storage.conf.5.md) instead of
 * vfs, which copies every layer: the same images, several times faster to build. Set in the
 * session's private home, so it goes with it; where `podman info` refuses it, vfs as before.
 */
function preferOverlay(s: ReturnType<typeof session>) {
  const [major, minor] = os.release().split('.').map(Number);
  if (!(major > 5 || (major === 5 && minor >= 13))) return;
  const dir = path.join(s.home, '.config/containers');
  s.as('mkdir', ['-p', dir]);
  fs.writeFileSync(path.join(dir, 'storage.conf'), '[storage]\ndriver = "overlay"\n');
  if (s.as('podman', ['info', '--format', '{{.Store.GraphDriverName}}'], { check: false }).stdout.trim() !== 'overlay') {
    fs.rmSync(path.join(dir, 'storage.conf'));
    s.as('podman', ['system', 'reset', '-f'], { check: false });
  }
}

/** Rootless Podman for `user`, its Docker API socket serving `docker compose`. */
export function startPodman(user: HostUser): Rootless {
  let socket = '';
  const s = session(user, (env) => {
    socket = path.join(env.XDG_RUNTIME_DIR!, 'podman.sock');
    return { ...env, DOCKER_HOST: `unix://${socket}` };
  });
  if (process.env.CONTAINERS_STORAGE_CONF === undefined) preferOverlay(s);
  const service: ChildProcess = spawn(
    'setpriv',
    [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', '--', 'podman', 'system', 'service', '--time=0', `unix://${socket}`],
    {
      env: s.env,
      cwd: s.home,
      stdio: 'ignore',
    },
  );
  const until = Date.now() + 20_000;
  while (!fs.existsSync(socket)) {
    if (Date.now() > until) throw new Error('podman system service did not open its socket in 20 s');
    run('sleep', ['0.2']);
  }
  return {
    env: s.env,
    as: s.as,
    compose: s.compose,
    load: (image) => s.load(image, ['podman', 'load', '-q']),
    stop() {
      service.kill('SIGTERM');
      // Stops containers, conmon and the pause process, and frees the storage (vfs: a copy per layer).
      s.as('podman', ['system', 'reset', '-f'], { check: false });
      run('pkill', ['-KILL', '-u', String(user.uid)], { check: false });
      s.removeDirs();
    },
  };
}

/** A rootless Docker daemon for `user` (scripts/lab/rootless-docker.sh). */
export function startRootlessDocker(user: HostUser, name: string): Rootless {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-e2e-rld-'));
  fs.chmodSync(base, 0o755);
  const s = session(user, (env) => ({ ...env, DOCKER_HOST: `unix://${base}/run-${user.uid}/docker.sock` }));
  const script = (command: string) =>
    run('bash', [ROOTLESS_DOCKER, command, name, String(user.uid)], { env: { ...process.env, RLD_BASE: base, RLD_HOME: s.home } });
  script('start');
  return {
    env: s.env,
    as: s.as,
    compose: s.compose,
    load: (image) => s.load(image, ['docker', 'load', '-q']),
    stop() {
      script('stop');
      s.removeDirs();
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
}
