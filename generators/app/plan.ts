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

export function plan(ctx: RenderContext, read: (file: string) => string | undefined): Planned[] {
  // Never a second compose file: use the one the repo has, in compose's own lookup order.
  const composeFile = COMPOSE_FILES.find((file) => read(file) !== undefined) ?? ctx.composeFile;
  const full = { ...ctx, composeFile };
  return files
    .filter((file) => !file.when || file.when(full))
    .map((file) => {
      const path = typeof file.destination === 'function' ? file.destination(full) : file.destination;
      const existing = read(path);
      const text = file.produce(existing, full, path);
      return { path, text, changes: existing !== undefined && existing !== text };
    });
}
