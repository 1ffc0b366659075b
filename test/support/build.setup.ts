// Before the tests that run the built CLI (integration, e2e): compile src/ into a fresh generators/,
// once per jest run. Tests import src/*.ts directly; what they spawn is this build, so a build left
// from an older checkout can never be the one tested.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export default function build() {
  if (process.env.NONROOT_TEST_BUILT === '1') return; // one build serves every project of this run
  const started = Date.now();
  fs.rmSync(`${ROOT}/generators`, { recursive: true, force: true });
  execFileSync(process.execPath, [`${ROOT}/node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  fs.chmodSync(`${ROOT}/generators/cli.js`, 0o755);
  process.env.NONROOT_TEST_BUILT = '1';
  console.log(`\nbuilt src/ into generators/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
