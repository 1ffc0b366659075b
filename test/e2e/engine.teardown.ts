// After the e2e suite on CI: remove what the classic builder leaves behind (dangling stage
// images, containers of failed builds). Not on a laptop, where those could be the user's own.
import { spawnSync } from 'node:child_process';

export default async function teardown() {
  if (!process.env.CI || process.env.NONROOT_E2E !== 'engine') return;
  spawnSync('docker', ['container', 'prune', '-f'], { stdio: 'ignore' });
  spawnSync('docker', ['image', 'prune', '-f'], { stdio: 'ignore' });
}
