// How the bin's commands other than the generator (check, doctor, reclaim) read their arguments
// and report: `[folder]`, `--flag value` or `--flag=value` (only flags split on '=': a folder may
// hold one), switches that take no value, every problem named with the flag and --help, and bad
// input is exit 2 with what it left undone, never a stack trace; a reader that goes away (`| head`)
// ends the command quietly.
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from './errors.js';

export interface CommandSpec {
  /** `doctor`: as the user types it after `generator-nonroot`. */
  name: string;
  help: string;
  /** Flags that take a value (`--format`), by the key the command reads. */
  values: Record<string, string>;
  /** Flags that take none (`--yes`, `-y`), by the key the command reads. */
  switches: Record<string, string[]>;
  /** What bad input leaves undone: `nothing was checked`. */
  outcome: string;
}

export interface CommandArgs {
  path?: string;
  values: Record<string, string | undefined>;
  switches: Record<string, boolean>;
}

export interface Outcome {
  output: string;
  exitCode: number;
}

/**
 * A reader that went away (`check --format sarif | head -c 0`, a pager quit early) fails the next
 * write to stdout with EPIPE: node ignores SIGPIPE, so the error comes as an 'error' event on
 * process.stdout, and one nobody listens to crashes node with a stack trace
 * (https://nodejs.org/api/process.html#signal-events: "SIGPIPE is ignored by default").
 * Nothing is left to read what the command prints: it ends quietly with the exit status it would
 * have had, as `git log | head` does. Any other write error stays node's to report.
 */
function endQuietlyOnClosedStdout() {
  if (process.stdout.listeners('error').includes(ignoreClosedReader)) return;
  process.stdout.on('error', ignoreClosedReader);
}

function ignoreClosedReader(error: NodeJS.ErrnoException) {
  if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
  throw error;
}

/** Reads `args`, runs `run` on them and prints what it returns; the exit code. */
export async function runCommand(
  args: string[],
  spec: CommandSpec,
  run: (given: CommandArgs) => Outcome | Promise<Outcome>,
): Promise<number> {
  endQuietlyOnClosedStdout();
  const given: CommandArgs = { values: {}, switches: {} };
  const problems: string[] = [];
  const seeHelp = `see generator-nonroot ${spec.name} --help`;
  for (let i = 0; i < args.length; i += 1) {
    const [flag, inline] = args[i].startsWith('--') ? args[i].split(/=(.*)/s) : [args[i]];
    const value = Object.entries(spec.values).find(([, spelling]) => spelling === flag)?.[0];
    const sw = Object.entries(spec.switches).find(([, spellings]) => spellings.includes(flag))?.[0];
    if (flag === '--help' || flag === '-h') return (process.stdout.write(`${spec.help}\n`), 0);
    if (value !== undefined) {
      const text = inline ?? args[++i];
      if (text === undefined || text.startsWith('-')) problems.push(`${flag}: needs a value; ${seeHelp}`);
      given.values[value] = text;
    } else if (sw !== undefined) {
      if (inline === undefined) given.switches[sw] = true;
      else problems.push(`${args[i]}: ${flag} takes no value; ${seeHelp}`);
    } else if (flag.startsWith('-')) problems.push(`${flag}: unknown option; ${seeHelp}`);
    else if (given.path === undefined) given.path = flag;
    else problems.push(`${flag}: one folder at a time (already given: ${given.path})`);
  }
  try {
    if (problems.length > 0) throw new InputError(problems);
    const { output, exitCode } = await run(given);
    process.stdout.write(output);
    return exitCode;
  } catch (error) {
    const message =
      error instanceof InputError ? new InputError(error.problems, spec.outcome).message : String((error as Error)?.stack ?? error);
    process.stderr.write(`generator-nonroot ${spec.name}: ${message}\n`);
    return 2;
  }
}

/** The folder a command works on, absolute; bad input when there is no such folder. */
export function commandFolder(given: string): string {
  const folder = path.resolve(given);
  if (!fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory())
    throw new InputError([`${given}: no such folder; pass the project folder (default: the current one)`]);
  return folder;
}

/** `--help`: the usage line, what the command does and runs, its options, its exit codes. */
export function helpText(name: string, about: string[], options: readonly { flag: string; description: string }[], exit: string): string {
  return [
    `Usage: generator-nonroot ${name} [folder] [options]`,
    '',
    ...about,
    '',
    'Options:',
    ...options.map(({ flag, description }) => `  --${flag.padEnd(10)} ${description}`),
    '',
    `Exit: ${exit}`,
  ].join('\n');
}

/** A `--flag` value that must be one of `choices` (default the first); the problem goes to `problems`. */
export function oneOf<T extends string>(flag: string, raw: unknown, choices: readonly T[], problems: string[], example = choices[1]): T {
  const value = raw ?? choices[0];
  if (choices.includes(value as T)) return value as T;
  problems.push(`--${flag} ${JSON.stringify(value)}: must be one of ${choices.join(', ')}, e.g. --${flag} ${example}`);
  return choices[0];
}
