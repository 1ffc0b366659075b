// Where the user block goes in a stage, and what the user owns below it.
//
// The block goes before the stage's first COPY/ADD/WORKDIR/USER/VOLUME/CMD/... (package installs
// above it stay cached when the UID changes) but never above a step that needs root: the block ends
// with `USER ${UID}:${GID}`, so the app's own steps below it (npm ci, builds) run as the user and
// leave files the user can change. Below the block, COPY/ADD into places the user owns (the
// workspace, home, the stage's WORKDIRs and volumes) get --chown, never copies into system paths,
// plus any other app folder the build context is copied into (`COPY . /srv`); copies from other
// stages or images (`COPY --from=tools / /`) get it only into those owned places, and copies into
// system paths (/, /usr, /etc, ...) never do. A USER naming a user (`USER node`, whose UID the
// block may have taken over) becomes numeric.
import { ModifiableInstruction, type Instruction } from 'dockerfile-ast';
import { destination, isSystemPath, isUnder, needsRoot, workdirAfter, workdirs } from '../../core/dockerfile/steps.js';
import type { UserRef } from '../../core/dockerfile/refs.js';
import { namingOld, renameRefs, type Rename } from './dockerfile-rename.js';
import { isRootUser } from '../../core/dockerfile/stage.js';
import { refsTo, type Takeover } from '../../core/dockerfile/users.js';
import type { Stage, View } from '../../core/dockerfile/view.js';
import type { DockerfileText } from '../../core/text/dockerfile.js';

const OWNER = '${UID}:${GID}';
/** Steps that may stay above the user block: the slow, root-needing part of a build. */
const ABOVE_BLOCK = new Set(['RUN', 'ENV', 'ARG', 'SHELL', 'LABEL', 'ONBUILD', 'EXPOSE', 'STOPSIGNAL', 'MAINTAINER']);

/**
 * Where a stage's blocks go, as indexes into its own instructions:
 *  - `create` (the user block: ARGs and the user) goes before the first COPY/ADD/WORKDIR/USER...,
 *    but below the steps that need root and, when the stage names a user the block takes over,
 *    below the steps that make that account and above the first step that uses it (a `chown -R
 *    node:node` then gives the files to node at its new IDs, with no second copy of them);
 *  - `switch` (`USER ${UID}:${GID}`) goes below the last step that needs root. When both are the
 *    same place, the user block ends with the USER itself.
 * `hoist: false` keeps the user block below the last root step, and the block re-owns what the
 * steps above it gave the old user instead (a second copy of those files): what
 * `npm run bench:image` compares.
 */
export function blockPlaces(view: View, stage: Stage, user?: Takeover, hoist = true): { create: number; switch: number } {
  const own = view.instructions(stage);
  const indexAt = (line: number) => own.filter((i) => i.getRange().start.line < line).length;
  const first = own.findIndex((i) => !ABOVE_BLOCK.has(i.getKeyword()));
  const lastRoot = own.findLastIndex((i) => i.getKeyword() === 'RUN' && needsRoot(i));
  const switchAt = first === -1 ? own.length : Math.max(first, lastRoot + 1);
  const existing = view.block(stage.index, 'user');
  if (existing) return { create: indexAt(existing.start), switch: Math.max(indexAt(existing.start), switchAt) };
  if (!user || !hoist) return { create: switchAt, switch: switchAt };
  const refs = refsTo(view, stage, user);
  const indexOf = (ref: UserRef) => own.indexOf(ref.instruction);
  const afterAccount = Math.max(0, ...refs.filter((r) => r.kind === 'account').map((r) => indexOf(r) + 1));
  const firstUse = refs
    .filter((r) => r.kind === 'use')
    .map(indexOf)
    .find((i) => i >= afterAccount);
  const create = Math.max(afterAccount, Math.min(switchAt, firstUse ?? switchAt));
  return { create, switch: Math.max(create, switchAt) };
}

/** The line (0-based) a block is inserted before, for an index into the stage's own instructions. */
export function stepLine(view: View, stage: Stage, index: number): number {
  const own = view.instructions(stage);
  if (index < own.length) return own[index].getRange().start.line;
  // Nothing after it: the block ends the stage, after its last instruction or block.
  const blocks = view.blocksOf(stage.index).filter((r) => !['builder', 'final-user', 'entrypoint'].includes(r.name));
  const last = Math.max(stage.start, ...own.map((i) => i.getRange().end.line), ...blocks.map((b) => b.end));
  return last + 1;
}

/**
 * The stage's own USER switches to a non-root user at `index`, or later with no RUN before it
 * (WORKDIR, COPY and ENV do not depend on the user): no block needs to write a USER there.
 */
