// The package's own bin, as a user runs it: a real process with no TTY on stdin.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listFiles } from '../support/generate.js';

const BIN = fileURLToPath(new URL('../../generators/cli.js', import.meta.url));

function runBin(args: string[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-bin-'));
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: 60_000,
  });
  const files = listFiles(dir);
  fs.rmSync(dir, { recursive: true, force: true });
  return { ...result, files };
}

beforeAll(() => {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build (npm test does)`);
});

describe('generator-nonroot (bin)', () => {
  it('generates every file with --yes and no terminal', () => {
    const { status, files, stdout, stderr } = runBin(['--yes', '--username', 'ana']);
    expect(status).toBe(0);
    expect(files).toEqual(
      expect.arrayContaining(['Dockerfile', 'docker-compose.yml', '.devcontainer/devcontainer.json', '.env', '.yo-rc.json']),
    );
    expect(`${stdout}${stderr}`).toMatch(/create Dockerfile/); // yeoman logs to stderr
  });

  it('does not prompt without --yes when stdin is not a terminal', () => {
    const { status, files } = runBin(['--id-strategy', 'fixed', '--uid', '1500', '--gid', '1500']);
    expect(status).toBe(0);
    expect(files).toContain('Dockerfile');
  });

  it('exits 1 with the flag named and writes nothing on bad input', () => {
    const { status, stderr, files } = runBin(['--yes', '--uid', '-5', '--username', 'Root']);
    expect(status).toBe(1);
    expect(stderr).toContain('generator-nonroot: nothing was written; fix these and run again:');
    expect(stderr).toContain('--username "Root": must start with a lowercase letter');
    expect(stderr).toContain('--uid "-5": must be a whole number');
    expect(stderr).not.toMatch(/\n\s+at /); // a message for people, not a stack trace
    expect(files).toEqual([]);
  });

  it('lists every flag in --help', () => {
    const { stdout } = runBin(['--help']);
    for (const flag of ['--base-image', '--username', '--id-strategy', '--uid', '--gid', '--service', '--workspace', '--sudo', '--yes']) {
      expect(stdout).toContain(flag);
    }
  });
});
