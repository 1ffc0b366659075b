// reclaim's options, declared once for the bin and the yeoman sub-generator, each with its validator.
import { oneOf } from '../core/command.js';
import { InputError } from '../core/errors.js';

export const FORMATS = ['text', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export interface ReclaimOptions {
  /** The project folder. */
  path: string;
  /** Apply; without it, a dry run says what would change. */
  yes: boolean;
  format: Format;
  /** The image the throwaway container runs (it needs `chown`); undefined: one already on this machine. */
  image?: string;
  /** Also the repo's named volumes in the engine. */
  volumes: boolean;
}

export const OPTIONS = [
  { flag: 'yes', description: 'Apply the change (without it: a dry run that says what would change)' },
  { flag: 'format', description: `Output: ${FORMATS.join(' | ')} (default text)` },
  { flag: 'image', description: 'The image the throwaway container runs, with chown in it (default: one already on this machine)' },
  {
    flag: 'volumes',
    description: "Also the repo's named volumes in the engine: files an earlier run left there (looks read-only without --yes)",
  },
] as const;

export function reclaimOptions(raw: {
  path?: string;
  yes?: unknown;
  format?: unknown;
  image?: unknown;
  volumes?: unknown;
}): ReclaimOptions {
  const problems: string[] = [];
  const format = oneOf('format', raw.format, FORMATS, problems);
  if (raw.image !== undefined && (typeof raw.image !== 'string' || !/^[a-z0-9][\w./:@-]*$/i.test(raw.image)))
    problems.push(`--image ${JSON.stringify(raw.image)}: an image reference, e.g. --image busybox:1.37`);
  if (raw.volumes !== undefined && typeof raw.volumes !== 'boolean')
    problems.push(`--volumes ${JSON.stringify(raw.volumes)}: a switch, it takes no value, e.g. --volumes --yes`);
  if (problems.length > 0) throw new InputError(problems);
  return { path: raw.path ?? '.', yes: Boolean(raw.yes), format, image: raw.image as string | undefined, volumes: raw.volumes === true };
}
