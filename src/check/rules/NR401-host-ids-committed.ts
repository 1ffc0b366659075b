// NR401: a .env holding host IDs is tracked by git.
// Sources: https://github.com/actions/runner/issues/2411, https://github.com/docker/compose/issues/2380.
import { spawnSync } from 'node:child_process';
import type { Rule } from '../rule.js';

const HOST_ID_LINE = /^\s*(export\s+)?(HOST_UID|HOST_GID|UID|GID|USER_UID|USER_GID)\s*=/m;

export const hostIdsCommitted: Rule = {
  id: 'NR401',
  name: 'host-ids-committed',
  severity: 'error',
  title: 'A `.env` with host IDs is tracked by git',
  why:
    'Host IDs differ per developer (1000 on one laptop, 1001 on CI runners, ' +
    '501:20 on a Mac): a committed .env gives every clone the IDs of ' +
    'whoever committed it (actions/runner#2411).',
  fix:
    '`yo nonroot` writes host IDs into a git-ignored .env, refreshed by `sh ' +
    '.nonroot/host-ids.sh` in every clone; run `git rm --cached <file>`.',
  peers: [],
  check: ({ repo, composeProjects }) => {
    const files = [...new Set(['.env', ...composeProjects.map((p) => p.envFile)])].filter((f) => HOST_ID_LINE.test(repo.read(f) ?? ''));
    if (files.length === 0 || !repo.root) return [];
    const tracked = spawnSync('git', ['ls-files', '--', ...files], { cwd: repo.root, encoding: 'utf8' });
    if (tracked.status !== 0) return []; // not a git repo, or no git
    return tracked.stdout
      .split('\n')
      .filter(Boolean)
      .map((file) => ({
        file,
        line: (repo.read(file) ?? '').split('\n').findIndex((l) => HOST_ID_LINE.test(l)) + 1,
        message: `${file} holds host IDs and is committed`,
      }));
  },
};
