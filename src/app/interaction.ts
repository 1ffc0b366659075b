// How the generator talks to the person running it: flags in, prompts when there is a terminal,
// and whether yeoman can ask before overwriting a changed file. Kept out of the generator class
// because yeoman runs every public method of a generator as a task.
import type Generator from 'yeoman-generator';
import { YoResolve } from '@yeoman/conflicter';
import { InputError } from '../core/errors.js';
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

const environmentOptions = (generator: Generator) =>
  ({ ...(generator.env as { options?: object }).options, ...generator.options }) as Record<string, unknown>;

export const isDryRun = (generator: Generator) => Boolean(environmentOptions(generator).dryRun ?? environmentOptions(generator)['dry-run']);

/**
 * Yeoman asks before overwriting a changed file; without a terminal it cannot, so unless --force or
 * --dry-run says what to do, the run stops here, before anything (even .yo-rc.json) is written.
 */
export function refuseUnaskableConflicts(generator: Generator, changed: string[]) {
  if (changed.length === 0 || environmentOptions(generator).force || isDryRun(generator) || hasTerminal(generator)) return;
  throw new InputError([
    `${changed.join(', ')} would change and there is no terminal to ask: rerun with --force to apply, or --dry-run to see the diff`,
  ]);
}

export async function ask(generator: Generator, question: Question): Promise<unknown> {
  // The Question shape is inquirer's; yeoman's types narrow it per prompt type.
  const answers = await generator.prompt([question] as never);
  return (answers as Record<string, unknown>)[question.name];
}

/** The files `.yo-resolve` tells yeoman to skip: the user's own from now on, so never even parsed. */
export async function skippedFiles(generator: Generator, names: string[]): Promise<Set<string>> {
  const resolve = new YoResolve();
  const statuses = await Promise.all(names.map((name) => resolve.getStatusForFile(generator.destinationPath(name))));
  return new Set(names.filter((_, i) => statuses[i] === 'skip'));
}
