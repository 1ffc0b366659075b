// The Dev Container, run by the Dev Containers CLI when it is installed, as the editor will run it:
// `devcontainer up` under a compose project name and id label of verify's own (so the user's own
// Dev Container is never touched), then the probe through `devcontainer exec`, as remoteUser, after
// the CLI's UID remap, or after the CLI silently skipped it (devcontainers/cli#494, #1284). What
// `up` made goes afterwards: the container, its compose project, and the images it built.
import fs from 'node:fs';
import path from 'node:path';
import type { EngineInfo } from '../core/engine.js';
import type { Devcontainer } from '../core/layout/index.js';
import type { Ids, Strategy, StrategyInput } from '../core/strategies/index.js';
import { spawnAsync } from './engine-run.js';
import type { Seen } from './judge.js';
import type { Target } from './plan.js';
import { probeScript, readAnswer, takeProbeFile } from './probe.js';
import type { Progress } from './progress.js';

/** The row's name in the table. */
export const DEVCONTAINER = 'devcontainer';

/** The CLI: NONROOT_DEVCONTAINER_CLI, else `devcontainer` on PATH. */
export function findCli(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.NONROOT_DEVCONTAINER_CLI) return env.NONROOT_DEVCONTAINER_CLI;
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const file = path.join(dir, 'devcontainer');
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Who `id` says inside after `devcontainer up`: root, the user remapped to you, or the image's. */
export function devcontainerPromise(strategy: Strategy | undefined, input: StrategyInput): Ids | undefined {
  if (!strategy) return undefined;
  const dc = strategy.devcontainer(input);
  if (dc.runAs === 'root') return { uid: 0, gid: 0 };
  return dc.updateRemoteUserUID ? { uid: input.host.uid, gid: input.host.gid } : strategy.runsAs(input);
}

export interface Cleanup {
  /** Removes what `up` made; with `keep`, its images stay. */
  run(keep: boolean): Promise<void>;
  /** The images `up` built (known once the cleanup ran or up ended). */
  images: string[];
}

interface Given {
  cli: string;
  folder: string;
  token: string;
  engine: EngineInfo;
  config: Devcontainer;
  /** What to probe (verify's plan); the CLI says where it mounted the workspace. */
  target: Target;
  promised?: Ids;
  groupOwns: boolean;
  /** Called before `up` starts, so that an interrupted run can clean up too. */
  register(cleanup: Cleanup): void;
}

export async function runDevcontainer(given: Given, progress: Progress): Promise<Seen> {
  const { cli, folder, token, engine, config } = given;
  const client = engine.client ?? 'docker';
  const label = `nonroot.verify=${token}`;
  const common = ['--workspace-folder', folder, '--config', path.join(folder, config.file), '--id-label', label];
  if (client === 'podman') common.push('--docker-path', 'podman');
  const project = `nonroot-verify-${token}-dc`;
  const images = async () =>
    (await spawnAsync([client, 'images', '--format', '{{.Repository}}:{{.Tag}}'], folder, 30_000)).stdout.split('\n');
  const before = new Set(await images());
  const cleanup: Cleanup = {
    images: [],
    async run(keep) {
      const ids = (await spawnAsync([client, 'ps', '-aq', '--filter', `label=${label}`], folder, 30_000)).stdout
        .split('\n')
        .filter(Boolean);
      if (ids.length > 0) await spawnAsync([client, 'rm', '-f', '-v', ...ids], folder, 120_000);
      if (config.kind === 'compose')
        await spawnAsync([client, 'compose', '-p', project, 'down', '--volumes', '--remove-orphans'], folder, 120_000);
      // The CLI's images: vsc-<folder>-<hash>[-uid], and the one its Features build tags (classic builder).
      cleanup.images = (await images()).filter(
        (name) => name && !before.has(name) && /^(localhost\/)?(vsc-|nonroot-verify-|dev_container_feature_content_temp)/.test(name),
      );
      if (!keep && cleanup.images.length > 0) await spawnAsync([client, 'image', 'rm', '-f', ...cleanup.images], folder, 120_000);
    },
  };
  given.register(cleanup);

  const step = progress.start(`${DEVCONTAINER}: devcontainer up`);
  const began = Date.now();
  const up = await spawnAsync([cli, 'up', ...common], folder, 0, { COMPOSE_PROJECT_NAME: project });
  const result = lastJson(up.stdout);
  const seen: Seen = {
    target: {
      ...given.target,
      projectPath: typeof result.remoteWorkspaceFolder === 'string' ? result.remoteWorkspaceFolder : given.target.projectPath,
    },
    build: { ok: result.outcome === 'success', seconds: (Date.now() - began) / 1000, output: up.stdout + up.stderr },
    promised: given.promised,
    pid1Skip: 'the Dev Containers CLI keeps its own PID 1',
    idFix:
      'the Dev Containers CLI did not remap the user to you: it skips when your UID or GID is taken in the image ' +
      '(https://github.com/devcontainers/cli/issues/494); generator-nonroot doctor names the ID',
    // scripts/updateUID.Dockerfile in devcontainers/cli: `chown -R $NEW_UID:$NEW_GID $HOME_FOLDER`, nothing else.
    outsideHomeFix:
      "the Dev Containers CLI's remap re-owns only the user's home (devcontainers/cli scripts/updateUID.Dockerfile): " +
      'mount this volume under $HOME, or use --id-strategy build-arg',
  };
  step.end(seen.build.ok ? 'up' : `failed (exit ${up.status})`);
  if (seen.build.ok) {
    const probing = progress.start(`${DEVCONTAINER}: running the probe`);
    const script = probeScript(seen.target, token, given.groupOwns);
    const ran = await spawnAsync([cli, 'exec', ...common, 'sh', '-c', script], folder, 300_000);
    seen.run = { exitCode: ran.status, answer: readAnswer(ran.stdout), output: ran.stdout + ran.stderr };
    seen.written = takeProbeFile(folder, token);
    probing.end(seen.run.answer.ran ? 'done' : 'could not run');
  }
  return seen;
}

/** The CLI prints its result as the last JSON line of stdout. */
function lastJson(stdout: string): Record<string, unknown> {
  for (const line of stdout.trim().split('\n').reverse()) {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      // a log line
    }
  }
  return {};
}
