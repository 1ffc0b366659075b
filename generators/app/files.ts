// The file table: what the generator writes, from which template, and when. Templates render
// whole files; `merge` files are shared with the user and only get the generator's lines.
import type { RenderContext } from './context.js';
import { mergeEnv, mergeLines } from './merge/lines.js';

interface Common {
  destination: string;
  when?: (ctx: RenderContext) => boolean;
}
export interface TemplateFile extends Common {
  template: string;
}
export interface MergedFile extends Common {
  merge: (existing: string | undefined, ctx: RenderContext) => string;
}
export type FileSpec = TemplateFile | MergedFile;

export const files: readonly FileSpec[] = [
  { template: 'Dockerfile.ejs', destination: 'Dockerfile' },
  { template: 'docker-compose.yml.ejs', destination: 'docker-compose.yml' },
  { template: '.devcontainer/devcontainer.json.ejs', destination: '.devcontainer/devcontainer.json' },
  { template: 'nonroot/create-user.sh', destination: '.nonroot/create-user.sh' },
  { template: 'nonroot/host-ids.sh', destination: '.nonroot/host-ids.sh', when: (ctx) => ctx.env !== undefined },
  // Per-host IDs: git-ignored, never committed, refreshed by .nonroot/host-ids.sh.
  { destination: '.env', when: (ctx) => ctx.env !== undefined, merge: (text, ctx) => mergeEnv(text, ctx.env!) },
  { destination: '.gitignore', merge: (text) => mergeLines(text, ['.env']) },
  // .git and .env never belong in the build context; .nonroot/ must stay in it.
  { destination: '.dockerignore', merge: (text) => mergeLines(text, ['.git', '.env']) },
];

export const isMerged = (file: FileSpec): file is MergedFile => 'merge' in file;
