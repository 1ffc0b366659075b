// `generator-nonroot check` as users and CI run it: exit codes, the three formats, bad input, and
// that it writes nothing. `yo nonroot:check` runs the same engine through yeoman.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { jest } from '@jest/globals';
import helpers from 'yeoman-test';
import { listFiles } from '../support/generate.js';

const BIN = fileURLToPath(new URL('../../generators/cli.js', import.meta.url));
const CHECK_GENERATOR = fileURLToPath(new URL('../../src/check/index.ts', import.meta.url));

// Every folder a test makes goes when it ends, passed or failed.
const made: string[] = [];
afterEach(() => made.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function repo(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-check-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  const check = (...args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, 'check', ...args], { cwd: dir, encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  return { dir, check, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

const WARNING_ONLY = { Dockerfile: 'FROM node:22\nUSER node\n' };
const ERRORS = { Dockerfile: 'FROM node:22\nCOPY . /app\n', 'compose.yaml': 'services:\n  app:\n    build: .\n    user: "${UID}"\n' };

describe('generator-nonroot check', () => {
  it('exits 0 on a clean repo and says so', () => {
    const r = repo({ Dockerfile: 'FROM debian\nUSER 1000:1000\n' });
    expect(r.check()).toMatchObject({ status: 0, stdout: 'check: clean\n' });
    r.cleanup();
  });

  it('exits 1 on findings at or above --fail-on (default error), grouped by file, without colour when piped', () => {
    const r = repo(ERRORS);
    const { status, stdout } = r.check();
    expect(status).toBe(1);
    expect(stdout).toMatch(/^compose\.yaml\n {5}4 {2}error {4}NR201 {2}\$\{UID\}: compose never sees bash's UID\n {8}why: .*\n {8}fix: /);
    expect(stdout).toMatch(/\n\nDockerfile\n {5}1 {2}error {4}NR101 {2}stage 1 \(FROM node:22\) has no USER/);
    // eslint-disable-next-line no-control-regex -- ANSI colour codes
    expect(stdout).not.toMatch(/\u001b\[/);
    expect(stdout.trim().split('\n').at(-1)).toBe('check: 2 errors (NR101, NR201)');
    const warnings = repo(WARNING_ONLY);
    expect(warnings.check().status).toBe(0);
    expect(warnings.check('--fail-on', 'warning').status).toBe(1);
    expect(warnings.check('--fail-on=note').status).toBe(1);
    r.cleanup();
    warnings.cleanup();
  });

  it('writes JSON and SARIF for machines, and never a file', () => {
    const r = repo(ERRORS);
    const before = listFiles(r.dir);
    const json = JSON.parse(r.check('--format', 'json').stdout);
    expect(json.findings.map((f: { rule: string; file: string; line: number }) => [f.rule, f.file, f.line])).toEqual(
      [
        ['NR201', 'compose.yaml', 4],
        ['NR101', 'Dockerfile', 1],
      ].sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
    );
    expect(json.findings[0]).toMatchObject({ severity: 'error', why: expect.any(String), fix: expect.stringContaining('yo nonroot') });
    const sarif = JSON.parse(r.check('--format', 'sarif').stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId).sort()).toEqual(['NR101', 'NR201']);
    expect(listFiles(r.dir)).toEqual(before);
    r.cleanup();
  });

  it('exits 2 on a file it cannot read, with file:line and no stack trace', () => {
    const r = repo({ 'compose.yaml': 'services:\n  app:\n    image: [oops\n' });
    const { status, stdout, stderr } = r.check();
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^generator-nonroot check: nothing was checked; fix this and run again:\n {2}compose\.yaml:\d+: /);
    expect(stderr).not.toMatch(/\n\s+at /);
    r.cleanup();
  });

  it('goes on past a devcontainer.json naming a compose file that does not exist: a finding there, and the Dockerfile is audited', () => {
    const r = repo({
      '.devcontainer/devcontainer.json':
        '{\n  "dockerComposeFile": [\n    "../compose.yaml",\n    "compose.dev.yaml"\n  ],\n  "service": "app"\n}\n',
      'compose.yaml': 'services:\n  app:\n    build: .\n',
      Dockerfile: 'FROM debian\n',
    });
    const { status, stdout } = r.check('--format', 'json');
    expect(status).toBe(1);
    expect(JSON.parse(stdout).findings.map((f: { rule: string; file: string; line: number }) => [f.rule, f.file, f.line])).toEqual([
      ['NR303', '.devcontainer/devcontainer.json', 4],
      ['NR101', 'Dockerfile', 1],
    ]);
    r.cleanup();
  });

  it('exits 2 on a bad flag, naming it and what it takes', () => {
    const r = repo(WARNING_ONLY);
    expect(r.check('--format', 'xml')).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('--format "xml": must be one of text, json, sarif'),
    });
    expect(r.check('--nope')).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('--nope: unknown option; see generator-nonroot check --help'),
    });
    expect(r.check('--help')).toMatchObject({
      status: 0,
      stdout: expect.stringContaining('Usage: generator-nonroot check [folder] [options]'),
    });
    r.cleanup();
  });

  it('checks the folder it is given', () => {
    const r = repo({ 'sub/Dockerfile': 'FROM debian\n' });
    const r2 = spawnSync(process.execPath, [BIN, 'check', path.join(r.dir, 'sub')], { encoding: 'utf8' });
    expect(r2.status).toBe(1);
    expect(r2.stdout).toMatch(/^Dockerfile\n/);
    r.cleanup();
  });
});

describe('yo nonroot:check', () => {
  it('runs the same audit through yeoman, writing nothing and setting the exit code', async () => {
    const exitCode = process.exitCode;
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      // The audit reads the repo on disk (as users have it), not yeoman's in-memory files.
      const write = (dir: string) => Object.entries(ERRORS).forEach(([name, text]) => fs.writeFileSync(path.join(dir, name), text));
      const result = await helpers
        .run(CHECK_GENERATOR)
        .inTmpDir(write)
        .withOptions({ format: 'json' } as never);
      const printed = stdout.mock.calls.map(([chunk]) => String(chunk)).join('');
      expect(
        JSON.parse(printed)
          .findings.map((f: { rule: string }) => f.rule)
          .sort(),
      ).toEqual(['NR101', 'NR201']);
      expect(process.exitCode).toBe(1);
      expect(listFiles(result.cwd).sort()).toEqual(['Dockerfile', 'compose.yaml']);
      result.cleanup();
    } finally {
      stdout.mockRestore();
      process.exitCode = exitCode;
    }
  });
});
