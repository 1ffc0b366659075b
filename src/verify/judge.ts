// From what verify saw to a verdict per check, each ✗ with the fix (pure: recorded answers are unit
// tests). The fix names the cause verify can see: the stored strategy against the engine, a
// `user:` in the compose file, a stale .env, a folder the image gives another user.
import type { EngineInfo } from '../core/engine.js';
import type { HostIds } from '../core/host.js';
import { HOST_IDS_SCRIPT } from '../core/names.js';
import { buildFailure, ids } from './fixes.js';
import { foldersRow, projectRow, treeRow } from './ownership.js';
import type { Ids } from '../core/strategies/index.js';
import type { Target, VerifyPlan } from './plan.js';
import { EXIT_CODE, type Answer } from './probe.js';

export const CHECKS = ['build', 'id', 'whoami', 'home', 'project', 'folders', 'tree', 'exit', 'pid1'] as const;
export type CheckId = (typeof CHECKS)[number];

/** What each check proves, for --help and SARIF's rules. */
export const TITLES: Record<CheckId, string> = {
  build: 'the image builds (a missing .env is named with the command that writes it)',
  id: '`id` is what the strategy in .yo-rc.json promises',
  whoami: 'the user has a name in the image',
  home: '$HOME exists and the user can write it',
  project: 'a file written into the mounted project folder is yours on this machine',
  folders: "every volume, every folder the image gives its user and the working folder are writable and all the user's",
  tree: 'nothing the run made in the project folder on this machine belongs to another user (a mount point the engine made)',
  exit: 'the exit code comes back',
  pid1: 'the command is PID 1 (strategies with an entrypoint of ours)',
};

export interface Row {
  check: CheckId;
  status: 'ok' | 'fail' | 'skip' | 'info';
  detail: string;
  fix?: string;
}

export interface Seen {
  target: Target;
  build: { ok: boolean; seconds: number; output: string };
  run?: { exitCode: number | null; answer: Answer; note?: string; output: string };
  /** Who owns, on the host, the file the container wrote into the project mount. */
  written?: Ids;
  /** What `id` must say, when not the plan's promise (the Dev Container: after the CLI's remap). */
  promised?: Ids;
  /** Why PID 1 is not the command's to be (the Dev Containers CLI keeps its own). */
  pid1Skip?: string;
  /** The fix when `id` is not the promised one, when the cause is known better than the plan's. */
  idFix?: string;
  /** The fix for folders outside $HOME that are not the user's, when the cause is known better. */
  outsideHomeFix?: string;
  /** What appeared in the project folder during the run that is not the host user's (undefined: not looked at). */
  appeared?: { path: string; owner: string }[];
}

export interface Context {
  host: HostIds;
  engine: EngineInfo;
  plan: VerifyPlan;
}

