// `generator-nonroot reclaim [folder] [--yes] [--format text|json] [--image ref]`: gives back to you,
// without sudo, the files containers left in the project folder owned by root or subordinate UIDs.
import { InputError } from '../core/errors.js';
import { OPTIONS, reclaimOptions } from './options.js';
import { runReclaim } from './run.js';

const HELP = [
  'Usage: generator-nonroot reclaim [folder] [options]',
  '',
  'Gives back to you the files and folders in the project folder that containers left owned by root',
  'or by subordinate UIDs, through the engine you may already use, without sudo: a throwaway',
  'container of an image already on this machine with only the folder mounted (rootful and rootless',
  'Docker), or podman unshare (rootless Podman). Only owners change; symlinks are not followed;',
  '.git is included. Without --yes it is a dry run that says what would change.',
  '',
  'Options:',
  ...OPTIONS.map(({ flag, description }) => `  --${flag.padEnd(10)} ${description}`),
  '',
  'Exit: 0 every file is yours (after --yes), 1 some are not, 2 a bad flag or folder, or no engine to do it.',
].join('\n');

export function main(args: string[]): number {
  const raw: { path?: string; format?: string; yes?: boolean; image?: string } = {};
  const problems: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    // --flag=value splits; a folder may hold '='.
    const [flag, inline] = args[i].startsWith('--') ? args[i].split(/=(.*)/s) : [args[i]];
    const value = () => {
      const given = inline ?? args[++i];
      if (given === undefined || given.startsWith('-')) problems.push(`${flag}: needs a value; see generator-nonroot reclaim --help`);
      return given;
    };
    if (flag === '--help' || flag === '-h') return (process.stdout.write(`${HELP}\n`), 0);
    else if (flag === '--format') raw.format = value();
    else if (flag === '--image') raw.image = value();
    else if ((flag === '--yes' || flag === '-y') && inline === undefined) raw.yes = true;
    else if (flag === '--yes') problems.push(`${args[i]}: --yes takes no value; leave it out for a dry run`);
    else if (flag.startsWith('-')) problems.push(`${flag}: unknown option; see generator-nonroot reclaim --help`);
    else if (raw.path === undefined) raw.path = flag;
    else problems.push(`${flag}: one folder at a time (already given: ${raw.path})`);
  }
  try {
    if (problems.length > 0) throw new InputError(problems);
    const { output, exitCode } = runReclaim(reclaimOptions(raw));
    process.stdout.write(output);
    return exitCode;
  } catch (error) {
    const known = error instanceof InputError;
    process.stderr.write(`generator-nonroot reclaim: ${known ? error.message : String((error as Error)?.stack ?? error)}\n`);
    return 2;
  }
}
