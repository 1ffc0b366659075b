// `generator-nonroot check [folder] [--format text|json|sarif] [--fail-on error|warning|note] [--engine]`.
// Exit 0 clean, 1 findings at or above --fail-on, 2 input that cannot be read (file:line) or a bad flag.
import { InputError } from '../core/errors.js';
import { checkOptions, OPTIONS } from './options.js';
import { runCheck } from './run.js';

const HELP = [
  'Usage: generator-nonroot check [folder] [options]',
  '',
  "Audits the folder's Dockerfiles, compose files and devcontainer.json for what makes containers",
  'write root-owned files or break as a non-root user. Writes nothing.',
  '',
  ...OPTIONS.map(({ flag, description }) => `  --${flag.padEnd(10)} ${description}`),
  '',
  'Exit: 0 clean, 1 findings at or above --fail-on, 2 a file that cannot be read or a bad flag.',
].join('\n');

export function main(args: string[]): number {
  const raw: { path?: string; format?: string; failOn?: string; engine?: boolean } = {};
  const problems: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const [flag, inline] = args[i].split(/=(.*)/s);
    const value = () => inline ?? args[++i];
    if (flag === '--help' || flag === '-h') return (process.stdout.write(`${HELP}\n`), 0);
    else if (flag === '--format') raw.format = value();
    else if (flag === '--fail-on') raw.failOn = value();
    else if (flag === '--engine') raw.engine = true;
    else if (flag.startsWith('-')) problems.push(`${flag}: unknown option; see generator-nonroot check --help`);
    else if (raw.path === undefined) raw.path = flag;
    else problems.push(`${flag}: one folder at a time (already given: ${raw.path})`);
  }
  try {
    if (problems.length > 0) throw new InputError(problems);
    const { output, exitCode } = runCheck(checkOptions(raw), process.stdout.isTTY === true && !process.env.NO_COLOR);
    process.stdout.write(output);
    return exitCode;
  } catch (error) {
    // A broken file or a bad flag is the user's to fix: the message (file:line), never a stack.
    const known = error instanceof InputError;
    const message = known ? new InputError(error.problems, 'nothing was checked').message : String((error as Error)?.stack ?? error);
    process.stderr.write(`generator-nonroot check: ${message}\n`);
    return 2;
  }
}
