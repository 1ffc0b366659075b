// Values as YAML text the way a person writes them: block style, two spaces per level, scalars
// plain unless a YAML reader would take them for something else. What YamlText inserts.
import { stringify } from 'yaml';

export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

const isObject = (value: Value): value is { [key: string]: Value } => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * A scalar as a person writes it: plain where YAML reads it back as the same string (`app`,
 * `context: .`, `${HOST_UID:?...}`), double-quoted otherwise, and also where a YAML 1.1 reader
 * would take it for something else (`yes`, `on`, `0:30` in base 60) or YAML 1.2 for a number.
 */
export function plain(value: string | number | boolean | null, flow = false): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  const yaml11 = /^(y|yes|n|no|true|false|on|off|null|~)$/i.test(value) || /^[-+]?\d[\d_]*(:[0-5]?\d)+(\.\d*)?$/.test(value);
  // Inside `[...]` or `{...}` these end a plain scalar.
  const flowStop = flow && /[,[\]{}]/.test(value);
  return !yaml11 && !flowStop && stringify(value).trimEnd() === value ? value : JSON.stringify(value);
}

/** A key and value as block YAML lines, `step` spaces per level; scalars as `plain` writes them. */
export function blockLines(key: string, value: Value, step = 2): string[] {
  const pad = ' '.repeat(step);
  if (Array.isArray(value))
    return value.length === 0 ? [`${key}: []`] : [`${key}:`, ...value.flatMap((item) => itemLines(item, step).map((l) => `${pad}${l}`))];
  if (!isObject(value)) return [`${key}: ${plain(value)}`];
  if (Object.keys(value).length === 0) return [`${key}: {}`];
  return [`${key}:`, ...Object.entries(value).flatMap(([k, v]) => blockLines(k, v, step).map((line) => `${pad}${line}`))];
}

/** A list item as block lines: `- scalar`, or a mapping whose keys line up after the dash. */
function itemLines(item: Value, step: number): string[] {
  if (!isObject(item)) return [`- ${Array.isArray(item) ? JSON.stringify(item) : plain(item)}`];
  if (Object.keys(item).length === 0) return ['- {}'];
  const lines = Object.entries(item).flatMap(([k, v]) => blockLines(k, v, step));
  return lines.map((line, i) => (i === 0 ? `- ${line}` : `  ${line}`));
}
