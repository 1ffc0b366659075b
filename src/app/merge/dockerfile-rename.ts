// What a rename (--username against the user a Dockerfile names) rewrites in the file: the owner
// specs of the steps that name the old user (`chown -R node:node` -> `chown -R dev:dev`), or its
// old UID, and in a stage built FROM an adopted one, its USER and --chown too. A rerun with yet
// another name follows the name the last run gave.
import type { UserRef } from '../../core/dockerfile/refs.js';
import { refsTo, type Takeover } from '../../core/dockerfile/users.js';
import type { Stage, View } from '../../core/dockerfile/view.js';
import type { DockerfileText } from '../../core/text/dockerfile.js';

/** The user a block takes over, the name it gets, and the name an earlier run gave it (when that differs). */
export interface Rename {
  takeover: Takeover;
  username: string;
  previous?: string;
}

/**
 * A stage built FROM an adopted one inherits its user: steps there that name the old user of a
 * rename (or its old UID) name the new one. The block's ID args are not in scope there: by name.
 */
export function followInStage(edits: DockerfileText, index: number, user: Rename) {
  renameRefs(edits, namingOld(edits.view, edits.view.stages[index], user), user, 'name');
}

/** The refs to the taken-over user, and to the name an earlier run gave it. */
export const namingOld = (view: View, stage: Stage, { takeover, previous }: Rename) => [
  ...new Set([...refsTo(view, stage, takeover), ...(previous ? refsTo(view, stage, { name: previous, why: '' }) : [])]),
];

/** Rewrites the owner specs of `refs` that name the old user; a word two refs share (`chown node:app`) once. */
export function renameRefs(edits: DockerfileText, refs: UserRef[], user: Rename, numbers: 'ids' | 'name') {
  const words = new Map(
    refs
      .filter((r) => r.kind === 'use')
      .flatMap((r) => r.words)
      .map((w) => [`${w.word.line}:${w.word.start}`, w]),
  );
  for (const { word, user: name, group } of words.values()) {
    const spec = followed(user, name, group, word.text, numbers);
    if (spec !== word.text) edits.replaceSpan(word.line, word.start, word.end, spec);
  }
}

/** An owner spec naming the old user, as it reads after a rename (`node:node` -> `dev:dev`); by UID, the block's IDs or name. */
function followed(user: Rename, name: string, group: string | undefined, text: string, numbers: 'ids' | 'name'): string {
  const { takeover, username, previous } = user;
  const olds = [takeover.name, previous].filter((n) => n !== undefined && n !== username);
  const byUid = takeover.uid !== undefined && name === String(takeover.uid);
  if (!olds.includes(name) && !olds.includes(group) && !byUid) return text;
  if (text.includes('$')) return text;
  const sep = text.includes(':') ? ':' : '.';
  const [u, g] = text.split(sep, 2);
  const newUser = olds.includes(u) ? username : byUid ? (numbers === 'ids' ? '${UID}' : username) : u;
  const newGroup =
    g === undefined ? undefined : olds.includes(g) ? username : byUid && /^\d+$/.test(g) ? (numbers === 'ids' ? '${GID}' : username) : g;
  return newGroup === undefined ? newUser : `${newUser}${sep}${newGroup}`;
}
