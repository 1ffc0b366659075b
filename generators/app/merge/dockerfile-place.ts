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
import { ModifiableInstruction } from 'dockerfile-ast';
import type { RenderContext } from '../context.js';
import { destination, isSystemPath, isUnder, needsRoot, workdirAfter, workdirs } from './dockerfile-steps.js';
import type { Stage, View } from './dockerfile-view.js';

const OWNER = '${UID}:${GID}';
/** Steps that may stay above the user block: the slow, root-needing part of a build. */
const ABOVE_BLOCK = new Set(['RUN', 'ENV', 'ARG', 'SHELL', 'LABEL', 'ONBUILD', 'EXPOSE', 'STOPSIGNAL', 'MAINTAINER']);

export interface StageFacts {
  ctx: RenderContext;
  /** The stage is built by a service or devcontainer the run adopts. */
  adopted: boolean;
  shellLess: boolean;
  /** A `USER root` of the file's own follows the block: the stage needs a numeric USER at its end. */
  endsAsRoot: boolean;
  rootAgain: boolean;
  /** Folders the user must own in this stage. */
  ownedDirs: string[];
  /** What the block templates render with. */
  data: object;
}

/** The line (0-based) the user block is inserted before. */
export function userBlockLine(view: View, stage: Stage): number {
  const existing = view.region(stage.index, 'user');
  if (existing) return existing.start;
  const own = view.instructions(stage);
  const first = own.findIndex((i) => !ABOVE_BLOCK.has(i.getKeyword()));
  const lastRoot = own.findLastIndex((i) => i.getKeyword() === 'RUN' && needsRoot(i));
  const at = first === -1 ? own.length : Math.max(first, lastRoot + 1);
  if (at < own.length) return own[at].getRange().start.line;
  // Nothing after it: the block ends the stage, after its last instruction or block.
  const blocks = view.regionsOf(stage.index).filter((r) => !['builder', 'final-user', 'entrypoint'].includes(r.name));
  const last = Math.max(stage.start, ...own.map((i) => i.getRange().end.line), ...blocks.map((b) => b.end));
  return last + 1;
}

/** Below the user block: COPY/ADD into owned places get --chown=UID:GID, named USERs become numeric. */
export function ownBelowBlock(view: View, index: number, ownedDirs: string[]): View {
  const block = view.region(index, 'user');
  if (!block) return view;
  const stage = view.stages[index];
  const own = view.instructions(stage);
  const owned = [...ownedDirs, ...homes(view, block)];
  const at = workdirs(own, inheritedWorkdir(view, stage));
  const lines = [...view.lines];
  for (const instruction of own.filter((i) => i.getRange().start.line > block.end).reverse()) {
    const keyword = instruction.getKeyword();
    if ((keyword === 'COPY' || keyword === 'ADD') && instruction instanceof ModifiableInstruction) {
      const target = destination(instruction, at.get(instruction) ?? '/');
      const fromContext = !instruction.getFlags().some((f) => f.getName() === 'from');
      if (target !== undefined && (isUnder(target, owned) || (fromContext && !isSystemPath(target)))) chown(lines, instruction);
    } else if (keyword === 'USER') {
      const { line, character } = instruction.getRange().start;
      const user = instruction.getArgumentsContent()?.trim() ?? '';
      if (!/^(root|0)(:.*)?$/.test(user) && user !== OWNER) lines[line] = `${lines[line].slice(0, character)}USER ${OWNER}${lines[line].endsWith('\r') ? '\r' : ''}`;
    }
  }
  return view.withLines(0, view.lines.length, lines);
}

/**
 * Sets a COPY/ADD's --chown to the user's IDs, adding the flag when it has none. A --chown to root
 * is the file's own decision and stays; one naming another user (node, whose UID the block may
 * have taken) becomes ours.
 */
function chown(lines: string[], instruction: ModifiableInstruction) {
  const flag = instruction.getFlags().find((f) => f.getName() === 'chown');
  if (flag && /^(root|0)(:(root|0))?$/.test(flag.getValue() ?? '')) return;
  if (!flag) {
    const { line, character } = instruction.getInstructionRange().end;
    lines[line] = `${lines[line].slice(0, character)} --chown=${OWNER}${lines[line].slice(character)}`;
  } else if (flag.getValue() !== OWNER) {
    const { start, end } = flag.getRange();
    lines[start.line] = `${lines[start.line].slice(0, start.character)}--chown=${OWNER}${lines[start.line].slice(end.character)}`;
  }
}

/** The user's home, from the block's `ARG USERNAME=`. */
function homes(view: View, block: { start: number; end: number }): string[] {
  const name = view.lines.slice(block.start, block.end + 1).map((l) => /^ARG USERNAME=(\S+)/.exec(l)?.[1]).find(Boolean);
  return name ? [`/home/${name}`] : [];
}

/** The WORKDIR a stage starts in: its parent stage's last one (`FROM base AS dev`), else /. */
function inheritedWorkdir(view: View, stage: Stage): string {
  const parent = view.stages.find((s) => s.name !== undefined && s.name === (stage.from.getImage() ?? '').toLowerCase());
  if (!parent || parent.index >= stage.index) return '/';
  return workdirAfter(view.instructions(parent), inheritedWorkdir(view, parent));
}
