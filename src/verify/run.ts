// One verify run: read the repo, plan, then per service build it and run the probe in it as compose
// will run it, look on the host at who owns what it wrote, and judge. Whatever happens (a failed
// build, Ctrl-C), what it made goes: containers, network, volumes, the probe file, and its images
// unless --keep. Exit 0 every check passes, 1 one fails, 2 it cannot run here.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commandFolder } from '../core/command.js';
import { describeEngine, probeEngine, type EngineInfo } from '../core/engine.js';
import { InputError } from '../core/errors.js';
import { describeHost, readHostIds, type HostIds } from '../core/host.js';
import { diskRepo } from '../core/layout/index.js';
import { readModel } from '../core/layout/model.js';
import { scanTree } from '../core/machine/tree.js';
import { readEndpoint } from '../core/machine/endpoint.js';
import { readStored } from '../core/stored.js';
import { findCli, runDevcontainer, type Cleanup } from './devcontainer.js';
import { ATTEMPTS, composeCommand, spawnAsync } from './engine-run.js';
import { judge, type Row, type Seen } from './judge.js';
import type { KubeGroup } from './kube-run.js';
import type { VerifyOptions } from './options.js';
import { KUBE, planVerify, type Target, type VerifyPlan } from './plan.js';
import { probeFile, probeScript, readAnswer, takeProbeFile } from './probe.js';
import type { Progress } from './progress.js';

const NO_CLI =
  'not run: the Dev Containers CLI is not installed (npm install -g @devcontainers/cli), and verify does not ' +
  'emulate its UID remap; the compose rows show the service as compose alone runs it';

export interface Verdict {
  folder: string;
  engine: EngineInfo;
  host: HostIds;
  plan: VerifyPlan;
  /** Per service (and the Dev Container): where it is declared (`file:line`, or the config file), the checks. */
  services: { service: string; where: string; rows: Row[]; note?: string }[];
  /** Per played container of the repo's Kubernetes workloads (kube-run.ts); none when it keeps none. */
  kube?: KubeGroup[];
  /** Images left on purpose (--keep). */
  kept: string[];
}

/** The engine verify can prove ownership on: one that answers and sees this machine's files. */
function engineHere(): EngineInfo {
  const endpoint = readEndpoint();
  if (endpoint.kind === 'remote')
    throw new InputError([
      `the engine is ${endpoint.address} (${endpoint.source}), another machine: it cannot mount this folder; use a local engine`,
    ]);
  const engine = probeEngine();
  if (!engine)
    throw new InputError([
      'verify needs Docker or Podman that you may use, and none answered in 2 s (docker info, podman info): ' +
        'start one (e.g. sudo systemctl start docker) or check DOCKER_HOST',
    ]);
  return engine;
}

