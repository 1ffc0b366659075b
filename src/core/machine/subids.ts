// /etc/subuid and /etc/subgid: the subordinate IDs a rootless engine maps container UIDs 1.. onto
// (subuid(5)). Lines are `name-or-uid:start:count`.
import fs from 'node:fs';

export interface SubIdRange {
  start: number;
  count: number;
}

/** The ranges a file gives the user, by login or by UID. */
export function subIdRanges(text: string, login: string | undefined, id: number): SubIdRange[] {
  return text
    .split('\n')
    .map((line) => line.trim().split(':'))
    .filter(([owner, start, count]) => (owner === login || owner === String(id)) && /^\d+$/.test(start ?? '') && /^\d+$/.test(count ?? ''))
    .map(([, start, count]) => ({ start: Number(start), count: Number(count) }));
}

/** The ranges `file` (/etc/subuid, /etc/subgid) gives the user; none when there is no such file. */
export function readSubIds(file: string, login: string | undefined, id: number): SubIdRange[] {
  try {
    return subIdRanges(fs.readFileSync(file, 'utf8'), login, id);
  } catch {
    return [];
  }
}

/** How a UID outside the user's own reads: root, a rootless container's UID (`100999` is container UID 1000), or itself. */
export function describeOwner(uid: number, ranges: SubIdRange[], names: Record<number, string> = {}): string {
  if (uid === 0) return 'root';
  const range = ranges.find((r) => uid >= r.start && uid < r.start + r.count);
  if (range) return `subordinate UID ${uid} (container UID ${uid - range.start + 1} of a rootless run)`;
  return names[uid] ? `${names[uid]} (${uid})` : `UID ${uid}`;
}