export function ownUserAt(view: View, stage: Stage, index: number): boolean {
  const own = view.instructions(stage).slice(index);
  const next = own.findIndex((i) => ['USER', 'RUN', 'CMD', 'ENTRYPOINT', 'ONBUILD', 'HEALTHCHECK'].includes(i.getKeyword()));
  return next !== -1 && own[next].getKeyword() === 'USER' && !isRootUser(own[next].getArgumentsContent()?.trim() ?? '');
}

/**
 * Below the user block: COPY/ADD into owned places get --chown=UID:GID, USERs become numeric, and
 * on a rename every other reference to the old user (chown, su, gosu, --chown...) names the new one.
 * The edits go into `edits`, against the file with its blocks.
 */
export function ownBelowBlock(edits: DockerfileText, index: number, ownedDirs: string[], user?: Rename) {
  const { view } = edits;
  const block = view.block(index, 'user');
  if (!block) return;
  const stage = view.stages[index];
  const own = view.instructions(stage);
  const owned = [...ownedDirs, ...homes(view, block)];
  const at = workdirs(own, inheritedWorkdir(view, stage));
  const below = (i: Instruction) => i.getRange().start.line > block.end;
  // RUN steps naming the old user's name or UID (USER and --chown are rewritten below).
  if (user)
    renameRefs(
      edits,
      namingOld(view, stage, user).filter((r) => below(r.instruction) && r.instruction.getKeyword() === 'RUN'),
      user,
      'ids',
    );
  for (const instruction of own.filter(below)) {
    const keyword = instruction.getKeyword();
    if ((keyword === 'COPY' || keyword === 'ADD') && instruction instanceof ModifiableInstruction) {
      const target = destination(instruction, at.get(instruction) ?? '/');
      const fromContext = !instruction.getFlags().some((f) => f.getName() === 'from');
      const ownedPlace = target !== undefined && (isUnder(target, owned) || (fromContext && !isSystemPath(target)));
      chown(edits, instruction, ownedPlace, user);
    } else if (keyword === 'USER') {
      const { line, character } = instruction.getRange().start;
      const name = instruction.getArgumentsContent()?.trim() ?? '';
      if (!isRootUser(name) && name !== OWNER) edits.replaceSpan(line, character, edits.lineEnd(line), `USER ${OWNER}`);
    }
  }
}

/**
 * Sets a COPY/ADD's --chown to the user's IDs, adding the flag when it has none, for copies into
 * places the user owns. A --chown to root is the file's own decision and stays; one naming another
 * user (node, whose UID the block may have taken; the old user of a rename) becomes ours, wherever
 * it copies to.
 */
function chown(edits: DockerfileText, instruction: ModifiableInstruction, ownedPlace: boolean, user?: Rename) {
  const flag = instruction.getFlags().find((f) => f.getName() === 'chown');
  const value = flag?.getValue() ?? '';
  // Root as owner and group (`root:root`, `0:0`): a copy given to root and another group is rewritten.
  if (flag && /^(root|0)(:(root|0))?$/.test(value)) return;
  const [name] = value.split(/[:.]/);
  const old = user?.takeover.name;
  // The block's own user, still under its name (it was re-IDed in place): the file's words stay.
  if (flag && old !== undefined && name === old && old === user!.username) return;
  // Copies elsewhere keep no owner but root and the block's own: a file given to another user
  // below the block (the old user of a rename, `node` beside `app`) is one the user cannot change.
  const other = flag !== undefined && !/^\$/.test(name) && name !== user?.username;
  if (!ownedPlace && !other) return;
  if (!flag) {
    const { line, character } = instruction.getInstructionRange().end;
    edits.replaceSpan(line, character, character, ` --chown=${OWNER}`);
  } else if (flag.getValue() !== OWNER) {
    const { start, end } = flag.getRange();
    edits.replaceSpan(start.line, start.character, end.character, `--chown=${OWNER}`);
  }
}

/** The user's home, from the block's `ARG USERNAME=` (and a taken-over user's, which it keeps). */
function homes(view: View, block: { start: number; end: number }): string[] {
  const text = view.lines.slice(block.start, block.end + 1).join('\n');
  const names = [/^ARG USERNAME=(\S+)/m.exec(text)?.[1], /NONROOT_TAKEOVER=([a-z_][a-z0-9_-]*)/.exec(text)?.[1]];
  return names.filter((n): n is string => n !== undefined).map((n) => `/home/${n}`);
}

/** The WORKDIR a stage starts in: its parent stage's last one (`FROM base AS dev`), else /. */
function inheritedWorkdir(view: View, stage: Stage): string {
  if (stage.parent === undefined) return '/';
  const parent = view.stages[stage.parent];
  return workdirAfter(view.instructions(parent), inheritedWorkdir(view, parent));
}
