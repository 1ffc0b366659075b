// Every file's new text, computed before anything is written (pure but for `read`), so a file
// that cannot be merged stops the run with nothing written, and conflicts are known up front.
import type { RenderContext } from './context.js';
import { files } from './files.js';
import { COMPOSE_FILES } from './merge/compose.js';

export interface Planned {
  path: string;
  text: string;
  /** The file exists and its text would change: a conflict in yeoman's terms. */
  changes: boolean;
}

/** Every name a file of the table can have (the compose file is one of several). */
export const candidateNames = (): string[] => [
  ...COMPOSE_FILES,
  ...files.map((file) => file.destination).filter((name): name is string => typeof name === 'string'),
];

/**
 * @param read the file's text now, or undefined
 * @param skipped files the user took over (`.yo-resolve`): not read, merged or written
 */
export function plan(ctx: RenderContext, read: (file: string) => string | undefined, skipped: ReadonlySet<string> = new Set()): Planned[] {
  // Never a second compose file: use the one the repo has, in compose's own lookup order.
  const composeFile = COMPOSE_FILES.find((file) => read(file) !== undefined) ?? ctx.composeFile;
  const full = { ...ctx, composeFile };
  return files
    .filter((file) => !file.when || file.when(full))
    .map((file) => {
      const path = typeof file.destination === 'function' ? file.destination(full) : file.destination;
      if (skipped.has(path)) return undefined;
      const existing = read(path);
      const text = file.produce(existing, full, path);
      return { path, text, changes: existing !== undefined && existing !== text };
    })
    .filter((planned): planned is Planned => planned !== undefined);
}
