// Before the e2e suite: make a Docker engine, Compose v2 and the nonroot-lab/* base images
// available (scripts/lab/*.sh install them when running as root, as CI does), or say loudly why
// not. With CI set, a missing engine fails the run; it is never skipped quietly.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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
  const root = process.getuid?.() === 0;
  let reason = '';
  try {
    if (!engineAnswers() && root) run('engine.sh');
    if (!engineAnswers()) reason = 'no Docker engine or Compose v2 answers, and only root can install them (scripts/lab/engine.sh)';
    else if (root) run('base-images.sh');
  } catch (error) {
    reason = `setting up the lab engine failed: ${(error as Error).message}`;
  }
  if (!reason) {
    process.env.NONROOT_E2E = 'engine';
    return;
  }
  if (process.env.CI) throw new Error(`e2e: ${reason}. CI must run these tests on a real engine.`);
  process.env.NONROOT_E2E = 'skip';
  console.warn(`\n*** e2e tests SKIPPED: ${reason}. Run as root or start Docker, then npm run test:e2e. ***\n`);
}
