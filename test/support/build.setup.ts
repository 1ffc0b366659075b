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
  // Built beside, then swapped in: another jest run on this checkout (an e2e run beside an
  // integration one) never finds generators/ missing halfway through.
  const next = `${ROOT}/generators.next-${process.pid}`;
  const old = `${ROOT}/generators.old-${process.pid}`;
  fs.rmSync(next, { recursive: true, force: true });
  execFileSync(process.execPath, [`${ROOT}/node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json', '--outDir', next], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  fs.chmodSync(`${next}/cli.js`, 0o755);
  if (fs.existsSync(`${ROOT}/generators`)) fs.renameSync(`${ROOT}/generators`, old);
  fs.renameSync(next, `${ROOT}/generators`);
  fs.rmSync(old, { recursive: true, force: true });
  process.env.NONROOT_TEST_BUILT = '1';
  console.log(`\nbuilt src/ into generators/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
