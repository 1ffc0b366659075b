// A RenderContext for merge tests, from the same answers and layout the generator would resolve.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildContext } from '../../src/app/context.js';
import type { Layout } from '../../src/core/layout/index.js';
import type { WantedService } from '../../src/app/merge/compose.js';
import type { Answers } from '../../src/app/settings.js';

export const host = { uid: 1500, gid: 1500, login: 'ana' };

/** Answers as the generator resolves them with defaults for the host user `ana`. */
export const answers = (more: Partial<Answers> = {}): Answers => ({
  baseImage: 'debian:trixie-slim',
  username: 'ana',
  idStrategy: 'build-arg',
  service: 'app',
  workspace: '/workspace',
  sudo: false,
  builderImage: 'busybox:1.37',
  volumes: '',
  kubernetes: false,
  ...more,
});

export function context(more: Partial<Answers> = {}, layout: Layout = {}, explicit = { service: false, workspace: false }) {
  return buildContext({ answers: answers(more), host, layout, explicit, names: ['repo', 'src'] });
}

/** What the generator wants of one service, as files.ts passes it to mergeCompose. */
export function wanted(more: Partial<Answers> = {}, service: Partial<WantedService> = {}): WantedService {
  const ctx = context(more);
  return {
    name: more.service ?? 'app',
    role: 'owner',
    build: { context: '.' },
    args: ctx.compose.args,
    user: ctx.compose.user,
    usernsMode: ctx.compose.usernsMode,
    mount: { source: '.', target: ctx.workspace, add: true, retarget: false },
    volumes: ctx.volumes,
    ...service,
  };
}

export const fixture = (name: string) => fs.readFileSync(fileURLToPath(new URL(`../fixtures/existing/${name}`, import.meta.url)), 'utf8');

/** The lines of `after` that are not in `before`, and whether `before`'s lines all survive in order. */
export function lineDiff(before: string, after: string) {
  const old = before.split('\n');
  const added: string[] = [];
  let i = 0;
  for (const line of after.split('\n')) {
    if (i < old.length && line === old[i]) i += 1;
    else added.push(line);
  }
  return { added, removed: old.slice(i) };
}
