// NR401 asks git whether .env is tracked: a real repository, a real git.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { audit } from '../../src/check/audit.js';
import { diskRepo } from '../../src/core/layout/index.js';

describe('NR401 (a .env with host IDs tracked by git)', () => {
  const git = (dir: string, ...args: string[]) => spawnSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: dir });
  it('is found only when git tracks the file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-check-git-'));
    fs.writeFileSync(path.join(dir, 'compose.yaml'), 'services:\n  app:\n    image: x\n');
    fs.writeFileSync(path.join(dir, '.env'), 'TZ=UTC\nHOST_UID=1000\n');
    git(dir, 'init', '-q');
    expect(audit(diskRepo(dir)).findings.filter((f) => f.rule === 'NR401')).toEqual([]);
    git(dir, 'add', '.env');
    expect(audit(diskRepo(dir)).findings.filter((f) => f.rule === 'NR401')).toEqual([expect.objectContaining({ file: '.env', line: 2 })]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
