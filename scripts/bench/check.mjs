#!/usr/bin/env node
// Audit benchmark: `generator-nonroot check` on a typical repo beside `node -e 0` (run in turn,
// the ratio taken pair by pair so a drifting machine does not skew it; goal: median <= 5x), and the
// audit over a corpus of 50 repos in one process (the test corpus as it is and as adopted, and
// fresh setups), once per Node version: the machine's, then 22 and 24 (scripts/bench/nodes.mjs).
// Usage: npm run bench:check [-- runs [majors]]   (default 9 runs each, majors 22,24)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, nodesToTime, wall } from './nodes.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'generators/cli.js');
const runs = Number(process.argv[2] ?? 9);
const majors = (process.argv[3] ?? '22,24').split(',').filter(Boolean);
const REPOS = path.join(root, 'test/fixtures/repos');
const TYPICAL = path.join(REPOS, 'compose-react-express-mysql-targets');

/** 50 repos: each readable corpus repo as it is and adopted, then fresh setups to make up the rest. */
function corpus() {
  const lab = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-bench-check-'));
  const dirs = [];
  for (const meta of fs
    .readdirSync(REPOS)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const { args = [], refused } = JSON.parse(fs.readFileSync(path.join(REPOS, meta), 'utf8'));
    if (refused) continue;
    const name = meta.slice(0, -5);
    dirs.push(path.join(REPOS, name));
    const adopted = path.join(lab, name);
    fs.cpSync(path.join(REPOS, name), adopted, { recursive: true });
    spawnSync(process.execPath, [bin, '--yes', '--force', ...args], { cwd: adopted, stdio: 'ignore' });
    dirs.push(adopted);
  }
  const bases = ['debian:trixie-slim', 'node:22', 'alpine:3.20', 'scratch'];
  for (let i = 0; dirs.length < 50; i += 1) {
    const fresh = path.join(lab, `fresh-${i}`);
    fs.mkdirSync(fresh);
    spawnSync(
      process.execPath,
      [bin, '--yes', '--base-image', bases[i % bases.length], '--id-strategy', ['build-arg', 'fixed', 'devcontainer'][i % 3]],
      { cwd: fresh, stdio: 'ignore' },
    );
    dirs.push(fresh);
  }
  return { lab, dirs };
}

console.log(`check benchmark, ${runs} runs each on ${os.cpus().length} cores (${os.cpus()[0].model.trim()})`);
const { lab, dirs } = corpus();
try {
  for (const { version, node } of nodesToTime(majors)) {
    wall([node, bin, 'check', TYPICAL]); // warm-up: the file cache, not the measurement
    const pairs = Array.from({ length: runs }, () => [wall([node, '-e', '0']), wall([node, bin, 'check', TYPICAL])]);
    const base = median(pairs.map(([b]) => b));
    const check = median(pairs.map(([, c]) => c));
    const ratio = median(pairs.map(([b, c]) => c / b));
    console.log(
      `node ${version}: node -e 0 ${base.toFixed(0)} ms; check on ${path.basename(TYPICAL)} ${check.toFixed(0)} ms = ` +
        `${ratio.toFixed(1)}x node -e 0 (goal <= 5x: ${ratio <= 5 ? 'met' : 'NOT met'})`,
    );
    // In one process: load once, then every repo of the corpus; the first pass reads files cold.
    // One pass, as source: audit every repo once, giving [milliseconds, findings].
    const passSource =
      'const pass = () => { const t = process.hrtime.bigint(); let n = 0; ' +
      'for (const d of dirs) { try { n += audit(diskRepo(d)).findings.length; } catch {} } ' +
      'return [Number(process.hrtime.bigint() - t) / 1e6, n]; };';
    const script = `
      const { audit } = await import(${JSON.stringify(path.join(root, 'generators/check/audit.js'))});
      const { diskRepo } = await import(${JSON.stringify(path.join(root, 'generators/core/layout/index.js'))});
      const dirs = ${JSON.stringify(dirs)};
      ${passSource}
      const first = pass(); const passes = Array.from({ length: ${runs} }, pass).map(([ms]) => ms).sort((a, b) => a - b);
      console.log(JSON.stringify({ first: first[0], median: passes[Math.floor(passes.length / 2)], findings: first[1] }));`;
    const out = JSON.parse(spawnSync(node, ['--input-type=module', '-e', script], { encoding: 'utf8' }).stdout);
    console.log(
      `node ${version}: ${dirs.length} repos in one process: first pass ${out.first.toFixed(0)} ms, then ` +
        `median ${out.median.toFixed(0)} ms (${(out.median / dirs.length).toFixed(1)} ms a repo), ${out.findings} findings`,
    );
  }
} finally {
  fs.rmSync(lab, { recursive: true, force: true });
}
