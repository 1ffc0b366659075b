// verify's options, declared once for the bin and the yeoman sub-generator, each with its validator.
import { oneOf } from '../core/command.js';
import { InputError } from '../core/errors.js';

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export interface VerifyOptions {
  /** The project folder. */
  path: string;
  format: Format;
  /** Only these compose services; undefined: every service that builds. */
  services?: string[];
  /** Keep the images verify built (containers, volumes and probe files always go). */
  keep: boolean;
}

export const OPTIONS = [
  {
    flag: 'service',
    description:
      'Only these services, comma-separated (default: every service that builds); ' +
      'devcontainer, kube: the Dev Container, the Kubernetes workloads',
  },
  { flag: 'keep', description: 'Keep the images verify built (default: removed with everything else it made)' },
  { flag: 'format', description: `Output: ${FORMATS.join(' | ')} (default text)` },
] as const;

export function verifyOptions(raw: { path?: string; format?: unknown; service?: unknown; keep?: unknown }): VerifyOptions {
  const problems: string[] = [];
  const format = oneOf('format', raw.format, FORMATS, problems);
  let services: string[] | undefined;
  if (raw.service !== undefined) {
    services = String(raw.service)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (services.length === 0 || typeof raw.service !== 'string')
      problems.push(`--service ${JSON.stringify(raw.service)}: compose service names, comma-separated, e.g. --service app,worker`);
  }
  if (problems.length > 0) throw new InputError(problems);
  return { path: raw.path ?? '.', format, services, keep: Boolean(raw.keep) };
}
