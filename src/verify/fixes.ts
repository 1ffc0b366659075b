// What verify tells the user to do when a check fails: the cause it can see, in the order it can
// tell them apart (you are root, the stored strategy against the engine, a strategy that does not
// promise your IDs, a `user:` in the compose file), else the next command to run.
import { describeEngine } from '../core/engine.js';
import { HOST_IDS_SCRIPT } from '../core/names.js';
import { defaultStrategy } from '../core/strategies/detect.js';
import type { Ids } from '../core/strategies/index.js';
import type { Context, Seen } from './judge.js';

/** IDs as `id` and `stat` write them. */
export const ids = (i: Ids) => `${i.uid}:${i.gid}`;

/** compose's interpolation error names the variable and our message (`${HOST_UID:?run sh …}`), else the last lines. */
export function buildFailure(output: string, service: string): { detail: string; fix: string } {
  const missing = /required variable (\w+) is missing a value:?\s*(.*)/.exec(output);
  if (missing) return { detail: `${missing[1]} is not set (no .env?)`, fix: missing[2].trim() || `sh ${HOST_IDS_SCRIPT}` };
  const last = output.trim().split('\n').slice(-3).join(' | ').slice(0, 300);
  return { detail: `the build failed: ${last}`, fix: `docker compose build ${service} shows the whole log` };
}

/** Why files may not be the host user's, in the order verify can tell. */
export function ownershipFix({ target }: Seen, { plan, engine, host }: Context, uid: number | undefined): string {
  const strategy = plan.strategy;
  if (host.uid === 0) return 'you are root here: run yo nonroot and verify as the user who works in this folder';
  if (strategy && !strategy.fits(engine))
    return `${strategy.id} does not fit ${describeEngine(engine)}: yo nonroot --id-strategy ${defaultStrategy(engine).id}`;
  if (strategy?.id === 'fixed')
    return (
      `fixed bakes ${plan.promised ? ids(plan.promised) : 'its IDs'} into the image: ` +
      "yo nonroot --id-strategy build-arg for each developer's own"
    );
  if (strategy?.id === 'devcontainer')
    return 'the Dev Containers CLI remaps this user at devcontainer up; for compose alone, yo nonroot --id-strategy build-arg';
  if (target.user !== undefined && !strategy)
    return `${target.where}: user: ${target.user} runs it as UID ${uid ?? '?'}; yo nonroot runs it as you`;
  if (uid === 0) return 'it runs as root: yo nonroot gives it a user with your IDs';
  return 'yo nonroot in this folder sets it up; generator-nonroot doctor says what this machine does differently';
}
