// `generator-nonroot check [folder] [--format text|json|sarif] [--fail-on error|warning|note] [--engine]`.
// Exit 0 clean, 1 findings at or above --fail-on, 2 input that cannot be read (file:line) or a bad flag.
import { helpText, runCommand } from '../core/command.js';
import { checkOptions, OPTIONS } from './options.js';
import { runCheck } from './run.js';

const HELP = helpText(
  'check',
  [
    "Audits the folder's Dockerfiles, compose files and devcontainer.json for what makes containers",
    'write root-owned files or break as a non-root user. Writes nothing.',
  ],
  OPTIONS,
  '0 clean, 1 findings at or above --fail-on, 2 a file that cannot be read or a bad flag.',
);

export const main = (args: string[]): Promise<number> =>
  runCommand(
    args,
    {
      name: 'check',
      help: HELP,
      values: { format: '--format', failOn: '--fail-on' },
      switches: { engine: ['--engine'] },
      outcome: 'nothing was checked',
    },
    ({ path, values, switches }) =>
      runCheck(checkOptions({ path, ...values, engine: switches.engine }), process.stdout.isTTY === true && !process.env.NO_COLOR),
  );
