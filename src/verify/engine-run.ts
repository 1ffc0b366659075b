// How verify drives the engine: compose, as the user would type it, under verify's own project
// name and with its overlay; asynchronously, so progress can be drawn while a build runs.
import { spawn } from 'node:child_process';
import type { EngineInfo } from '../core/engine.js';

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs argv to its end (or `timeout` ms, then SIGKILL); never rejects: a missing command is status null. */
export function spawnAsync(argv: string[], cwd: string, timeout = 0, env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    // env passed on purpose: under jest, process.env is the test's own copy.
    const child = spawn(argv[0], argv.slice(1), { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = timeout > 0 ? setTimeout(() => child.kill('SIGKILL'), timeout) : undefined;
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const done = (status: number | null, extra = '') => {
      if (timer) clearTimeout(timer);
      resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') + extra });
    };
    child.on('error', (error) => done(null, `${argv[0]}: ${error.message}`));
    child.on('close', (code, signal) => done(code, signal ? `\nkilled by ${signal} after ${timeout / 1000} s` : ''));
  });
}

/**
 * The compose command for the engine that answered: `docker compose` (also against Podman's
 * Docker API through DOCKER_HOST), else `podman compose` (Podman >= 4.7 runs a compose provider).
 */
export const composeCommand = (engine: EngineInfo) => (engine.client === 'podman' ? ['podman', 'compose'] : ['docker', 'compose']);

/** How the probe is started, in order: the image's entrypoint with sh, with BusyBox's, then sh replacing the entrypoint. */
export const ATTEMPTS: { args: (service: string, script: string) => string[]; note?: string }[] = [
  { args: (service, script) => [service, 'sh', '-c', script] },
  { args: (service, script) => [service, '/busybox/sh', '-c', script], note: 'ran /busybox/sh (no sh on PATH)' },
  {
    args: (service, script) => ['--entrypoint', 'sh', service, '-c', script],
    note: 'the entrypoint was replaced: it did not run the command it was given',
  },
];
