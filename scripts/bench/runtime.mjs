#!/usr/bin/env node
// The runtime strategy's price at container start, on a real engine (scripts/lab/*.sh set one up):
// `docker run --rm IMAGE sh -c 'echo ready'`, whole, with 100 000 files in the user's $HOME, for
//  A. the runtime image (starts as root, re-IDs the user, drops to it), against
//  B. the same Dockerfile built with --id-strategy fixed (no remapping at all),
// when the IDs already match (goal: median A/B <= 1.2) and when they differ (HOST_UID=1500: the
// user is re-IDed and $HOME re-owned: that figure is the cost of a changed UID).
// Timed by farm-bench (../.library: paired A B A B, ratio pair by pair) when it is on PATH, else by
// the same pairing here. Usage: npm run bench:runtime [-- runs]   (default 9)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const runs = Number(process.argv[2] ?? 9);
const BASE = process.env.NONROOT_BENCH_BASE ?? 'nonroot-lab/debian:trixie';
const FILES = 100_000;

function sh(argv, options = {}) {
  const result = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  if (result.status !== 0) throw new Error(`${argv.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

if (spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 5000 }).status !== 0) {
  console.log('runtime benchmark: no Docker engine answers; start one (npm run lab) and run npm run bench:runtime');
  process.exit(0);
}

/** A project of `strategy` whose image has FILES files in $HOME, built as `tag`. */
function image(strategy, tag) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-bench-runtime-'));
  try {
    sh(
      [
        process.execPath,
        path.join(root, 'generators/cli.js'),
        '--yes',
        '--base-image',
        BASE,
        '--id-strategy',
        strategy,
        '--username',
        'dev',
      ],
      { cwd: dir },
    );
    // Below the user block, as the user: a home as big as a conda or node toolchain's.
    fs.appendFileSync(path.join(dir, 'Dockerfile'), `RUN mkdir -p /home/dev/many && cd /home/dev/many && seq 1 ${FILES} | xargs touch\n`);
    sh(['docker', 'build', '-q', '-t', tag, dir], { env: { ...process.env, DOCKER_BUILDKIT: '0' } });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const run = (tag, env = []) => ['docker', 'run', '--rm', ...env.flatMap((e) => ['-e', e]), tag, 'sh', '-c', 'echo ready'];
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const hasFarmBench = spawnSync('farm-bench', ['--help'], { stdio: 'ignore' }).status === 0;

/** Median wall seconds of A and B and of A/B, pair by pair. */
function paired(a, b) {
  if (hasFarmBench) {
    const out = sh(['farm-bench', '-n', String(runs), '--timeout', '900', '--vs', b.join(' '), '--', ...a]);
    const row = (name) =>
      out
        .split('\n')
        .find((l) => l.startsWith(name))
        ?.trim()
        .split(/\s+/)
        .slice(-3)
        .map(Number);
    return { a: row('A wall s')[1], b: row('B wall s')[1], ratio: row('A/B wall')[1], by: 'farm-bench' };
  }
  const wall = (argv) => {
    const start = process.hrtime.bigint();
    sh(argv);
    return Number(process.hrtime.bigint() - start) / 1e9;
  };
  wall(a);
  wall(b);
  const pairs = Array.from({ length: runs }, () => [wall(a), wall(b)]);
  return {
    a: median(pairs.map(([x]) => x)),
    b: median(pairs.map(([, y]) => y)),
    ratio: median(pairs.map(([x, y]) => x / y)),
    by: 'this script',
  };
}

const A = 'nonroot-bench/runtime:latest';
const B = 'nonroot-bench/fixed:latest';
console.log(
  `runtime benchmark: docker run --rm … sh -c 'echo ready', ${FILES} files in $HOME, ` +
    `${runs} runs each, base ${BASE}, ${os.cpus().length} cores`,
);
try {
  image('runtime', A);
  image('fixed', B);
  const same = paired(run(A, ['HOST_UID=1000', 'HOST_GID=1000']), run(B));
  console.log(
    `IDs match (1000:1000):   runtime ${(same.a * 1000).toFixed(0)} ms, fixed ${(same.b * 1000).toFixed(0)} ms, ` +
      `ratio ${same.ratio.toFixed(2)}x (goal <= 1.2x: ${same.ratio <= 1.2 ? 'met' : 'NOT met'}) [${same.by}]`,
  );
  const changed = paired(run(A, ['HOST_UID=1500', 'HOST_GID=1500']), run(B));
  console.log(
    `IDs differ (1500:1500): runtime ${(changed.a * 1000).toFixed(0)} ms, fixed ${(changed.b * 1000).toFixed(0)} ms, ` +
      `ratio ${changed.ratio.toFixed(2)}x: re-IDing the user and re-owning ${FILES} files in $HOME at every start [${changed.by}]`,
  );
} finally {
  spawnSync('docker', ['rmi', '-f', A, B], { stdio: 'ignore' });
}
