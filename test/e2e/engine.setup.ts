// Before the e2e suite: make a Docker engine, Compose v2 and the nonroot-lab/* base images
// available (scripts/lab/*.sh install them when running as root, as CI does), or say loudly why
// not. With CI set, a missing engine fails the run; it is never skipped quietly. Then it notes
// what the machine holds, for engine.teardown.ts to prove the run left nothing behind.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type { MachineState } from './support/machine.js';

// Jest resolves the imports of globalSetup/globalTeardown with Node's own resolver, without the
// moduleNameMapper that maps './x.js' to './x.ts' for tests (jestjs/jest#11644): a static import
// of './support/machine.js' is not found. A require of the .ts file goes through the transform
// jest hooks into require while it runs these files.
const { machineState, removeCreatedAccounts } = createRequire(import.meta.url)(
  './support/machine.ts',
) as typeof import('./support/machine.js');
const { default: build } = createRequire(import.meta.url)('../support/build.setup.ts') as typeof import('../support/build.setup.js');

const lab = (script: string) => fileURLToPath(new URL(`../../scripts/lab/${script}`, import.meta.url));
const run = (script: string, ...args: string[]) => execFileSync('bash', [lab(script), ...args], { stdio: 'inherit' });

function engineAnswers(): boolean {
  try {
    run('engine.sh', '--check');
    return true;
  } catch {
    return false;
  }
}

export default async function setup() {
  build(); // the suite runs the built CLI
  const root = process.getuid?.() === 0;
  let reason = '';
  try {
    if (!engineAnswers() && root) run('engine.sh');
    if (!engineAnswers()) reason = 'no Docker engine or Compose v2 answers, and only root can install them (scripts/lab/engine.sh)';
    else if (root) {
      run('base-images.sh');
      // Rootless Podman for the podman strategy's tests (rootless Docker installs its own parts).
      run('podman.sh');
    }
  } catch (error) {
    reason = `setting up the lab engine failed: ${(error as Error).message}`;
  }
  if (root) {
    // Accounts a run killed before its teardown left (the record says the suite made them).
    const { removed, failed } = removeCreatedAccounts();
    if (removed.length) console.warn(`e2e: removed what an earlier run left: ${removed.join(', ')}`);
    if (failed.length) throw new Error(`e2e: cannot remove what an earlier run left:\n${failed.join('\n')}`);
  }
  // What the machine holds before any test, lab images included; engine.teardown.ts compares.
  // globalThis: jest runs globalSetup and globalTeardown in the same (parent) process.
  (globalThis as { nonrootE2eBefore?: MachineState }).nonrootE2eBefore = machineState(!reason);
  if (!reason) {
    process.env.NONROOT_E2E = 'engine';
    return;
  }
  if (process.env.CI) throw new Error(`e2e: ${reason}. CI must run these tests on a real engine.`);
  process.env.NONROOT_E2E = 'skip';
  console.warn(`\n*** e2e tests SKIPPED: ${reason}. Run as root or start Docker, then npm run test:e2e. ***\n`);
}
