// The Node binaries a benchmark times: the machine's, then each asked major from the cache that
// scripts/ci/node-install.sh keeps (installed on first use), one per version.
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
