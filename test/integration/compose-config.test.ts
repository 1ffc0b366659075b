// `docker compose config` accepts what mergeCompose writes: the property tests' cases, checked by
// compose itself. Needs the docker CLI with Compose v2 (.ci/run installs it); without it the test fails.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { caseArb, merge, show } from '../support/arbitraries/compose-case.js';

/** Why `docker compose version` fails, or undefined when compose answers. */
const composeMissing = (() => {
  try {
    execFileSync('docker', ['compose', 'version'], { stdio: 'ignore', timeout: 20_000 });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
})();

/** `docker compose config -q` on the text as compose.yaml in an empty folder: undefined when accepted, else its error. */
function composeRejects(text: string): string | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-prop-'));
  try {
    fs.writeFileSync(path.join(dir, 'compose.yaml'), text);
    const run = spawnSync('docker', ['compose', '-p', 'prop', '-f', 'compose.yaml', 'config', '-q'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, HOST_UID: '1500', HOST_GID: '1500' },
    });
    return run.status === 0 ? undefined : (run.stderr || run.stdout || `exit ${run.status}`).trim();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Cases asked for and required: each input compose accepts is merged, and the result asked again. */
const RUNS = Number(process.env.PROP_DOCKER_RUNS ?? 20);
/**
 * The run stops after this long, passing or not: each case runs `docker compose config` twice
 * (~0.3 s a case alone, ~0.9 s on a 2-core machine busy with the other tests), and shrinking a
 * failure runs it many more times; fast-check then reports the smallest failing case found by then.
 * A run the limit stops before RUNS cases fails too: the title says how many it checked.
 */
const TIME_LIMIT = RUNS * 1_500;

describe('mergeCompose properties: docker compose config', () => {
  it('has docker compose to ask (install it with `npm run lab`)', () => {
    expect(composeMissing).toBeUndefined();
  });

  const title = `${RUNS} cases it accepts as input, every one checked before the ${TIME_LIMIT / 1000} s limit`;
  it(`1b. docker compose config accepts the result (${title})`, () => {
    const started = Date.now();
    // fc.check, not fc.assert: its RunDetails say how many cases ran; fc.assert passes on however
    // many the time limit let through.
    const details = fc.check(
      fc.property(caseArb, ({ c, wanted }) => {
        fc.pre(composeRejects(c.text) === undefined);
        const out = merge(c, wanted);
        const error = composeRejects(out);
        if (error !== undefined) throw new Error(`docker compose config: ${error}${show(c, wanted, out)}`);
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: TIME_LIMIT },
    );
    if (details.failed) throw new Error(fc.defaultReportMessage(details));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const ran =
      `${details.numRuns} of ${RUNS} cases checked (${details.numSkips} more skipped: compose rejected the input), in ${seconds} s` +
      `${details.interrupted ? ', stopped by the time limit' : ''} (seed ${details.seed})`;
    console.log(`docker compose config property: ${ran}`);
    expect({ ran, checked: details.numRuns }).toEqual({ ran, checked: RUNS });
  }, 600_000);
});
