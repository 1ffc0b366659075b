// A stage's facts, read from a View: its instructions, who it ends as, its RUN commands as separate
// shell commands. The generator and the audit both ask them.
import type { Instruction } from 'dockerfile-ast';
import { IMAGE_ENTRYPOINT } from '../names.js';
import { shellCommands } from './shell-words.js';
import type { View } from './view.js';

export const instructionLine = (instruction: Instruction) => instruction.getRange().start.line + 1;

/** The stage's last USER, else its parent stage's (`FROM base`); undefined: the image's default. */
export function stageUser(view: View, index: number): { user: string; line: number } | undefined {
  const stage = view.stages[index];
  const user = view
    .instructions(stage, { blocks: true })
    .filter((i) => i.getKeyword() === 'USER')
    .at(-1);
  if (user) return { user: user.getArgumentsContent()?.trim() ?? '', line: instructionLine(user) };
  return stage.parent === undefined ? undefined : stageUser(view, stage.parent);
}

export const isRootUser = (user: string) => /^(root|0)(:.*)?$/.test(user);

/**
 * The stage starts as root on purpose: its ENTRYPOINT is the runtime strategy's script, which
 * re-IDs the user and drops to it before the command runs (templates/nonroot/runtime-entrypoint.sh).
 */
export function dropsToUserAtStart(view: View, index: number): boolean {
  const instructions = view.instructions(view.stages[index], { blocks: true });
  const entry =
    instructions
      .filter((i) => i.getKeyword() === 'ENTRYPOINT')
      .at(-1)
      ?.getArgumentsContent() ?? '';
  const remaps = instructions.some((i) => i.getKeyword() === 'ENV' && /\bNONROOT_WORKSPACE=/.test(i.getArgumentsContent() ?? ''));
  return remaps && entry.includes(IMAGE_ENTRYPOINT);
}
/** An ID: a number, or a variable that carries one (`${UID}`, `${HOST_UID:?…}`; not `$USERNAME`). */
const ID = String.raw`(\d+|\$(\{(?!USER(NAME|_NAME)?\b)\w+([:?+-][^}]*)?\}|(?!USER(NAME|_NAME)?\b)\w+))`;
/** Numeric, or variables that carry numbers (`${UID}:${GID}`): what runAsNonRoot can verify. */
export const isNumericUser = (user: string) => new RegExp(`^${ID}(:${ID})?$`).test(user);

/** The shell commands of a RUN as plain words (shell-words.ts splits them, positions aside). */
export const commands = (run: Instruction): string[][] => shellCommands(run).map((words) => words.map((w) => w.text));

/** The value of an option (`-u 1000`, `-u1000`, `--uid=1000`, `--uid 1000`) among a command's words. */
export function option(words: string[], short: string, long: string): string | undefined {
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i];
    if (word === short || word === long) return words[i + 1];
    if (word.startsWith(`${long}=`)) return word.slice(long.length + 1);
    if (short.length === 2 && word.startsWith(short) && word.length > 2 && !word.startsWith('--')) return word.slice(2);
  }
  return undefined;
}
