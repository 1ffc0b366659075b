// Regenerating in a repo that already has files, through the bin as users run it (no TTY).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listFiles } from '../support/generate.js';
import { fixture } from '../support/context.js';

const BIN = fileURLToPath(new URL('../../generators/cli.js', import.meta.url));

// Every folder a test makes goes when it ends, passed or failed.
const made: string[] = [];
afterEach(() => made.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function repo(files: Record<string, string> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-existing-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  const snapshot = () => Object.fromEntries(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  };
  return { dir, snapshot, run, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

describe('rerunning in a generated repo', () => {
  it('reports every file identical and touches nothing', () => {
    const r = repo();
    expect(r.run('--yes', '--username', 'ana').status).toBe(0);
    const before = r.snapshot();
    const mtimes = listFiles(r.dir).map((f) => fs.statSync(path.join(r.dir, f)).mtimeMs);
    const { status, output } = r.run('--yes');
    expect(status).toBe(0);
    const logged = output.split('\n').filter((l) => /^\s*(create|identical|force|conflict|skip)\s/.test(l));
    expect(logged.length).toBe(8);
    expect(logged.every((l) => l.trim().startsWith('identical'))).toBe(true);
    expect(r.snapshot()).toEqual(before);
    expect(listFiles(r.dir).map((f) => fs.statSync(path.join(r.dir, f)).mtimeMs)).toEqual(mtimes);
    r.cleanup();
  });

  it('logs what really happens to each file: a first run creates .yo-rc.json, --force on unchanged files keeps them identical', () => {
    const r = repo();
    const statuses = (output: string) =>
      output
        .split('\n')
        .filter((l) => /^\s*(create|identical|force|conflict|skip)\s/.test(l))
        .map((l) => l.trim().split(/\s+/));
    const first = statuses(r.run('--yes', '--username', 'ana').output);
    expect(first[0]).toEqual(['create', '.yo-rc.json']);
    expect(first.every(([status]) => status === 'create')).toBe(true);
    const forced = statuses(r.run('--yes', '--force').output);
    expect(forced.length).toBe(first.length - 1); // .yo-rc.json is not even rewritten
    expect(forced.every(([status]) => status === 'identical')).toBe(true);
    const changed = statuses(r.run('--yes', '--force', '--username', 'bob').output);
    expect(
      changed
        .filter(([status]) => status === 'force')
        .map(([, file]) => file)
        .sort(),
    ).toEqual(['.devcontainer/devcontainer.json', '.yo-rc.json', 'Dockerfile']);
    r.cleanup();
  });

  it('stops on a change without a terminal, writing nothing; --dry-run shows it; --force applies it everywhere', () => {
    const r = repo();
    r.run('--yes', '--username', 'ana');
    const before = r.snapshot();
    const refused = r.run('--yes', '--username', 'bob');
    expect(refused.status).toBe(1);
    expect(refused.output).toContain(
      'Dockerfile, .devcontainer/devcontainer.json would change and there is no terminal to ask: rerun with --force',
    );
    expect(r.snapshot()).toEqual(before);

    const dry = r.run('--yes', '--username', 'bob', '--dry-run');
    expect(dry.status).toBe(0);
    expect(dry.output).toMatch(/-ARG USERNAME=ana\s*\n\s*\+ARG USERNAME=bob/);
    expect(r.snapshot()).toEqual(before);

    expect(r.run('--yes', '--username', 'bob', '--force').status).toBe(0);
    const after = r.snapshot();
    expect(after.Dockerfile).toContain('ARG USERNAME=bob');
    expect(JSON.parse(after['.yo-rc.json'])['generator-nonroot'].username).toBe('bob');
    expect(after['.devcontainer/devcontainer.json']).toContain('"remoteUser": "bob"');
    r.cleanup();
  });
});

describe('adopting a repo with hand-written files', () => {
  it('adopts the compose files the devcontainer lists, never a second one, and keeps their other content', () => {
    const compose = fixture('compose-anchors.yml');
    const override = 'services:\n  app:\n    ports: ["9229:9229"]  # the debugger\n';
    const r = repo({
      'compose.yml': compose,
      '.devcontainer/compose.dev.yml': override,
      '.devcontainer/devcontainer.json': fixture('devcontainer-commented.json'),
      '.gitignore': 'node_modules/\n',
    });
    const { status, output } = r.run('--yes', '--force');
    expect(status).toBe(0);
    const files = r.snapshot();
    expect(files['docker-compose.yml']).toBeUndefined();
    expect(files['compose.yml']).toContain('x-common: &common');
    expect(files['compose.yml'].startsWith(compose.split('services:')[0])).toBe(true);
    expect(files['.devcontainer/compose.dev.yml']).toBe(override);
    // The user's list of compose files and their comments stay; compose reads .env beside the first file.
    expect(files['.devcontainer/devcontainer.json']).toContain('"../compose.yml",\n        "compose.dev.yml", // local overrides');
    expect(files['.env']).toBe('HOST_UID=1000\nHOST_GID=1000\n');
    expect(files['.gitignore']).toBe('node_modules/\n.env\n');
    expect(output).toMatch(
      /Dev Container: \.devcontainer\/devcontainer\.json opens the service app of compose\.yml \+ \.devcontainer\/compose\.dev\.yml/,
    );
    expect(output).toMatch(/force compose\.yml/);
    // And the next run changes nothing.
    const again = r.run('--yes');
    expect(again.status).toBe(0);
    expect(r.snapshot()).toEqual(files);
    r.cleanup();
  });

  it('adopts the Dockerfile the service builds, with the user script inside its build context', () => {
    const compose = 'services:\n  app:\n    build:\n      context: ./backend\n      dockerfile: docker/dev.Dockerfile\n';
    const r = repo({ 'compose.yaml': compose, 'backend/docker/dev.Dockerfile': 'FROM debian:trixie-slim\nCOPY . /srv\n' });
    expect(r.run('--yes', '--force').status).toBe(0);
    const files = r.snapshot();
    expect(files.Dockerfile).toBeUndefined();
    expect(files['backend/docker/dev.Dockerfile']).toContain('COPY --chown=${UID}:${GID} . /srv');
    expect(files['backend/docker/dev.Dockerfile']).toContain('COPY .nonroot/create-user.sh /tmp/nonroot-create-user.sh');
    expect(files['backend/.nonroot/create-user.sh']).toBeDefined();
    expect(files['backend/.dockerignore']).toBe('.git\n.env\n');
    expect(files['compose.yaml']).toContain('      context: ./backend\n      dockerfile: docker/dev.Dockerfile\n');
    r.cleanup();
  });

  it("keeps the repo's project mount unless --workspace is given, and then says what it moved", () => {
    const compose = 'services:\n  web:\n    build: .\n    volumes:\n      - .:/code:cached\n';
    const r = repo({ 'compose.yaml': compose, Dockerfile: 'FROM debian\nWORKDIR /code\nCOPY . .\n' });
    expect(r.run('--yes', '--force').status).toBe(0);
    expect(r.snapshot()['compose.yaml']).toContain('      - .:/code:cached\n');
    expect(r.snapshot()['.devcontainer/devcontainer.json']).toContain('"workspaceFolder": "/code"');
    const moved = r.run('--yes', '--force', '--workspace', '/srv');
    expect(moved.output).toContain('--workspace /srv: the project mount of web moves from /code to /srv');
    expect(r.snapshot()['compose.yaml']).toContain('      - .:/srv:cached\n');
    r.cleanup();
  });

  it("leaves a file listed in .yo-resolve alone (yeoman's way to take a file over), without needing --force", () => {
    const r = repo({ Dockerfile: 'not even a Dockerfile\n', '.yo-resolve': 'Dockerfile skip\n' });
    const { status, output } = r.run('--yes');
    expect(status).toBe(0);
    expect(output).not.toMatch(/Dockerfile/);
    expect(r.snapshot().Dockerfile).toBe('not even a Dockerfile\n');
    expect(r.snapshot()['docker-compose.yml']).toBeDefined();
    r.cleanup();
  });

  it.each([
    ['compose.yaml', 'services:\n  app:\n    image: [broken\n', /compose\.yaml:\d+: /],
    ['.devcontainer/devcontainer.json', '{ "name": "x" "service": "y" }', /\.devcontainer\/devcontainer\.json:1: CommaExpected/],
    ['Dockerfile', 'RUN echo no from\n', /Dockerfile:1: no FROM instruction/],
  ])('fails on an unreadable %s with file:line, writing nothing', (name, text, message) => {
    const r = repo({ [name]: text });
    const before = r.snapshot();
    const { status, output } = r.run('--yes', '--force');
    expect(status).toBe(1);
    expect(output).toMatch(message);
    expect(r.snapshot()).toEqual(before);
    r.cleanup();
  });
});
