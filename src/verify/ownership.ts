// The checks about who owns what a run writes (pure): the file written into the project mount, the
// folders the user must own in the container (each volume, each folder the image gives its user),
// and what appeared in the project folder on this machine. judge.ts runs them with the others.
import { ids, ownershipFix } from './fixes.js';
import type { Context, Row, Seen } from './judge.js';
import type { Target } from './plan.js';
import type { Answer } from './probe.js';

export function projectRow(seen: Seen, ctx: Context, uid: number): Row {
  const { target, written, run } = seen;
  if (target.projectPath === undefined) return { check: 'project', status: 'skip', detail: 'the project folder is not mounted' };
  const where = `${target.projectPath}`;
  if (!run?.answer.wrote || !written)
    return { check: 'project', status: 'fail', detail: `UID ${uid} cannot write ${where}`, fix: ownershipFix(seen, ctx, uid) };
  if (written.uid === ctx.host.uid)
    return { check: 'project', status: 'ok', detail: `a file written in ${where} is yours (${ids(written)})` };
  return {
    check: 'project',
    status: 'fail',
    detail: `a file written in ${where} belongs to ${ids(written)} here, not to you (${ctx.host.uid})`,
    fix: ownershipFix(seen, ctx, uid),
  };
}

export function foldersRow(answer: Answer, target: Target, uid: number, group?: number): Row {
  const whose = `UID ${uid}'s${group === undefined ? '' : ` or group ${group}'s`}`;
  const declared = (path: string) => target.folders.find((f) => f.path === path);
  // A folder of the image's a later step removed is nothing to write; a volume's mount point always exists.
  const folders = answer.folders.filter((f) => f.exists || declared(f.path)?.kind !== 'image');
  if (folders.length === 0) return { check: 'folders', status: 'skip', detail: 'no volume, and the working folder is the project' };
  const bad = folders.filter((f) => !f.exists || !f.writable || (uid !== 0 && f.foreign > 0));
  if (bad.length === 0)
    return { check: 'folders', status: 'ok', detail: `${folders.map((f) => f.path).join(', ')}: writable, all ${whose}` };
  const say = (f: (typeof bad)[number]) => {
    const why = declared(f.path) ? ` (${declared(f.path)!.why})` : '';
    return !f.exists
      ? `${f.path}${why} does not exist`
      : !f.writable
        ? `${f.path}${why} is not writable`
        : `${f.path}${why}: ${f.foreign} not ${whose} (e.g. ${f.examples.map((e) => `${e.path} ${e.owner}`).join(', ')})`;
  };
  // A fresh volume over no folder of the image's is root's; over one a chown gave another user, that user's.
  const volume = bad.find(
    (f) => declared(f.path)?.kind === 'volume' && (!f.writable || f.foreign > 0) && f.examples.every((e) => e.owner.startsWith('0:')),
  );
  return {
    check: 'folders',
    status: 'fail',
    detail: bad.map(say).join('; '),
    fix: volume
      ? `${declared(volume.path)!.why} mounts a volume at ${volume.path}: a fresh volume takes the owner of the image's folder there, ` +
        "so the image must make it the user's (yo nonroot does, from the repo's own mounts); a volume made by an earlier run keeps " +
        'its owner: generator-nonroot doctor names it, docker volume rm it'
      : bad.some((f) => f.foreign > 0)
        ? `a chown or COPY --chown there names another user than UID ${uid}: generator-nonroot check names the line`
        : 'the image makes this folder for another user than the one it runs as: yo nonroot gives it to the user',
  };
}

/** The host's side: what the run made in the project folder (a volume's mount point inside it) is yours. */
export function treeRow({ appeared, target }: Seen): Row {
  if (appeared === undefined) return { check: 'tree', status: 'skip', detail: 'the project folder is not mounted' };
  if (appeared.length === 0) return { check: 'tree', status: 'ok', detail: 'nothing of another owner appeared in the project folder' };
  const cause = target.mountPoints.find((m) => appeared.some((a) => a.path === m.hostPath || a.path.startsWith(`${m.hostPath}/`)));
  return {
    check: 'tree',
    status: 'fail',
    detail:
      `the run left ${appeared
        .slice(0, 3)
        .map((a) => `${a.path} (${a.owner})`)
        .join(', ')}${appeared.length > 3 ? ` and ${appeared.length - 3} more` : ''} in the project folder` +
      (cause ? `: ${cause.why} mounts a volume there, inside the project mount, and the engine made its mount point` : ''),
    fix: cause
      ? `create ${cause.hostPath} as you before the first run: sh .nonroot/host-ids.sh does in every clone (yo nonroot writes it); ` +
        'generator-nonroot reclaim gives back the one made now'
      : 'generator-nonroot reclaim gives it back; generator-nonroot check names what writes there as another user',
  };
}
