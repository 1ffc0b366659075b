// The file table: every file the generator writes, when, and how its text is produced from what
// is there now (undefined: a new file). Files the generator owns whole are rendered; files people
// edit too are merged so that only the generator's parts change.
import { posix } from 'node:path';
import { USER_SCRIPT, type RenderContext } from './context.js';
import { mergeCompose } from './merge/compose.js';
import { mergeDevcontainer } from './merge/devcontainer.js';
import { mergeDockerfile } from './merge/dockerfile.js';
import { mergeEnv, mergeLines } from './merge/lines.js';
import { render } from './render.js';
import { HOST_IDS_SCRIPT } from './strategies/build-arg.js';

export interface FileSpec {
  destination: string | ((ctx: RenderContext) => string);
  when?: (ctx: RenderContext) => boolean;
  produce: (existing: string | undefined, ctx: RenderContext, file: string) => string;
}

/** A file the generator owns whole: always the template (yeoman asks before overwriting edits). */
const whole = (template: string) => (_: string | undefined, ctx: RenderContext) => render(template, ctx);
const usesEnv = (ctx: RenderContext) => ctx.env !== undefined;

export const files: readonly FileSpec[] = [
  {
    destination: (ctx) => ctx.dockerfile,
    produce: (text, ctx, file) => mergeDockerfile(text ?? render('Dockerfile.ejs', ctx), ctx, file),
  },
  {
    destination: (ctx) => ctx.composeFile,
    produce: (text, ctx, file) => {
      const rendered = render('docker-compose.yml.ejs', ctx);
      return text === undefined ? rendered : mergeCompose(text, rendered, ctx.service, file);
    },
  },
  {
    destination: '.devcontainer/devcontainer.json',
    produce: (text, ctx, file) => {
      const rendered = render('.devcontainer/devcontainer.json.ejs', ctx);
      return text === undefined ? rendered : mergeDevcontainer(text, rendered, file);
    },
  },
  // Inside the build context, where the Dockerfile's COPY finds it.
  { destination: (ctx) => posix.join(ctx.buildDir, USER_SCRIPT), produce: whole('nonroot/create-user.sh') },
  { destination: HOST_IDS_SCRIPT, when: usesEnv, produce: whole('nonroot/host-ids.sh') },
  // Per-host IDs: git-ignored, never committed, refreshed by .nonroot/host-ids.sh.
  { destination: '.env', when: usesEnv, produce: (text, ctx) => mergeEnv(text, ctx.env!) },
  { destination: '.gitignore', produce: (text) => mergeLines(text, ['.env']) },
  // .git and .env never belong in the build context; .nonroot/ must stay in it.
  { destination: (ctx) => posix.join(ctx.buildDir, '.dockerignore'), produce: (text) => mergeLines(text, ['.git', '.env']) },
];
