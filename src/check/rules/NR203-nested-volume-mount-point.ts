// NR203: a volume mounted inside a bind mount of the project: the engine makes its mount point in
// the project folder on the host, as root, unless something made it first as the user.
// Its public source is cited in `why` below.
import { nestedInBinds } from '../../core/layout/mounts.js';
import { HOST_IDS_SCRIPT } from '../../core/names.js';
import type { Rule } from '../rule.js';

export const nestedVolumeMountPoint: Rule = {
  id: 'NR203',
  name: 'nested-volume-mount-point',
  severity: 'warning',
  title: 'A volume mounted inside the project mount: its mount point is made on the host, as root',
  why:
    'A volume whose mount point lies inside a bind mount of the project folder (`.:/app` and ' +
    '`/app/node_modules`) makes the engine create that folder on the host before it mounts the ' +
    'volume, as root under a rootful engine: an empty root-owned node_modules/ in your checkout ' +
    '(microsoft/vscode-remote-release#6669).',
  fix:
    '`yo nonroot` creates the folder as you, now and in every clone (`.nonroot/host-ids.sh`, which ' +
    "the Dev Container runs as initializeCommand), and the image makes the volume itself the user's.",
  peers: [],
  check: ({ containers, repo }) => {
    const script = repo.read(HOST_IDS_SCRIPT) ?? '';
    const seen = new Set<string>();
    return containers.flatMap((container) =>
      nestedInBinds(container.mounts)
        // Only folders of the checkout, and each declaration once (a service and the config that opens it).
        .filter(
          ({ hostPath, volume }) => !hostPath.startsWith('..') && !hostPath.startsWith('/') && !seen.has(`${volume.file}:${volume.line}`),
        )
        .filter(({ hostPath }) => !script.includes(`'${hostPath}'`))
        .map(({ volume, bind, hostPath }) => {
          seen.add(`${volume.file}:${volume.line}`);
          return {
            file: volume.file,
            line: volume.line,
            message:
              `${container.name}: ${volume.source ? `the volume ${volume.source}` : 'an anonymous volume'} at ${volume.target} ` +
              `lies inside the project mount at ${bind.target}: the engine makes ${hostPath}/ in the project folder, as root`,
          };
        }),
    );
  },
};
