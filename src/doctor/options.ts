// doctor's options, declared once for the bin and the yeoman sub-generator, each with its validator.
import { InputError } from '../core/errors.js';

export const FORMATS = ['text', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export interface DoctorOptions {
  /** The project folder. */
  path: string;
  format: Format;
}

export const OPTIONS = [{ flag: 'format', description: `Output: ${FORMATS.join(' | ')} (default text)` }] as const;

export function doctorOptions(raw: { path?: string; format?: unknown }): DoctorOptions {
  const format = raw.format ?? 'text';
  if (!FORMATS.includes(format as Format))
    throw new InputError([`--format ${JSON.stringify(format)}: must be one of ${FORMATS.join(', ')}, e.g. --format json`]);
  return { path: raw.path ?? '.', format: format as Format };
}
