// How the generator talks to the person running it: flags in, prompts when there is a terminal,
// and whether yeoman can ask before overwriting a changed file. Kept out of the generator class
// because yeoman runs every public method of a generator as a task.
import type Generator from 'yeoman-generator';
import type { Question } from './resolve.js';
import { settings } from './settings.js';

/** Flag values by flag name; yeoman's own CLI passes camelCase keys, yo passes them as typed. */
export function flagValues(options: object): Record<string, unknown> {
  const given = options as Record<string, unknown>;
  const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  return Object.fromEntries(settings.map((s) => [s.flag, given[s.flag] ?? given[camel(s.flag)]]));
}

/** Prompts need a terminal: with --yes, or stdin not a TTY, every answer comes from elsewhere. */
export function canPrompt(generator: Generator): boolean {
  return !(generator.options as { yes?: boolean }).yes && hasTerminal(generator);
}

/** A terminal adapter needs a TTY on stdin; yeoman-test's adapter answers by itself. */
function hasTerminal(generator: Generator): boolean {
  const adapter = generator.env.adapter as { actualAdapter?: { stdin?: NodeJS.ReadStream }; stdin?: NodeJS.ReadStream };
  const stdin = (adapter.actualAdapter ?? adapter).stdin;
  return stdin === undefined || stdin.isTTY === true;
}

/** Yeoman asks before overwriting a changed file: that needs a terminal, unless --force or --dry-run. */
export function canResolveConflicts(generator: Generator): boolean {
  const options = { ...(generator.env as { options?: object }).options, ...generator.options } as Record<string, unknown>;
  if (options.force || options.dryRun || options['dry-run']) return true;
  return hasTerminal(generator);
}

export async function ask(generator: Generator, question: Question): Promise<unknown> {
  // The Question shape is inquirer's; yeoman's types narrow it per prompt type.
  const answers = await generator.prompt([question] as never);
  return (answers as Record<string, unknown>)[question.name];
}
