// Every file's new text, computed before anything is written (pure but for `read`), so a file
// that cannot be merged stops the run with nothing written, and conflicts are known up front.
import type { RenderContext } from './context.js';
import { files } from './files.js';
import { COMPOSE_FILES, serviceBuild } from './merge/compose.js';

export interface Planned {
  path: string;
  text: string;
  /** The file exists and its text would change: a conflict in yeoman's terms. */
  changes: boolean;
}

type Read = (file: string) => string | undefined;

/** Where things are in this repo: its compose file, and the context and Dockerfile its service builds. */
export function locate(ctx: RenderContext, read: Read): RenderContext {
  // Never a second compose file: use the one the repo has, in compose's own lookup order.
  const composeFile = COMPOSE_FILES.find((file) => read(file) !== undefined) ?? ctx.composeFile;
  const existing = read(composeFile);
  const build = existing === undefined ? undefined : serviceBuild(existing, ctx.service, composeFile);
  return { ...ctx, composeFile, buildDir: build?.context ?? ctx.buildDir, dockerfile: build?.dockerfile ?? ctx.dockerfile };
}

/** The files to write for a located context, with their paths. */
export function destinations(ctx: RenderContext) {
  return files
    .filter((file) => !file.when || file.when(ctx))
    .map((file) => ({ file, path: typeof file.destination === 'function' ? file.destination(ctx) : file.destination }));
}

/**
 * @param ctx a located context (see locate)
 * @param read the file's text now, or undefined
 * @param skipped files the user took over (`.yo-resolve`): not read, merged or written
 */
export function plan(ctx: RenderContext, read: Read, skipped: ReadonlySet<string> = new Set()): Planned[] {
  return destinations(ctx)
    .map(({ file, path }) => {
      if (skipped.has(path)) return undefined;
      const existing = read(path);
      const text = file.produce(existing, ctx, path);
      return { path, text, changes: existing !== undefined && existing !== text };
    })
    .filter((planned): planned is Planned => planned !== undefined);
}
