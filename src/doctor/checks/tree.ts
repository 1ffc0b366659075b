// Files in the working tree the host user does not own: what containers that ran as root (or as
// a rootless engine's subordinate UIDs) left behind. The first run as the host user then fails
// with EACCES on node_modules, caches, build output or .git/objects.
import { describeOwner } from '../../core/machine/subids.js';
import type { Check } from './types.js';

export const tree: Check = {
  id: 'tree',
  title: 'files and folders in the project folder that are not yours',
  run: ({ tree, host, subuid, names }) => {
    const unreadable = tree.unreadable.map((dir) => `${dir}: cannot be listed (not yours, mode without r/x): its contents are not counted`);
    // Root owns all it needs; Windows has no UIDs (Node reports 0 for every file).
    if (host.uid === 0 || process.platform === 'win32') return [];
    if (tree.foreign === 0 && unreadable.length === 0)
      return [{ status: 'ok', summary: `all ${tree.scanned} files and folders are yours` }];
    const details = tree.folders.map((f) => {
      const owners = Object.entries(f.owners)
        .sort(([, a], [, b]) => b - a)
        .map(([uid, n]) => `${describeOwner(Number(uid), subuid, names)}: ${n}`)
        .join(', ');
      return `${f.folder === '.' ? 'files at the top' : `${f.folder}/`}: ${f.count} (${owners}), e.g. ${f.examples.join(', ')}`;
    });
    return [
      {
        status: 'fail',
        summary:
          `${tree.foreign} of ${tree.scanned} files and folders here are not yours: ` +
          'a container run as you cannot change them (EACCES)',
        details: [...details, ...unreadable],
        fix: 'generator-nonroot reclaim says how it would give them back through your engine, without sudo; --yes does it',
      },
    ];
  },
};
