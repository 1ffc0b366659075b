// Which of the users a Dockerfile names (dockerfile-refs.ts) the user block takes over.
//
// The block takes one user over: it re-IDs it to the host's IDs (keeping its name,
// home, shell, groups and sudoers entry, as the Dev Containers CLI's own remap does), or renames it
// when --username says so. Every reference must then resolve to the block's user, or the app's
// files end up owned by a UID nobody has (a `chown -R node:node` that ran before node was re-IDed).
// dockerfile-place.ts puts the block below the steps that make the account and above the first
// step that uses it; a rename rewrites the uses below the block.
import { knownIds } from '../known-ids.js';
import { workdirAfter } from './steps.js';
import { isSystemUser, stageChain, userRefs, type UserRef } from './refs.js';
import { View, type Stage } from './view.js';

/** The user a stage's block takes over, and why: what the run says on one line. */
export interface Takeover {
  /** Its name; undefined when the file names it only by a UID no account step or known image explains. */
  name?: string;
  /** Its UID before the block, when the file says (`useradd -u 1001`, `USER 1000`). */
  uid?: number;
  /** `Dockerfile:7 USER node`, or the devcontainer.json key. */
  why: string;
}

/** What create-user.sh's NONROOT_TAKEOVER says: the name, else the UID. */
export const takeoverId = (user: Takeover) => user.name ?? String(user.uid);

/**
 * The user the stage names: the one it switches to (`USER node`), else one the Dockerfile makes
 * (`useradd app`), else one it gives files to or runs as (`chown www-data`, `chown 1000 /app`). A
 * number is named by the account step that made it, or by the image's known users (node at 1000).
 * Undefined: the stage names no user of its own.
 */
export function takeover(view: View, stage: Stage, mine?: string): Takeover | undefined {
  // The block's own user is not one the file names: a rename rewrote the file to name it.
  const refs = stageChain(view, stage)
    .flatMap((s) => userRefs(view, s))
    .filter((r) => r.user !== mine);
  const at = (ref: UserRef) =>
    `${view.file}:${ref.instruction.getRange().start.line + 1} ${ref.instruction.getKeyword()} ${ref.words[0]?.word.text ?? ref.user}`;
  const isName = (user: string) => /^[a-z_][a-z0-9_-]*$/.test(user) && !isSystemUser(user);
  const isUid = (user: string) => /^\d+$/.test(user) && !isSystemUser(user);
  const made = refs.filter((r) => r.creates && isName(r.user));
  const known = knownIds(stage.image)?.users ?? {};
  const byUid = (uid: number, why: string): Takeover => {
    const owner = made.find((r) => r.uid === uid);
    return { name: owner?.user ?? known[uid], uid, why: owner ? `${at(owner)}, ${why}` : why };
  };
  const byName = (name: string, why: string): Takeover => ({ name, uid: uidOf(view, stage, name), why });
  const lastUser = refs.filter((r) => r.instruction.getKeyword() === 'USER' && (isName(r.user) || isUid(r.user))).at(-1);
  if (lastUser && isName(lastUser.user)) return byName(lastUser.user, at(lastUser));
  if (lastUser) return byUid(Number(lastUser.user), at(lastUser));
  const creation = made.at(-1);
  if (creation) return byName(creation.user, at(creation));
  const use = refs.find((r) => r.kind === 'use' && (isName(r.user) || isUid(r.user)));
  if (use && isName(use.user)) return byName(use.user, at(use));
  if (use) return byUid(Number(use.user), at(use));
  return undefined;
}

/** A user's UID before the block: from the account step that made it, else the image's known users (node at 1000). */
function uidOf(view: View, stage: Stage, name: string): number | undefined {
  const made = stageChain(view, stage)
    .flatMap((s) => userRefs(view, s))
    .find((r) => r.creates && r.user === name && r.uid !== undefined);
  const known = Object.entries(knownIds(stage.image)?.users ?? {}).find(([, user]) => user === name)?.[0];
  return made?.uid ?? (known === undefined ? undefined : Number(known));
}

/**
 * The user a stage's block takes over: the one the block of an earlier run took over (the run made
 * the file's USER numeric, and a rename rewrote the steps that named it: the file may not say any
 * more); else the one the stage names; else, before any run, the one a devcontainer.json names for
 * this image (`"remoteUser": "vscode"` on an image that ships vscode).
 */
export function takenOver(view: View, stage: Stage, named?: { name: string; why: string }): Takeover | undefined {
  const block = blockUser(view, stage);
  const earlier = block?.takeover;
  if (block && earlier) {
    const why = `${view.file}:${block.line}, the block of an earlier run`;
    return /^\d+$/.test(earlier) ? { uid: Number(earlier), why } : { name: earlier, uid: uidOf(view, stage, earlier), why };
  }
  // The block's own user is not one the file names: a rename rewrote the file to name it.
  const found = takeover(view, stage, block?.username);
  if (found || block) return found;
  return namedTakeover(named);
}

/** What a stage's user block (of an earlier run) says: its user, the one it took over, its line (1-based). */
export function blockUser(view: View, stage: Stage): { username?: string; takeover?: string; line: number } | undefined {
  const block = view.block(stage.index, 'user');
  if (!block) return undefined;
  const text = view.lines.slice(block.start, block.end + 1).join('\n');
  return {
    username: /^ARG USERNAME=(\S+)/m.exec(text)?.[1],
    takeover: /NONROOT_TAKEOVER=([a-z_][a-z0-9_-]*|\d+)\s/.exec(text)?.[1],
    line: block.start + 1,
  };
}

/** A user a devcontainer.json names, when it is one a block can take over (a plain name, not root). */
export const namedTakeover = (named?: { name: string; why: string }): Takeover | undefined =>
  named && /^[a-z_][a-z0-9_-]*$/.test(named.name) && !isSystemUser(named.name) ? { name: named.name, why: named.why } : undefined;

/** The users a Dockerfile's built stages name (undefined for the last stage), first found first. */
export function dockerfileUsers(
  text: string,
  file: string,
  targets: (string | undefined)[],
  named?: { name: string; why: string },
): Takeover[] {
  const view = new View(text, file);
  return targets.flatMap((target) => {
    const stage = view.stage(target);
    const found = stage && takenOver(view, stage, named);
    return found ? [found] : [];
  });
}

/** The refs to `user` (by name, or by its old UID when known) among a stage's own instructions. */
export function refsTo(view: View, stage: Stage, user: Takeover): UserRef[] {
  const chain = stageChain(view, stage);
  const parents = chain.slice(0, -1);
  const start = { workdir: parents.reduce((dir, s) => workdirAfter(view.instructions(s), dir), '/') };
  return userRefs(view, stage, start).filter(
    (r) =>
      (user.name !== undefined && (r.user === user.name || r.words.some((w) => w.group === user.name))) ||
      (user.uid !== undefined && r.user === String(user.uid)),
  );
}