export function judge(seen: Seen, ctx: Context): Row[] {
  const rows: Row[] = [];
  const skip = (from: CheckId, why: string) =>
    CHECKS.slice(CHECKS.indexOf(from)).forEach((check) => rows.push({ check, status: 'skip', detail: why }));
  const { build, run, target } = seen;
  if (!build.ok) {
    rows.push({ check: 'build', status: 'fail', ...buildFailure(build.output, target.service) });
    skip('id', 'not built');
    return rows;
  }
  rows.push({ check: 'build', status: 'ok', detail: target.builds ? `built in ${build.seconds.toFixed(1)} s` : `runs ${target.image}` });
  const answer = run?.answer;
  if (!run || !answer?.ran || !answer.id) {
    const last = (run?.output ?? '').trim().split('\n').slice(-2).join(' | ').slice(0, 300);
    rows.push({
      check: 'id',
      status: 'fail',
      detail: `the probe did not run (exit ${run?.exitCode ?? '?'}): ${last}`,
      fix: /not found|no such file/i.test(run?.output ?? '')
        ? 'verify runs sh (or /busybox/sh) in the container: an image without a shell can only be checked by hand'
        : `the container did not start: docker compose run --rm ${target.service} sh shows why`,
    });
    skip('whoami', 'the probe did not run');
    return rows;
  }
  const uid = answer.id.uid;
  const promised = seen.promised ?? ctx.plan.promised;
  const literal = target.user !== undefined && !target.user.includes('$');
  const idFix = literal
    ? `${target.where}: user: ${target.user} is not what ${ctx.plan.strategy?.id} writes there; yo nonroot writes it again`
    : ctx.plan.strategy?.envFile
      ? `sh ${HOST_IDS_SCRIPT} (.env holds other IDs), then verify again`
      : 'yo nonroot';
  if (!promised && literal && !ctx.engine.rootless && uid !== ctx.host.uid)
    // A rootful engine maps IDs 1:1: a fixed user: that is not you writes files that are not yours.
    rows.push({
      check: 'id',
      status: 'fail',
      detail: `${ids(answer.id)} from user: ${target.user} (${target.where}); you are ${ctx.host.uid}`,
      fix: 'yo nonroot runs it as you (build-arg: your IDs from a git-ignored .env)',
    });
  else if (!promised)
    rows.push({ check: 'id', status: 'info', detail: `${ids(answer.id)} (no strategy in .yo-rc.json: nothing promised)` });
  else if (ids(promised) === ids(answer.id))
    rows.push({ check: 'id', status: 'ok', detail: `${ids(answer.id)}, as ${ctx.plan.strategy!.id} promises` });
  else
    rows.push({
      check: 'id',
      status: 'fail',
      detail: `${ids(answer.id)}, ${ctx.plan.strategy!.id} promises ${ids(promised)}`,
      fix: seen.idFix ?? idFix,
    });

  if (answer.whoami) rows.push({ check: 'whoami', status: 'ok', detail: answer.whoami });
  else
    rows.push({
      check: 'whoami',
      status: 'fail',
      detail: `UID ${uid} has no name in the image ("I have no name!"): git, ssh and npm ask for it`,
      fix: 'create the user in the image: yo nonroot does',
    });

  if (answer.homeExists && answer.homeWritable) rows.push({ check: 'home', status: 'ok', detail: `${answer.home} is writable` });
  else
    rows.push({
      check: 'home',
      status: 'fail',
      detail: `HOME=${answer.home || '(unset)'} ${answer.homeExists ? 'is not writable by UID ' + uid : 'does not exist'}`,
      fix: 'a user with a home of its own (useradd -m, as yo nonroot writes it)',
    });

  rows.push(projectRow(seen, ctx, uid));
  const folders = foldersRow(answer, target, uid, ctx.plan.strategy?.image.groupZero ? answer.id.gid : undefined);
  const home = answer.home ?? '';
  const outside = answer.folders.some((f) => !f.writable && home !== '' && f.path !== home && !f.path.startsWith(`${home}/`));
  if (folders.status === 'fail' && outside && seen.outsideHomeFix) folders.fix = seen.outsideHomeFix;
  rows.push(folders, treeRow(seen));
  // A wrong user explains what fails after it: one fix, where the cause is.
  if (rows.some((r) => r.check === 'id' && r.status === 'fail'))
    for (const row of rows) if (row.status === 'fail' && row.check !== 'id') row.fix = 'follows from id: fix that first';

  if (run.exitCode === EXIT_CODE) rows.push({ check: 'exit', status: 'ok', detail: `exit ${EXIT_CODE} came back` });
  else if (run.exitCode === 0 && ctx.engine.name === 'podman' && ctx.engine.client === 'docker')
    // Podman 4.3's Docker API answers 0 to docker compose run whatever the command did.
    rows.push({ check: 'exit', status: 'info', detail: "Podman's Docker API reports 0 for every run: the exit code cannot be checked" });
  else
    rows.push({
      check: 'exit',
      status: 'fail',
      detail: `the command exited ${EXIT_CODE}, the run ${run.exitCode}`,
      fix: 'the entrypoint must end with exec "$@" so the exit code comes back',
    });

  const needsPid1 = ctx.plan.strategy?.image.entrypoint !== undefined;
  if (seen.pid1Skip) rows.push({ check: 'pid1', status: 'skip', detail: seen.pid1Skip });
  else if (answer.pid === 1) rows.push({ check: 'pid1', status: 'ok', detail: 'the command is PID 1' });
  else
    rows.push({
      check: 'pid1',
      status: needsPid1 ? 'fail' : 'info',
      detail: `PID 1 is ${answer.pid1 ?? '?'}`,
      fix: needsPid1 ? 'the entrypoint must exec the command (exec "$@"), so signals reach it' : undefined,
    });
  return rows;
}
