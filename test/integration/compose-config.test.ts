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

describe('mergeCompose properties: docker compose config', () => {
  it('has docker compose to ask (install it with `npm run lab`)', () => {
    expect(composeMissing).toBeUndefined();
  });

  it('1b. docker compose config accepts the result (30 cases, each checked only when it accepts the input)', () => {
    fc.assert(
      fc.property(caseArb, ({ c, wanted }) => {
        fc.pre(composeRejects(c.text) === undefined);
        const out = merge(c, wanted);
        const error = composeRejects(out);
        if (error !== undefined) throw new Error(`docker compose config: ${error}${show(c, wanted, out)}`);
      }),
      // Each case runs `docker compose config` twice (~0.2 s); shrinking a failure runs it many more
      // times, so the run stops after 12 s and reports the smallest failing case found by then.
      { numRuns: Number(process.env.PROP_DOCKER_RUNS ?? 30), interruptAfterTimeLimit: 12_000 },
    );
  }, 600_000);
});
