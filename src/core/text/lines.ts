// Line-oriented files the generator shares with the user (.env, .gitignore, .dockerignore):
// pure text-in/text-out. Only the generator's own lines are added or updated; every other line,
// comment and blank line stays as it was, in its place. And the one reading of a .env (compose's
// KEY=value), which doctor and the volume names share.
import { USER_SCRIPT } from '../names.js';

const splitLines = (text: string) => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));
const joinLines = (lines: string[]) => (lines.length === 0 ? '' : `${lines.join('\n')}\n`);

/** Sets KEY=value: an existing line for KEY is replaced where it stands, a missing one appended. */
export function mergeEnv(existing: string | undefined, entries: Record<string, string>): string {
  const lines = splitLines(existing ?? '');
  const pending = new Map(Object.entries(entries));
  const merged = lines.map((line) => {
    const key = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1];
    if (key === undefined || !pending.has(key)) return line;
    const value = pending.get(key)!;
    pending.delete(key);
    return `${key}=${value}`;
  });
  for (const [key, value] of pending) merged.push(`${key}=${value}`);
  return joinLines(merged);
}

/** Appends each wanted line that is not there yet (compared without surrounding blanks). */
export function mergeLines(existing: string | undefined, wanted: string[]): string {
  const lines = splitLines(existing ?? '');
  const present = new Set(lines.map((line) => line.trim()));
  return joinLines([...lines, ...wanted.filter((line) => !present.has(line.trim()))]);
}

/**
 * A build context's .dockerignore: `.git` and `.env` out. When the file ignores everything and
 * lists what to keep (`*` then `!src`, common in Go and Rust repos), the user script is kept too:
 * the Dockerfile COPYs it.
 */
export function mergeDockerignore(existing: string | undefined): string {
  const excludesAll = splitLines(existing ?? '').some((line) => /^\s*(\*|\*\*|\*\*\/\*|\.\*|\.nonroot\S*)\s*$/.test(line));
  return mergeLines(existing, ['.git', '.env', ...(excludesAll ? [`!${USER_SCRIPT}`] : [])]);
}

/** KEY=value lines (`export KEY=value` too), as compose reads .env; quotes around a value dropped. */
export function envEntries(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined) return undefined;
  const entries: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match) entries[match[1]] = match[2].replace(/^(["'])(.*)\1$/, '$2');
  }
  return entries;
}
