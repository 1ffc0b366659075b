// doctor's options, declared once for the bin and the yeoman sub-generator, each with its validator.
import { oneOf } from '../core/command.js';
import { InputError } from '../core/errors.js';

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export interface DoctorOptions {
  /** The project folder. */
  path: string;
  format: Format;
}

export const OPTIONS = [{ flag: 'format', description: `Output: ${FORMATS.join(' | ')} (default text)` }] as const;

export function doctorOptions(raw: { path?: string; format?: unknown }): DoctorOptions {
  const problems: string[] = [];
  const format = oneOf('format', raw.format, FORMATS, problems);
  if (problems.length > 0) throw new InputError(problems);
  return { path: raw.path ?? '.', format };
}
