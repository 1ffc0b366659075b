// Every file's new text, computed before anything is written (pure but for `read`), so a file
// that cannot be merged stops the run with nothing written, and conflicts are known up front.
import type { RenderContext } from './context.js';
import { files } from './files.js';

export interface Planned {
  path: string;
  text: string;
  /** The file exists and its text would change: a conflict in yeoman's terms. */
  changes: boolean;
}

type Read = (file: string) => string | undefined;

/** The files to write for this run, with their paths. */
export function destinations(ctx: RenderContext) {
  return files.flatMap((file) => file.paths(ctx).map((path) => ({ file, path })));
}

/**
 * @param read the file's text now, or undefined
 * @param skipped files the user took over (`.yo-resolve`): not read, merged or written
 */
export function plan(ctx: RenderContext, read: Read, skipped: ReadonlySet<string> = new Set()): Planned[] {
  return destinations(ctx)
    .filter(({ path }) => !skipped.has(path))
    .map(({ file, path }) => {
      const existing = read(path);
      const text = file.produce(existing, ctx, path);
      return { path, text, changes: existing !== undefined && existing !== text };
    });
}
