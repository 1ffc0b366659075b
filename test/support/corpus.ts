// The real-world corpus: test/fixtures/repos/<name>/ holds a repo shaped like a kind of public
// repo (its <name>.json says which and how a user would run the generator on it). Helpers to copy
// one into a temp folder, run the bin there, and check what changed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listFiles } from './generate.js';

export const REPOS = fileURLToPath(new URL('../fixtures/repos', import.meta.url));
const BIN = fileURLToPath(new URL('../../generators/cli.js', import.meta.url));

export interface Fixture {
  name: string;
  standsFor: string;
  layout: string;
  args: string[];
  /** The run must stop with a message matching this. */
  refused?: string;
  /** Lines of the user's that a strategy switch may drop, and why (a key only the generator's values kept). */
  switchDrops?: { file: string; lines: string[]; why: string };
}

export const fixtures: Fixture[] = fs
  .readdirSync(REPOS)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ name: f.slice(0, -5), args: [], ...JSON.parse(fs.readFileSync(path.join(REPOS, f), 'utf8')) }))
  .sort((a, b) => a.name.localeCompare(b.name));

export const readTree = (dir: string) => Object.fromEntries(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));

/** A fresh copy of a fixture in a temp folder (named like the fixture: mounts of `..` see that name). */
export function copyFixture(name: string, parent = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-corpus-'))): string {
  const dir = path.join(parent, name);
  fs.cpSync(path.join(REPOS, name), dir, { recursive: true });
  return dir;
}

export function runBin(dir: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** Lines an adoption may change in a file it shares with the user: the values the generator owns. */
const OWNED_LINE: [RegExp, RegExp][] = [
  // compose: user, the short `build: .`, UID/GID args, a project mount retargeted by --workspace,
  // and a volume's nocopy (a new volume is then root's)
  [/(^|\/)(docker-)?compose[^/]*\.ya?ml$/, /^\s*(user:|build:|-?\s*"?(UID|GID)"?\s*[=:]|- .*:\/|volume:\s*$|nocopy: true)/],
  // Dockerfiles: COPY/ADD get --chown, a USER naming a user becomes numeric, and on a rename
  // (--username) the steps that name the old user name the new one
  [/(^|\/)[^/]*Dockerfile[^/]*$/, /^\s*(COPY|ADD|USER)\s|\b(chown|chgrp|su|su-exec|gosu|runuser|sudo|chpst)\b/],
  // devcontainer.json: the owned keys, and `image`, which becomes `build`
  [/devcontainer\.json$/, /"(image|containerUser|remoteUser|updateRemoteUserUID|initializeCommand|service|workspaceFolder)"/],
  [/(^|\/)\.(env|gitignore|dockerignore)$/, /^HOST_[UG]ID=/],
];

/**
 * The original's lines that are gone from the result (in order), other than the ones the generator
 * owns and a line that only gained a trailing comma (a JSON property added after it).
 */
export function lostLines(file: string, before: string, after: string): string[] {
  const owned = OWNED_LINE.find(([name]) => name.test(file))?.[1];
  // An item the generator owns inside a one-line runArgs array (Podman keep-id) changes no line of the user's.
  const result = after.split('\n').map((line) => line.replace(/,\s*"--userns=keep-id[^"]*"/g, ''));
  const lost: string[] = [];
  let i = 0;
  for (const line of before.split('\n')) {
    const at = result.indexOf(line, i);
    if (at !== -1) {
      i = at + 1;
      continue;
    }
    const comma = result.indexOf(`${line.replace(/\r$/, '')},${line.endsWith('\r') ? '\r' : ''}`, i);
    if (comma !== -1) i = comma + 1;
    else if (!owned?.test(line)) lost.push(line);
  }
  return lost;
}
