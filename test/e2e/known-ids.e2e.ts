// The audit's table of IDs base images are known to ship (src/core/known-ids.ts), kept
// honest against images: each lab stand-in is checked against the row of the real image it stands
// for, and with NONROOT_E2E_REAL_IMAGES=1 (a registry in reach) the real images themselves.
import { knownIds } from '../../src/core/known-ids.js';
import { describeEngine, run } from './support/lab.js';

/** [the real image, the image to look into]. */
const IMAGES: [string, string][] = process.env.NONROOT_E2E_REAL_IMAGES
  ? ['ubuntu:24.04', 'node:22', 'debian:trixie-slim', 'alpine:3.20', 'mcr.microsoft.com/devcontainers/base:bookworm'].map((image) => [
      image,
      image,
    ])
  : [
      ['ubuntu:24.04', 'nonroot-lab/debian-uid1000:trixie'],
      ['node:22', 'nonroot-lab/node:trixie'],
      ['debian:trixie-slim', 'nonroot-lab/debian:trixie'],
      ['alpine:3.20', 'nonroot-lab/busybox:1.35'],
    ];

const entries = (image: string, file: string) =>
  new Map(
    run('docker', ['run', '--rm', '--entrypoint', 'cat', image, file])
      .stdout.split('\n')
      .filter(Boolean)
      .map((line) => {
        const [name, , id] = line.split(':');
        return [Number(id), name] as const;
      }),
  );

describeEngine.each(IMAGES)('the known IDs of %s (looked up in %s)', (real, image) => {
  const row = knownIds(real)!;

  it('has a row in the table', () => {
    expect(row).toBeDefined();
  });

  it('names the users and groups the image has at those IDs', () => {
    const users = entries(image, '/etc/passwd');
    const groups = entries(image, '/etc/group');
    for (const [id, name] of Object.entries(row.users)) expect([id, users.get(Number(id))]).toEqual([id, name]);
    for (const [id, name] of Object.entries(row.groups)) expect([id, groups.get(Number(id))]).toEqual([id, name]);
  });

  if (row?.maxUid !== undefined) {
    it(`refuses adduser -u above ${row.maxUid}, and not at it`, () => {
      const adduser = (uid: number) => run('docker', ['run', '--rm', image, 'adduser', '-D', '-u', String(uid), 'probe'], { check: false });
      expect(adduser(row.maxUid! + 1).status).not.toBe(0);
      expect(adduser(row.maxUid!).status).toBe(0);
    });
  }
});
