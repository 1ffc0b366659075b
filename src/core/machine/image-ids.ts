// The users and groups of an image that is already on this machine, read from its /etc/passwd and
// /etc/group without running it: `create` (no process starts), `cp` of each file as a tar stream,
// `rm`. Works on shell-less images too. The known IDs table (core/known-ids.ts) covers images that
// are not here yet; this covers the ones that are, whatever their name.
import { spawnSync } from 'node:child_process';

export interface ImageIds {
  users: Record<number, string>;
  groups: Record<number, string>;
}

/** undefined when the image is not on this machine, or the engine does not answer in `timeout` ms per call. */
export function readImageIds(client: 'docker' | 'podman', image: string, timeout = 3000): ImageIds | undefined {
  // env passed on purpose: under jest, process.env is the test's own copy.
  const call = (args: string[]) => spawnSync(client, args, { timeout, env: process.env, stdio: ['ignore', 'pipe', 'ignore'] });
  if (call(['image', 'inspect', '--format', '{{.Id}}', image]).status !== 0) return undefined;
  const created = call(['create', image, 'nonroot-doctor']);
  const id = created.stdout?.toString().trim();
  if (created.status !== 0 || !id) return undefined;
  try {
    const file = (name: string) => {
      const copied = call(['cp', `${id}:/etc/${name}`, '-']);
      return copied.status === 0 ? untarOne(copied.stdout) : '';
    };
    return { users: idNames(file('passwd')), groups: idNames(file('group')) };
  } finally {
    call(['rm', '-f', id]);
  }
}

/** The first file of a tar stream (`docker cp … -` sends one): its header holds the size in octal at 124. */
export function untarOne(tar: Buffer): string {
  if (tar.length < 512) return '';
  const size = parseInt(tar.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim() || '0', 8);
  return tar.subarray(512, 512 + size).toString('utf8');
}

/** name:x:ID:… lines (passwd, group) by ID; the first name wins, as lookups find it. */
export function idNames(text: string): Record<number, string> {
  const names: Record<number, string> = {};
  for (const [name, , id] of text.split('\n').map((line) => line.split(':'))) if (/^\d+$/.test(id ?? '')) names[Number(id)] ??= name;
  return names;
}
