#!/usr/bin/env node
// Start-up benchmark: median wall time of a non-interactive generation through the package's bin
// and through `yo nonroot`, beside `node -e 0` on the same machine, as ratios — once per Node version:
// the machine's node, then Node 22 and 24 from the npm registry (scripts/ci/node-install.sh, cached
// outside the repo, installed on first use), each timed against its own `node -e 0`.
// Goal: the bin <= 10x `node -e 0`. Usage: npm run bench [-- runs [majors]]   (default 7 runs each,
// majors 22,24; `npm run bench -- 3 24` times the machine's node and Node 24 with 3 runs each)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodesToTime } from './nodes.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const runs = Number(process.argv[2] ?? 7);
const majors = (process.argv[3] ?? '22,24').split(',').filter(Boolean);
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

function time(argv, cwd, node) {
  // The node under test first on PATH: anything started through `#!/usr/bin/env node` runs on it too.
  const env = { ...process.env, HOME: cwd, PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH}` };
  const start = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv.slice(1), { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${argv.join(' ')} failed:\n${result.stderr}`);
  return ms;
}

function median(argvFor, node) {
  const times = Array.from({ length: runs }, () => {
    const dir = project();
    return time(argvFor(dir), dir, node);
  }).sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

// What dominates: loading yeoman itself, before the generator does anything.
const imports = ['yeoman-environment', 'yeoman-generator'].map((m) => `await import(${JSON.stringify(import.meta.resolve(m))});`).join(' ');
// yo's own script, started by the node under test (node_modules/.bin/yo would start the first node on PATH).
const yo = fs.realpathSync(path.join(root, 'node_modules/.bin/yo'));
const casesFor = (node) => [
  ['node -e 0', () => [node, '-e', '0']],
  ['generator-nonroot --yes (bin)', () => [node, path.join(root, 'generators/cli.js'), '--yes']],
  ['yo nonroot --yes', () => [...asUser, node, yo, 'nonroot', '--yes', '--no-insight']],
  ['import yeoman-environment + yeoman-generator', () => [node, '--input-type=module', '-e', imports]],
];

console.log(`start-up, median of ${runs} runs on ${os.cpus().length} cores (${os.cpus()[0].model.trim()}), per Node version`);
const summary = [];
for (const { version: v, node } of nodesToTime(majors)) {
  const cases = casesFor(node);
  const results = {};
  console.log(`\nnode ${v} (${node})`);
  const base = median(cases[0][1], node);
  for (const [name, argvFor] of cases) {
    const ms = name === cases[0][0] ? base : median(argvFor, node);
    results[name] = ms;
    console.log(`${name.padEnd(46)} ${ms.toFixed(0).padStart(6)} ms  ${(ms / base).toFixed(1).padStart(5)}x node -e 0`);
  }
  const bin = results[cases[1][0]];
  const load = results[cases[3][0]];
  console.log(`goal: bin <= 10x node -e 0: ${bin / base <= 10 ? 'met' : 'NOT met'} (${(bin / base).toFixed(1)}x)`);
  // Medians of separate runs: the ratio can pass 100% by noise; it says what dominates, not an exact share.
  console.log(
    `what dominates: loading yeoman-environment + yeoman-generator alone takes ${load.toFixed(0)} ms, ` +
      `~${Math.min(100, (100 * load) / bin).toFixed(0)}% of the bin's median; the generator's own work is the small rest`,
  );
  summary.push([v, base, bin, results[cases[2][0]], load]);
}

console.log("\nper Node version (medians, ms; ratios against that node's own node -e 0)");
console.log(
  `${'node'.padEnd(10)} ${'node -e 0'.padStart(9)} ${'bin'.padStart(14)} ${'yo nonroot'.padStart(14)} ${'import yeoman'.padStart(14)}`,
);
const cell = (ms, base) => `${ms.toFixed(0)} (${(ms / base).toFixed(1)}x)`.padStart(14);
for (const [v, base, bin, yoMs, load] of summary) {
  console.log(`${v.padEnd(10)} ${base.toFixed(0).padStart(9)} ${cell(bin, base)} ${cell(yoMs, base)} ${cell(load, base)}`);
}
fs.rmSync(lab, { recursive: true, force: true });
