// After the e2e suite: remove the host accounts the tests created (support/machine.ts keeps the
// record) and what the builders leave behind, then compare the machine with the snapshot
// engine.setup.ts took and fail the run when anything is left over. On CI the dangling images
// and stopped containers are pruned outright; on a laptop, where older ones could be the user's
// own, only dangling images that were not there before the run are removed.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import type { MachineState } from './support/machine.js';

// Jest resolves the imports of globalSetup/globalTeardown with Node's own resolver, without the
// moduleNameMapper that maps './x.js' to './x.ts' for tests (jestjs/jest#11644): a static import
// of './support/machine.js' is not found. A require of the .ts file goes through the transform
// jest hooks into require while it runs these files.
const { added, machineState, removeCreatedAccounts, removeNewDanglingImages } = createRequire(import.meta.url)(
  './support/machine.ts',
) as typeof import('./support/machine.js');

export default async function teardown() {
  const before = (globalThis as { nonrootE2eBefore?: MachineState }).nonrootE2eBefore;
  const engine = process.env.NONROOT_E2E === 'engine';
  const accounts = removeCreatedAccounts(before);
  const failed = [...accounts.failed];
  let images = 0;
  if (engine && process.env.CI) {
    spawnSync('docker', ['container', 'prune', '-f'], { stdio: 'ignore' });
    spawnSync('docker', ['image', 'prune', '-f'], { stdio: 'ignore' });
  } else if (engine && before) {
    const dangling = removeNewDanglingImages(before);
    images = dangling.removed.length;
    failed.push(...dangling.failed);
  }
  if (accounts.removed.length || images) {
    console.log(`\ne2e teardown removed: ${[...accounts.removed, ...(images ? [`${images} dangling image(s)`] : [])].join(', ')}`);
  }
  // No snapshot: setup failed before taking it, and jest reports that failure itself.
  if (!before) return;
  const after = machineState(engine);
  const left = added(before, after);
  const gone = added(after, before);
  if (gone.length) console.warn(`e2e: gone since the run started (the tests, or someone else on this machine?):\n  ${gone.join('\n  ')}`);
  if (left.length || failed.length) {
    throw new Error(`e2e: the run left the machine changed (a test run leaves it as it found it):\n  ${[...failed, ...left].join('\n  ')}`);
  }
  console.log('e2e teardown: users, groups, subuid/subgid, temp folders and Docker objects are as before the run');
}
