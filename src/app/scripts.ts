// Scripts a Dockerfile copies in and runs (an entrypoint's `exec gosu node "$@"`, `su-exec app`,
// `chown -R app:app /data`) name the image's user too. When the block renames that user, the
// Dockerfile's own steps follow (dockerfile-rename.ts) but a script is the repo's code, not a
// Dockerfile step: the run names each line that still names the old user, file:line, for the
// person to change. Pure but for reads.
import { posix } from 'node:path';
import type { Repo } from '../core/layout/index.js';
import { stageChain } from '../core/dockerfile/refs.js';
import type { View } from '../core/dockerfile/view.js';

/** Tools that run as, or give files to, the user they name (the word after them, or their owner argument). */
const NAMING = (user: string) =>
  new RegExp(
    String.raw`\b(gosu|su-exec|chpst\s+-u|runuser\s+-u|su(\s+-[a-z]+)*|setpriv\s+--reuid=?|chown(\s+-[a-zA-Z]+)*|install\s+-o)\s+["']?` +
      `${user}(?![a-z0-9_-])`,
  );

/**
 * The lines of the scripts a stage copies from its build context (`COPY docker-entrypoint.sh ...`,
 * scripts under a copied folder are not followed) that name `user`, as `file:line text`.
 */
export function scriptsNaming(repo: Repo, view: View, stageIndex: number, context: string, user: string): string[] {
  const pattern = NAMING(user);
  const sources = stageChain(view, view.stages[stageIndex])
    .flatMap((stage) => view.instructions(stage))
    .filter((i) => (i.getKeyword() === 'COPY' || i.getKeyword() === 'ADD') && !/--from=/.test(i.getArgumentsContent() ?? ''))
    .flatMap((i) =>
      i
        .getArguments()
        .slice(0, -1)
        .map((a) => a.getValue())
        .filter((a) => !a.startsWith('--')),
    );
  const found: string[] = [];
  for (const source of new Set(sources)) {
    const file = posix.normalize(posix.join(context, source));
    const text = repo.read(file);
    const script = text !== undefined && (text.startsWith('#!') || /\.(sh|bash)$/.test(file));
    if (!script) continue;
    text.split('\n').forEach((line, i) => {
      if (!line.trim().startsWith('#') && pattern.test(line)) found.push(`${file}:${i + 1} ${line.trim()}`);
    });
  }
  return found;
}
