// Volumes the repo mounts inside a bind mount of the project folder (`.:/app` and `/app/node_modules`,
// a Dev Container's node_modules volume under its workspace): at the first run the engine makes the
// missing mount point in your checkout, as root under a rootful engine
// (https://github.com/microsoft/vscode-remote-release/issues/6669). Predicted from the model and
// this machine's folder: one that is missing now will be made.
import fs from 'node:fs';
import path from 'node:path';
import { nestedInBinds } from '../../core/layout/mounts.js';
import { HOST_IDS_SCRIPT } from '../../core/names.js';
import type { Check } from './types.js';

export const mountPoints: Check = {
  id: 'mount-points',
  title: 'volumes mounted inside the project folder: whether their mount points are there, yours',
  run: ({ model, folder, engine }) => {
    if (!model) return [];
    const points = new Map<string, string>();
    for (const container of model.containers)
      for (const { hostPath, volume } of nestedInBinds(container.mounts))
        if (!hostPath.startsWith('..') && !path.isAbsolute(hostPath)) points.set(hostPath, `${volume.file}:${volume.line}`);
    if (points.size === 0) return [];
    const missing = [...points].filter(([hostPath]) => !fs.existsSync(path.join(folder, hostPath)));
    if (missing.length === 0)
      return [{ status: 'ok', summary: `the mount points in the project folder are there: ${[...points.keys()].join(', ')}` }];
    // A rootless engine makes them as you; a rootful one (or none answering: the usual case) as root.
    if (engine?.rootless)
      return [{ status: 'info', summary: `${missing.map(([p]) => p).join(', ')} will be made by your rootless engine, as you` }];
    return [
      {
        status: 'fail',
        summary:
          `the first run makes ${missing.map(([p, why]) => `${p}/ (${why})`).join(', ')} in the project folder, ` +
          'as root: a volume is mounted there',
        fix: `run sh ${HOST_IDS_SCRIPT}, which makes them as you (yo nonroot writes it), or mkdir -p ${missing.map(([p]) => p).join(' ')}`,
      },
    ];
  },
};
