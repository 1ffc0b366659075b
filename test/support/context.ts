// A RenderContext for merge tests, from the same answers the generator would resolve.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildContext } from '../../generators/app/context.js';
import { render } from '../../generators/app/render.js';
import type { Answers } from '../../generators/app/settings.js';

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
  ...more,
});

export function context(more: Partial<Answers> = {}, composeFile = 'docker-compose.yml') {
  return { ...buildContext(answers(more), host), composeFile };
}

export const renderCompose = (more: Partial<Answers> = {}) => render('docker-compose.yml.ejs', context(more));
export const renderDevcontainer = (more: Partial<Answers> = {}, composeFile?: string) =>
  render('.devcontainer/devcontainer.json.ejs', context(more, composeFile));

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
