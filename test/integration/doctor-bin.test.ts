// `generator-nonroot doctor` as users run it: exit codes, both formats, bad input, no engine and an
// engine that hangs (bounded by the probe's timeout), and `yo nonroot:doctor` through yeoman.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { jest } from '@jest/globals';
import helpers from 'yeoman-test';
import { listFiles } from '../support/generate.js';

const BIN = fileURLToPath(new URL('../../generators/cli.js', import.meta.url));
const DOCTOR_GENERATOR = fileURLToPath(new URL('../../src/doctor/index.ts', import.meta.url));
const ENGINES = fileURLToPath(new URL('../fixtures/engines', import.meta.url));

const made: string[] = [];
afterEach(() => made.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function folder(files: Record<string, string> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-doctor-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

function doctor(args: string[], { cwd = os.tmpdir(), env = {} as NodeJS.ProcessEnv } = {}) {
  const engine = { NONROOT_ENGINE_INFO: path.join(ENGINES, 'docker-rootful.json') };
  // The bound: a doctor that hung would be killed here and fail the test on its status.
  const r = spawnSync(process.execPath, [BIN, 'doctor', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...engine, ...env },
    timeout: 20_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// What the IDs in .env should be for whoever runs the tests (root's are 1000, as the generator writes).
const uid = process.getuid!() === 0 ? 1000 : process.getuid!();
const stale = {
  '.yo-rc.json': JSON.stringify({ 'generator-nonroot': { idStrategy: 'build-arg' } }),
  'compose.yaml': 'services:\n  app:\n    build: .\n',
  '.env': `HOST_UID=${uid + 1}\nHOST_GID=1\n`,
};

describe('generator-nonroot doctor', () => {
  it('says what it runs in --help', () => {
    const r = doctor(['--help']);
    expect(r.status).toBe(0);
    for (const check of ['host', 'engine', 'strategy', 'env', 'remap', 'keep-id', 'tree'])
      expect(r.stdout).toMatch(new RegExp(`^  ${check} `, 'm'));
  });

  it('exits 1 with the fix when a check fails, 0 when none does', () => {
    const dir = folder(stale);
    const r = doctor([dir]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/✗ env +\.env says HOST_UID=/);
    expect(r.stdout).toMatch(/next: run sh \.nonroot\/host-ids\.sh/);
    fs.writeFileSync(path.join(dir, '.env'), `HOST_UID=${uid}\nHOST_GID=${process.getgid!() === 0 ? 1000 : process.getgid!()}\n`);
    expect(doctor([], { cwd: dir }).status).toBe(0);
  });

  it('writes JSON with the facts and every finding', () => {
    const r = doctor([folder(stale), '--format=json']);
    const report = JSON.parse(r.stdout);
    expect(report.engine).toMatchObject({ name: 'docker', rootless: false });
    expect(report.findings.find((f: { check: string }) => f.check === 'env')).toMatchObject({ status: 'fail' });
    expect(report.tree).toMatchObject({ scanned: 3 });
  });

  it('still reports the host and the tree when no engine answers, and an engine that hangs is no answer', () => {
    const none = doctor([folder()], { env: { NONROOT_ENGINE_INFO: 'none' } });
    expect(none.stdout).toMatch(/! engine +no engine answered/);
    expect(none.stdout).toMatch(/ host /);
    const bin = folder();
    fs.writeFileSync(path.join(bin, 'docker'), '#!/bin/sh\nexec sleep 60\n', { mode: 0o755 });
    const hung = doctor([folder()], { env: { NONROOT_ENGINE_INFO: '', PATH: bin } });
    expect(hung.stdout).toMatch(/! engine +no engine answered/);
  });

  it('exits 2 on bad input, naming the flag or folder, and writes nothing', () => {
    const dir = folder();
    expect(doctor(['--nope'], { cwd: dir })).toMatchObject({ status: 2, stderr: expect.stringContaining('--nope: unknown option') });
    expect(doctor(['--format', 'xml'], { cwd: dir })).toMatchObject({ status: 2, stderr: expect.stringContaining('--format "xml"') });
    expect(doctor([path.join(dir, 'missing')])).toMatchObject({ status: 2, stderr: expect.stringContaining('missing: no such folder') });
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('yo nonroot:doctor', () => {
  it('runs the same checks through yeoman, writing nothing and setting the exit code', async () => {
    const exitCode = process.exitCode;
    const info = process.env.NONROOT_ENGINE_INFO;
    process.env.NONROOT_ENGINE_INFO = path.join(ENGINES, 'docker-rootful.json');
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const write = (dir: string) => Object.entries(stale).forEach(([name, text]) => fs.writeFileSync(path.join(dir, name), text));
      const result = await helpers
        .run(DOCTOR_GENERATOR)
        .inTmpDir(write)
        .withOptions({ format: 'json' } as never);
      const printed = stdout.mock.calls.map(([chunk]) => String(chunk)).join('');
      expect(JSON.parse(printed).findings.find((f: { check: string }) => f.check === 'env')).toMatchObject({ status: 'fail' });
      expect(process.exitCode).toBe(1);
      expect(listFiles(result.cwd).sort()).toEqual(['.env', '.yo-rc.json', 'compose.yaml']);
      result.cleanup();
    } finally {
      stdout.mockRestore();
      process.exitCode = exitCode;
      if (info === undefined) delete process.env.NONROOT_ENGINE_INFO;
      else process.env.NONROOT_ENGINE_INFO = info;
    }
  });
});