export async function runVerify(options: VerifyOptions, progress: Progress): Promise<Verdict> {
  const folder = commandFolder(options.path);
  const engine = engineHere();
  const host = readHostIds();
  const repo = diskRepo(folder);
  let model;
  try {
    model = readModel(repo);
  } catch (error) {
    throw error instanceof InputError ? error : new InputError([(error as Error).message]);
  }
  const token = randomBytes(4).toString('hex');
  const stored = readStored(repo.read('.yo-rc.json'));
  const plan = planVerify(folder, model, stored, describeHost(host), token, { only: options.services });
  const groupOwns = plan.strategy?.image.groupZero === true;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-verify-'));
  const overlay = path.join(scratch, 'overlay.yml');
  fs.writeFileSync(overlay, plan.overlay);
  // No compose file (an image- or Dockerfile-based Dev Container): nothing for compose to do.
  const compose =
    plan.files.length > 0 && plan.targets.length > 0
      ? [...composeCommand(engine), '-p', plan.project, ...plan.files.flatMap((f) => ['-f', f]), '-f', overlay]
      : [];
  const built = plan.targets.filter((t) => t.builds).map((t) => t.image);
  // The Dev Containers' and the played pods' (their images are known once their cleanup ran).
  const cleanups: Cleanup[] = [];
  const kept = () => (options.keep ? [...built, ...cleanups.flatMap((c) => c.images)] : []);

  const cleanup = async () => {
    const step = progress.start('cleaning up');
    if (compose.length > 0) await spawnAsync([...compose, 'down', '--volumes', '--remove-orphans', '--timeout', '1'], folder, 120_000);
    if (!options.keep && built.length > 0) await spawnAsync([compose[0], 'image', 'rm', '-f', ...built], folder, 120_000);
    for (const c of cleanups) await c.run(options.keep);
    fs.rmSync(path.join(folder, probeFile(token)), { force: true });
    fs.rmSync(scratch, { recursive: true, force: true });
    step.end(options.keep ? `done; kept ${kept().join(', ') || 'no image'}` : 'done');
  };
  const interrupted = () => void cleanup().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  const services: Verdict['services'] = [];
  const kube: KubeGroup[] = [];
  try {
    for (const target of plan.targets) {
      const seen = await watchTree(folder, host.uid, target, () => verifyService(target, compose, { folder, token, groupOwns }, progress));
      services.push({ service: target.service, where: target.where, rows: judge(seen, { host, engine, plan }), note: seen.run?.note });
    }
    const cli = plan.devcontainers.length > 0 ? findCli() : undefined;
    for (const { entry, target, promised } of plan.devcontainers) {
      if (!cli) {
        services.push({ service: target.service, where: entry.file, rows: [{ check: 'build', status: 'info', detail: NO_CLI }] });
        continue;
      }
      const register = (cleanup: Cleanup) => cleanups.push(cleanup);
      const given = { cli, folder, token, engine, config: entry.config, target, promised, groupOwns, register };
      const seen = await watchTree(folder, host.uid, target, () => runDevcontainer(given, progress));
      services.push({ service: target.service, where: entry.file, rows: judge(seen, { host, engine, plan }) });
    }
    // Read only here, and played by modules loaded only when the repo keeps workloads.
    if (plan.kube && model.kube.workloads.length > 0) {
      const { verifyKube } = await import('./kube-run.js');
      const given = { folder, model, token, scratch, arbitrary: groupOwns, register: (c: Cleanup) => cleanups.push(c) };
      kube.push(...(await verifyKube(given, progress)));
    }
    if (options.services?.includes(KUBE) && kube.length === 0)
      throw new InputError([
        "--service kube: no workload in the repo's manifests (k8s/, deploy/, manifests/…) runs an image built here: nothing to play",
      ]);
  } finally {
    process.removeListener('SIGINT', interrupted);
    await cleanup();
  }
  return { folder, engine, host, plan, services, kube, kept: kept() };
}

async function verifyService(
  target: Target,
  compose: string[],
  { folder, token, groupOwns }: { folder: string; token: string; groupOwns: boolean },
  progress: Progress,
): Promise<Seen> {
  const seen: Seen = { target, build: { ok: true, seconds: 0, output: '' } };
  if (target.builds) {
    const step = progress.start(`${target.service}: building`);
    const began = Date.now();
    const ran = await spawnAsync([...compose, 'build', target.service], folder);
    seen.build = { ok: ran.status === 0, seconds: (Date.now() - began) / 1000, output: ran.stdout + ran.stderr };
    step.end(ran.status === 0 ? 'built' : `failed (exit ${ran.status})`);
    if (!seen.build.ok) return seen;
  }
  const step = progress.start(`${target.service}: running the probe`);
  const script = probeScript(target, token, groupOwns);
  for (const attempt of ATTEMPTS) {
    const ran = await spawnAsync([...compose, 'run', '--rm', '-T', '--no-deps', ...attempt.args(target.service, script)], folder, 300_000);
    const run = { exitCode: ran.status, answer: readAnswer(ran.stdout), note: attempt.note, output: ran.stdout + ran.stderr };
    // When none runs, the first try's error tells why (the others are fallbacks for other images).
    if (run.answer.ran || !seen.run) seen.run = run;
    if (run.answer.ran) break;
  }
  seen.written = takeProbeFile(folder, token);
  step.end(seen.run?.answer.ran ? 'done' : 'could not run');
  return seen;
}

/**
 * Runs one target with a look at the project folder before and after: what appeared there that is
 * not yours (a volume's mount point the engine made inside the project mount, as root) is the run's.
 */
async function watchTree(folder: string, uid: number, target: Target, run: () => Promise<Seen>): Promise<Seen> {
  const before = scanTree(folder, uid, { all: true }).entries!;
  const seen = await run();
  if (target.projectPath === undefined || uid === 0) return seen;
  const after = scanTree(folder, uid, { all: true }).entries!;
  const appeared = [...after].filter(([path]) => !before.has(path)).map(([path, owner]) => ({ path, owner }));
  return { ...seen, appeared };
}

export const engineLine = (verdict: Verdict) =>
  `${describeEngine(verdict.engine)}, you are ${verdict.host.login ?? verdict.host.uid} (${verdict.host.uid}:${verdict.host.gid})`;
