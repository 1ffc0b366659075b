#!/usr/bin/env node
// Start-up benchmark: median wall time of a non-interactive generation through the package's bin
// and through `yo nonroot`, beside `node -e 0` on the same machine, as ratios.
// Goal: the bin <= 10x `node -e 0`. Usage: npm run bench [-- runs]   (default 7 runs each)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const runs = Number(process.argv[2] ?? 7);
const isRoot = process.getuid() === 0;
// yo refuses root (it switches to UID 1000 or fails): as root, run it as a throwaway UID.
const asUser = isRoot ? ['setpriv', '--reuid=1500', '--regid=1500', '--clear-groups'] : [];

// yo finds generators in node_modules folders above the cwd: link this checkout into one.
const lab = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-bench-'));
fs.chmodSync(lab, 0o755);
fs.mkdirSync(path.join(lab, 'node_modules'));
fs.symlinkSync(root, path.join(lab, 'node_modules', 'generator-nonroot'));

function project() {
  const dir = fs.mkdtempSync(path.join(lab, 'p-'));
  if (isRoot) fs.chownSync(dir, 1500, 1500);
  return dir;
}

function time(argv, cwd) {
  const start = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv.slice(1), { cwd, env: { ...process.env, HOME: cwd }, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${argv.join(' ')} failed:\n${result.stderr}`);
  return ms;
}

function median(argvFor) {
  const times = Array.from({ length: runs }, () => {
    const dir = project();
    return time(argvFor(dir), dir);
  }).sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const node = process.execPath;
// What dominates: loading yeoman itself, before the generator does anything.
const imports = ['yeoman-environment', 'yeoman-generator'].map((m) => `await import(${JSON.stringify(import.meta.resolve(m))});`).join(' ');
const cases = [
  ['node -e 0', () => [node, '-e', '0']],
  ['generator-nonroot --yes (bin)', () => [node, path.join(root, 'generators/cli.js'), '--yes']],
  ['yo nonroot --yes', () => [...asUser, path.join(root, 'node_modules/.bin/yo'), 'nonroot', '--yes', '--no-insight']],
  ['import yeoman-environment + yeoman-generator', () => [node, '--input-type=module', '-e', imports]],
];

const results = {};
console.log(`start-up, median of ${runs} runs on ${os.cpus().length} cores (${os.cpus()[0].model.trim()})`);
const base = median(cases[0][1]);
for (const [name, argvFor] of cases) {
  const ms = name === cases[0][0] ? base : median(argvFor);
  results[name] = ms;
  console.log(`${name.padEnd(46)} ${ms.toFixed(0).padStart(6)} ms  ${(ms / base).toFixed(1).padStart(5)}x node -e 0`);
}
const bin = results[cases[1][0]];
const load = results[cases[3][0]];
console.log(`goal: bin <= 10x node -e 0: ${bin / base <= 10 ? 'met' : 'NOT met'} (${(bin / base).toFixed(1)}x)`);
// Medians of separate runs: the ratio can pass 100% by noise; it says what dominates, not an exact share.
console.log(`what dominates: loading yeoman-environment + yeoman-generator alone takes ${load.toFixed(0)} ms, ~${Math.min(100, (100 * load) / bin).toFixed(0)}% of the bin's median; the generator's own work is the small rest`);
fs.rmSync(lab, { recursive: true, force: true });
