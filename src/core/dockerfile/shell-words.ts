// The shell commands of a RUN instruction as words that know where they stand in the file, so a
// reference found in one (`chown -R node:node /app`) can be rewritten in place. Good enough for
// what Dockerfiles write: words split on blanks (dockerfile-ast's arguments, continuations
// included), commands split on `&&`, `||`, `;` and `|`, quotes around a word dropped. The exec
// form (`RUN ["chown", "-R", "node", "/app"]`) is one command. Not a shell: no expansion, no
// subshells; a word inside `$(...)` or `sh -c '...'` is seen as a word of the outer command.
import type { Instruction } from 'dockerfile-ast';

export interface Word {
  text: string;
  /** 0-based line, and the character range of `text` on it. */
  line: number;
  start: number;
  end: number;
}

const OPERATORS = /(&&|\|\||;|\|)/;

/** The commands of a RUN, each a list of words (leading `VAR=value` assignments dropped). */
export function shellCommands(run: Instruction): Word[][] {
  const exec = (run.getArgumentsContent() ?? '').trim().startsWith('[');
  const commands: Word[][] = [[]];
  for (const argument of run.getArguments()) {
    const { line, character } = argument.getRange().start;
    const raw = argument.getValue();
    // A word may hold operators with no blanks around them (`/a;echo`): split it there.
    const parts = exec ? [raw] : raw.split(OPERATORS);
    let offset = 0;
    for (const part of parts) {
      const at = character + offset;
      offset += part.length;
      if (!exec && OPERATORS.test(part) && part.replace(OPERATORS, '') === '') {
        commands.push([]);
        continue;
      }
      const word = unquote(part, exec);
      if (part !== '') commands.at(-1)!.push({ text: word.text, line, start: at + word.skip, end: at + word.skip + word.text.length });
    }
  }
  return commands.map((words) => dropAssignments(words)).filter((words) => words.length > 0);
}

/** `"node:node",` → node:node, and how many characters were dropped in front. */
function unquote(part: string, exec: boolean): { text: string; skip: number } {
  const strip = exec ? /^[[\s]*"|",?\s*\]?\s*$|"?\]\s*$/g : /^["']|["']$/g;
  let skip = 0;
  const leading = (exec ? /^[[\s]*"?/ : /^["']/).exec(part);
  if (leading) skip = leading[0].length;
  return { text: part.replace(strip, '').replace(/^\[/, ''), skip };
}

const dropAssignments = (words: Word[]) => {
  const first = words.findIndex((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w.text));
  return first === -1 ? [] : words.slice(first);
};

/**
 * The value of an option among a command's words (`-u 1000`, `-u1000`, `--uid=1000`, `--uid 1000`),
 * with the word that holds it.
 */
export function optionWord(words: Word[], short: string | undefined, long: string | undefined): Word | undefined {
  for (let i = 0; i < words.length; i += 1) {
    const { text } = words[i];
    if (text === short || text === long) return words[i + 1];
    if (long && text.startsWith(`${long}=`))
      return { ...words[i], text: text.slice(long.length + 1), start: words[i].start + long.length + 1 };
    if (short && short.length === 2 && text.startsWith(short) && text.length > 2 && !text.startsWith('--')) {
      return { ...words[i], text: text.slice(2), start: words[i].start + 2 };
    }
  }
  return undefined;
}

/**
 * The positional words of a command (after its name), given the options that take a value.
 * `--opt=value` and `-xVALUE` forms are single words; `--` ends the options.
 */
export function positionals(words: Word[], withValue: ReadonlySet<string>): Word[] {
  const found: Word[] = [];
  let options = true;
  for (let i = 1; i < words.length; i += 1) {
    const { text } = words[i];
    if (options && text === '--') options = false;
    else if (options && text.startsWith('-') && text !== '-') {
      if (withValue.has(text)) i += 1;
    } else found.push(words[i]);
  }
  return found;
}
