// What the benchmarks share: the Node binaries they time (the machine's, then each asked major from
// the cache that scripts/ci/node-install.sh keeps, installed on first use, one per version), one
// command's wall time, and the median.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export const versionOf = (node) => spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();

export function nodesToTime(majors) {
  const nodes = new Map([[versionOf(process.execPath), process.execPath]]);
  for (const major of majors) {
    const found = spawnSync('bash', [path.join(root, 'scripts/ci/node-install.sh'), '--cached', major], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (found.status !== 0) {
      console.log(`node ${major}: not available (scripts/ci/node-install.sh ${major} failed), skipped`);
      continue;
    }
    const node = path.join(found.stdout.trim(), 'node');
    if (!nodes.has(versionOf(node))) nodes.set(versionOf(node), node);
  }
  return [...nodes].map(([version, node]) => ({ version, node }));
}

/** Milliseconds one run of `argv` takes, output discarded; exit 0 and 1 (findings) are runs, others throw. */
export function wall(argv, env = process.env) {
  const start = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], env });
  if (result.status !== 0 && result.status !== 1) throw new Error(`${argv.join(' ')} exited ${result.status}:\n${result.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
