#!/usr/bin/env node
// verify benchmark: its time per service beside what a developer runs by hand, `docker compose
// build && docker compose run --rm -T app true`, on the same generated project (the lab's Debian
// base), in turn, both after a warm-up so that both build from the cache as a second run does.
// verify's extra is its probe, its own project (fresh volumes) and its cleanup. Without the Dev
// Container (--service app): `devcontainer up` is the CLI's time, printed apart.
// Usage: npm run bench:verify [-- runs]   (default 5 runs each; needs the lab: npm run lab)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, wall } from './nodes.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'generators/cli.js');
const runs = Number(process.argv[2] ?? 5);
const base = 'nonroot-lab/debian:trixie';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-bench-verify-'));
const inDir = (argv) => {
  const ran = spawnSync(argv[0], argv.slice(1), { cwd: dir, encoding: 'utf8' });
  if (ran.status !== 0 && !argv.includes('verify')) throw new Error(`${argv.join(' ')}: ${ran.stderr}`);
  return ran;
};
const timed = (argv) => {
  const began = performance.now();
  inDir(argv);
  return performance.now() - began;
};
try {
  inDir([process.execPath, bin, '--yes', '--base-image', base, '--volumes', '/home/dev/.cache']);
  const byHand = () => timed(['docker', 'compose', 'build', 'app']) + timed(['docker', 'compose', 'run', '--rm', '-T', 'app', 'true']);
  const verify = [process.execPath, bin, 'verify', '--service', 'app'];
  byHand();
  inDir(verify);
  const pairs = Array.from({ length: runs }, () => [byHand(), timed(verify)]);
  console.log(`verify benchmark, ${runs} runs each, one service (${base}) on ${os.cpus().length} cores`);
  console.log(`docker compose build && run: median ${median(pairs.map(([h]) => h)).toFixed(0)} ms`);
  console.log(
    `generator-nonroot verify --service app: median ${median(pairs.map(([, v]) => v)).toFixed(0)} ms ` +
      `= ${median(pairs.map(([h, v]) => v / h)).toFixed(1)}x (build, probe, cleanup)`,
  );
  if (fs.existsSync(path.join(root, 'node_modules/.bin/devcontainer'))) {
    const env = { ...process.env, PATH: `${path.join(root, 'node_modules/.bin')}:${process.env.PATH}` };
    const argv = [process.execPath, bin, 'verify', dir, '--service', 'devcontainer'];
    const dc = Array.from({ length: Math.max(2, Math.ceil(runs / 2)) }, () => wall(argv, env));
    console.log(`generator-nonroot verify --service devcontainer (the CLI's up, exec, cleanup): median ${median(dc).toFixed(0)} ms`);
  }
} finally {
  spawnSync('docker', ['compose', 'down', '--rmi', 'local', '--volumes'], { cwd: dir });
  fs.rmSync(dir, { recursive: true, force: true });
}
