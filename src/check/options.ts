// The check command's options, declared once for the bin and the yeoman sub-generator, each with
// its validator; a bad one is an InputError naming the flag and what it takes.
import { oneOf } from '../core/command.js';
import { InputError } from '../core/errors.js';
import { SEVERITIES, type Severity } from './rule.js';

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export interface CheckOptions {
  /** The folder to check. */
  path: string;
  format: Format;
  failOn: Severity;
  /** Ask the container engine (docker info) for the rules about rootless engines. */
  engine: boolean;
}

export const OPTIONS = [
  { flag: 'format', description: `Output: ${FORMATS.join(' | ')} (default text)` },
  { flag: 'fail-on', description: `Exit 1 when a finding is at least this severe: ${SEVERITIES.join(' | ')} (default error)` },
  { flag: 'engine', description: 'Also ask the container engine (docker info, 3 s at most) whether it is rootless' },
] as const;

export function checkOptions(raw: { path?: string; format?: unknown; failOn?: unknown; engine?: unknown }): CheckOptions {
  const problems: string[] = [];
  const format = oneOf('format', raw.format, FORMATS, problems, 'sarif');
  const failOn = raw.failOn ?? 'error';
  if (!SEVERITIES.includes(failOn as Severity))
    problems.push(`--fail-on ${JSON.stringify(failOn)}: must be one of ${SEVERITIES.join(', ')}, e.g. --fail-on warning`);
  if (problems.length > 0) throw new InputError(problems);
  return { path: raw.path ?? '.', format, failOn: failOn as Severity, engine: Boolean(raw.engine) };
}
