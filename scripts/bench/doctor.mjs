#!/usr/bin/env node
// doctor benchmark: its start-up on a typical repo beside `node -e 0` (run in turn, the ratio taken
// pair by pair; goal: median <= 5x, as check's), and on a working tree of 100 000 files (100
// folders of 1000), where the tree scan dominates. The engine probe (2 s at most) is left out
// (NONROOT_ENGINE_INFO=none): it is the engine's time, not doctor's. Once per Node version: the
// machine's, then 22 and 24 (scripts/bench/nodes.mjs).
// Usage: npm run bench:doctor [-- runs [majors]]   (default 9 runs each, majors 22,24)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, nodesToTime, wall as time } from './nodes.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'generators/cli.js');
const runs = Number(process.argv[2] ?? 9);
const majors = (process.argv[3] ?? '22,24').split(',').filter(Boolean);
const TYPICAL = path.join(root, 'test/fixtures/repos/compose-react-express-mysql-targets');
const env = { ...process.env, NONROOT_ENGINE_INFO: 'none' };
const wall = (argv) => time(argv, env);

function bigTree() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-bench-doctor-'));
  for (let d = 0; d < 100; d += 1) {
    const sub = path.join(dir, 'node_modules', `pkg-${d}`);
    fs.mkdirSync(sub, { recursive: true });
    for (let f = 0; f < 1000; f += 1) fs.writeFileSync(path.join(sub, `f${f}.js`), '');
  }
  return dir;
}

console.log(`doctor benchmark, ${runs} runs each on ${os.cpus().length} cores (${os.cpus()[0].model.trim()})`);
const big = bigTree();
try {
  for (const { version, node } of nodesToTime(majors)) {
    wall([node, bin, 'doctor', TYPICAL]); // warm-up: the file cache, not the measurement
    const pairs = Array.from({ length: runs }, () => [wall([node, '-e', '0']), wall([node, bin, 'doctor', TYPICAL])]);
    const ratio = median(pairs.map(([b, d]) => d / b));
    console.log(
      `node ${version}: node -e 0 ${median(pairs.map(([b]) => b)).toFixed(0)} ms; doctor on ${path.basename(TYPICAL)} ` +
        `${median(pairs.map(([, d]) => d)).toFixed(0)} ms = ${ratio.toFixed(1)}x node -e 0 (goal <= 5x: ${ratio <= 5 ? 'met' : 'NOT met'})`,
    );
    wall([node, bin, 'doctor', big]);
    const times = Array.from({ length: Math.max(3, Math.ceil(runs / 3)) }, () => wall([node, bin, 'doctor', big]));
    console.log(`node ${version}: doctor on 100 000 files (100 folders of 1000): median ${median(times).toFixed(0)} ms`);
  }
} finally {
  fs.rmSync(big, { recursive: true, force: true });
}
