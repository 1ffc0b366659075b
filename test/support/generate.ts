// Runs the generator in memory through yeoman-test and hands back its output parsed: YAML with
// the yaml library, JSONC with jsonc-parser, the Dockerfile with dockerfile-ast.
import { jest } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { parse as parseYaml } from 'yaml';
import helpers from 'yeoman-test';
import { instructions } from './dockerfile-text.js';

export { instructions };

export const GENERATOR = fileURLToPath(new URL('../../src/app/index.ts', import.meta.url));

/** The files every strategy writes in an empty folder (each adds its own on top). */
export const ALWAYS_WRITTEN = [
  '.devcontainer/devcontainer.json',
  '.dockerignore',
  '.gitignore',
  '.nonroot/create-user.sh',
  '.yo-rc.json',
  'Dockerfile',
  'docker-compose.yml',
];

export interface GenerateOptions {
  options?: Record<string, unknown>;
  answers?: Record<string, unknown>;
  files?: Record<string, string>;
  /** The host user the generator sees (process.getuid/getgid). */
  host?: { uid: number; gid: number };
}

export async function generate({ options = {}, answers, files, host = { uid: 1500, gid: 1500 } }: GenerateOptions = {}) {
  const uid = jest.spyOn(process, 'getuid').mockReturnValue(host.uid);
  const gid = jest.spyOn(process, 'getgid').mockReturnValue(host.gid);
  try {
    let context = helpers.run(GENERATOR).withOptions(options as never);
    if (answers) context = context.withAnswers(answers, { throwOnMissingAnswer: true });
    if (files) context = context.withFiles(files);
    const result = await context;
    return withParsers(result);
  } finally {
    uid.mockRestore();
    gid.mockRestore();
  }
}

/** Runs the generator expecting it to fail; returns the error and the folder before and after. */
export async function generateFailing(options: Record<string, unknown>, files: Record<string, string> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-fail-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  const snapshot = () => Object.fromEntries(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
  const before = snapshot();
  const cwd = process.cwd();
  const error = await helpers
    .run(GENERATOR)
    .cd(dir)
    .withOptions(options as never)
    .then(
      () => undefined,
      (e: Error) => e,
    );
  process.chdir(cwd);
  const after = snapshot();
  fs.rmSync(dir, { recursive: true, force: true });
  return { error, before, after };
}

export function listFiles(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const name = path.join(prefix, entry.name);
      return entry.isDirectory() ? listFiles(path.join(dir, entry.name), name) : [name];
    })
    .sort();
}

export function parseJsoncStrict(text: string, file: string) {
  const errors: ParseError[] = [];
  const value = parseJsonc(text, errors, { allowTrailingComma: false });
  if (errors.length > 0) throw new Error(`${file}: ${errors.length} JSONC parse errors`);
  return value;
}

function withParsers(result: Awaited<ReturnType<typeof helpers.run>>) {
  const read = (file: string) => fs.readFileSync(path.join(result.cwd, file), 'utf8');
  return {
    result,
    cwd: result.cwd,
    files: () => listFiles(result.cwd),
    read,
    compose: () => parseYaml(read('docker-compose.yml')),
    devcontainer: () => parseJsoncStrict(read('.devcontainer/devcontainer.json'), 'devcontainer.json'),
    dockerfile: () => instructions(read('Dockerfile')),
    cleanup: () => result.cleanup(),
  };
}
