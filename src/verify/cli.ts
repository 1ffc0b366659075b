// `generator-nonroot verify [folder] [--service a,b] [--keep] [--format text|json|sarif]`: builds and runs
// each service here, as compose will, and proves who it runs as and who owns what it writes.
import { helpText, runCommand } from '../core/command.js';
import { CHECKS, TITLES } from './judge.js';
import { verifyOptions, OPTIONS } from './options.js';
import { progress } from './progress.js';
import { failed, renderVerdict } from './report.js';
import { runVerify } from './run.js';

const HELP = helpText(
  'verify',
  [
    'Proves, on this machine and its engine, that the containers of the folder run as you. For each',
    'service that builds (or --service), it runs `docker compose build` and `docker compose run` (or',
    "podman's) under a project name of its own, with a probe script as the command, and checks:",
    ...CHECKS.map((check) => `  ${check.padEnd(8)} ${TITLES[check]}`),
    'With the Dev Containers CLI on PATH, the Dev Container too: devcontainer up, then the probe',
    'through devcontainer exec, after its UID remap (--service devcontainer picks it alone).',
    'Then it removes what it made: containers, network, volumes, the probe file, and its images',
    '(unless --keep). Progress goes to stderr; the table to stdout.',
  ],
  OPTIONS,
  '0 every check passes, 1 one fails, 2 a bad flag or folder, or no engine here.',
);

export const main = (args: string[]): Promise<number> =>
  runCommand(
    args,
    {
      name: 'verify',
      help: HELP,
      values: { format: '--format', service: '--service' },
      switches: { keep: ['--keep'] },
      outcome: 'nothing was built',
    },
    async ({ path, values, switches }) => {
      const options = verifyOptions({ path, ...values, keep: switches.keep });
      const verdict = await runVerify(options, progress());
      const output = renderVerdict(verdict, options.format, process.stdout.isTTY === true && !process.env.NO_COLOR);
      return { output, exitCode: failed(verdict) ? 1 : 0 };
    },
  );
