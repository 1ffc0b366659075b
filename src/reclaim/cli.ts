// `generator-nonroot reclaim [folder] [--yes] [--volumes] [--format text|json] [--image ref]`: gives back to you,
// without sudo, the files containers left in the project folder owned by root or subordinate UIDs.
import { helpText, runCommand } from '../core/command.js';
import { OPTIONS, reclaimOptions } from './options.js';
import { runReclaim } from './run.js';

const HELP = helpText(
  'reclaim',
  [
    'Gives back to you the files and folders in the project folder that containers left owned by root',
    'or by subordinate UIDs, through the engine you may already use, without sudo: a throwaway',
    'container of an image already on this machine with only the folder mounted (rootful and rootless',
    'Docker), or podman unshare (rootless Podman). Only owners change; symlinks are not followed;',
    '.git is included. Without --yes it is a dry run that says what would change.',
    "With --volumes, also the repo's own named volumes in the engine (compose's, the Dev Container's):",
    'a short-lived container as root per volume, no network, chown -h of only the entries not yours.',
  ],
  OPTIONS,
  '0 every file is yours (after --yes), 1 some are not, 2 a bad flag or folder, or no engine to do it.',
);

export const main = (args: string[]): Promise<number> =>
  runCommand(
    args,
    {
      name: 'reclaim',
      help: HELP,
      values: { format: '--format', image: '--image' },
      switches: { yes: ['--yes', '-y'], volumes: ['--volumes'] },
      outcome: 'nothing was changed',
    },
    ({ path, values, switches }) => runReclaim(reclaimOptions({ path, ...values, yes: switches.yes, volumes: switches.volumes ?? false })),
  );
