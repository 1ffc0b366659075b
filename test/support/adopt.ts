// The generator's decisions without yeoman: answers -> layout -> context -> planned files, over a
// repo held in memory (what index.ts does between reading the repo and writing). Fast enough to
// run every corpus repo through every strategy, switching back and forth.
import { buildContext } from '../../src/app/context.js';
import { memoryRepo } from '../../src/core/layout/index.js';
import { repoFacts } from '../../src/app/repo-facts.js';
import { plan } from '../../src/app/plan.js';
import { resolveAnswers, storedAnswers } from '../../src/app/resolve.js';
import type { Facts } from '../../src/app/settings.js';
import type { EngineInfo } from '../../src/core/engine.js';

export interface Adopted {
  files: Record<string, string>;
  /** What .yo-rc.json would hold afterwards. */
  stored: Record<string, unknown>;
}

export async function adopt(
  files: Record<string, string>,
  flags: Record<string, unknown>,
  { stored = {}, name = 'repo', engine }: { stored?: Record<string, unknown>; name?: string; engine?: EngineInfo } = {},
): Promise<Adopted> {
  const repo = memoryRepo(files);
  const host = { uid: 1500, gid: 20, login: 'dev' };
  const facts: Facts = {
    host,
    engine: () => engine,
    repo: repoFacts(repo),
  };
  const answers = await resolveAnswers({ flags, stored, facts });
  const layout = facts.repo.layout(answers.devcontainer);
  const ctx = buildContext({
    answers,
    host,
    layout,
    explicit: { service: 'service' in flags, workspace: 'workspace' in flags },
    names: [name, 'src'],
  });
  const result = { ...files };
  for (const file of plan(ctx, (path) => files[path])) result[file.path] = file.text;
  return { files: result, stored: storedAnswers(answers, facts) as Record<string, unknown> };
}

/** What a run in `dir` adopted: each Dockerfile, its build context and the stages built (the generator's own placement). */
export async function adoptedImages(dir: string, args: string[]) {
  const { diskRepo } = await import('../../src/core/layout/index.js');
  const repo = diskRepo(dir);
  const flags = Object.fromEntries(
    args.map((a, i) => (a.startsWith('--') ? [a.slice(2), args[i + 1]] : undefined)).filter((e): e is [string, string] => e !== undefined),
  );
  const facts: Facts = { host: { uid: 1500, gid: 1500, login: 'dev' }, engine: () => undefined, repo: repoFacts(repo) };
  const answers = await resolveAnswers({ flags, stored: {}, facts });
  const layout = facts.repo.layout(answers.devcontainer);
  const ctx = buildContext({
    answers,
    host: facts.host,
    layout,
    explicit: { service: 'service' in flags, workspace: 'workspace' in flags },
    names: [dir.split('/').at(-1)!, 'src'],
  });
  return ctx.place.images;
}
