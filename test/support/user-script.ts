// Runs templates/nonroot/create-user.sh against a fake root (NONROOT_ROOT) with given account
// files, the way the Dockerfile runs it in an image: the same script, no engine needed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const USER_SCRIPT = fileURLToPath(new URL('../../templates/nonroot/create-user.sh', import.meta.url));

export interface FakeRoot {
  dir: string;
  read(file: string): string;
  run(env: Record<string, string>): { status: number | null; stdout: string; stderr: string };
  cleanup(): void;
}

export function fakeRoot(files: Record<string, string>): FakeRoot {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-root-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return {
    dir,
    read: (file) => fs.readFileSync(path.join(dir, file), 'utf8'),
    run(env) {
      const result = spawnSync('sh', [USER_SCRIPT], {
        env: { PATH: process.env.PATH, NONROOT_ROOT: dir, ...env },
        encoding: 'utf8',
      });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Debian's account files, trimmed, with what ubuntu:24.04 and node:* add at 1000. */
export const debianFiles = (extra: { passwd?: string; group?: string } = {}) => ({
  'etc/passwd': `root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n${extra.passwd ?? ''}`,
  'etc/group': `root:x:0:\ndialout:x:20:\nsudo:x:27:\nusers:x:100:\nnogroup:x:65534:\n${extra.group ?? ''}`,
  'etc/shadow': 'root:*:19000:0:99999:7:::\n',
  'etc/gshadow': 'root:*::\n',
  'etc/skel/.bashrc': '# skel\n',
});
