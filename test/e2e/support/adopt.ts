// A corpus repo (test/fixtures/repos/) as a host user's checkout: copied, made buildable offline,
// owned by that user, and adopted through the bin as that user (the lab's BusyBox as builder image).
import path from 'node:path';
import { copyFixture } from '../../support/corpus.js';
import { BIN, run, type HostUser } from './lab.js';
import { makeOffline } from './offline.js';

export function adoptFixture(name: string, host: HostUser, flags: string[] = []): string {
  const dir = copyFixture(name);
  makeOffline(dir);
  run('chown', ['-R', `${host.uid}:${host.gid}`, path.dirname(dir)]);
  run(process.execPath, [BIN, '--yes', '--force', '--builder-image', 'nonroot-lab/busybox:1.35', ...flags], {
    cwd: dir,
    user: host,
    env: { ...process.env, HOME: path.dirname(dir) },
  });
  return dir;
}
