// `generator-nonroot doctor [folder] [--format text|json|sarif]`: predicts, without building anything, what
// will go wrong on this machine. Exit 0 nothing fails, 1 a check fails, 2 a bad flag or folder.
import { helpText, runCommand } from '../core/command.js';
import { CHECKS } from './checks/index.js';
import { doctorOptions, OPTIONS } from './options.js';
import { runDoctor } from './run.js';

const HELP = helpText(
  'doctor',
  [
    'Predicts, on this machine and without building anything, whether containers of the folder will',
    'write files you own. It asks the engine once (docker info, podman info: 2 s at most), reads',
    '/etc/subuid, .yo-rc.json, .env and the Dev Container config, and looks at who owns every file',
    'in the folder. It changes nothing. Checks:',
    ...CHECKS.map((c) => `  ${c.id.padEnd(10)} ${c.title}`),
  ],
  OPTIONS,
  '0 nothing fails, 1 a check fails, 2 a bad flag or folder.',
);

export const main = (args: string[]): Promise<number> =>
  runCommand(
    args,
    { name: 'doctor', help: HELP, values: { format: '--format' }, switches: {}, outcome: 'nothing was checked' },
    ({ path, values }) => runDoctor(doctorOptions({ path, ...values }), process.stdout.isTTY === true && !process.env.NO_COLOR),
  );
