// `generator-nonroot doctor [folder] [--format text|json]`: predicts, without building anything, what
// will go wrong on this machine. Exit 0 nothing fails, 1 a check fails, 2 a bad flag or folder.
import { InputError } from '../core/errors.js';
import { CHECKS } from './checks/index.js';
import { doctorOptions, OPTIONS } from './options.js';
import { runDoctor } from './run.js';

const HELP = [
  'Usage: generator-nonroot doctor [folder] [options]',
  '',
  'Predicts, on this machine and without building anything, whether containers of the folder will',
  'write files you own. It asks the engine once (docker info, podman info: 2 s at most), reads',
  '/etc/subuid, .yo-rc.json, .env and the Dev Container config, and looks at who owns every file',
  'in the folder. It changes nothing. Checks:',
  ...CHECKS.map((c) => `  ${c.id.padEnd(10)} ${c.title}`),
  '',
  'Options:',
  ...OPTIONS.map(({ flag, description }) => `  --${flag.padEnd(10)} ${description}`),
  '',
  'Exit: 0 nothing fails, 1 a check fails, 2 a bad flag or folder.',
].join('\n');

export function main(args: string[]): number {
  const raw: { path?: string; format?: string } = {};
  const problems: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    // --flag=value splits; a folder may hold '='.
    const [flag, inline] = args[i].startsWith('--') ? args[i].split(/=(.*)/s) : [args[i]];
    const value = () => {
      const given = inline ?? args[++i];
      if (given === undefined || given.startsWith('-')) problems.push(`${flag}: needs a value; see generator-nonroot doctor --help`);
      return given;
    };
    if (flag === '--help' || flag === '-h') return (process.stdout.write(`${HELP}\n`), 0);
    else if (flag === '--format') raw.format = value();
    else if (flag.startsWith('-')) problems.push(`${flag}: unknown option; see generator-nonroot doctor --help`);
    else if (raw.path === undefined) raw.path = flag;
    else problems.push(`${flag}: one folder at a time (already given: ${raw.path})`);
  }
  try {
    if (problems.length > 0) throw new InputError(problems);
    const { output, exitCode } = runDoctor(doctorOptions(raw), process.stdout.isTTY === true && !process.env.NO_COLOR);
    process.stdout.write(output);
    return exitCode;
  } catch (error) {
    const known = error instanceof InputError;
    const message = known ? error.message : String((error as Error)?.stack ?? error);
    process.stderr.write(`generator-nonroot doctor: ${message}\n`);
    return 2;
  }
}
