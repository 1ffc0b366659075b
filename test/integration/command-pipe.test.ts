// A command whose reader goes away (`generator-nonroot check --format sarif | head -c 0`, a pager
// quit early) ends quietly with the exit status it would have had, as `git log | head` does: no
// EPIPE stack trace. Through a real pipe: bash runs the built bin into `head -c 0`, which has exited
// before node writes, and reports the bin's own status (PIPESTATUS).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../generators/cli.js', import.meta.url));

function piped(dir: string, args: string[]) {
  const script = '"$0" "$@" | head -c 0; exit "${PIPESTATUS[0]}"';
  const r = spawnSync('bash', ['-c', script, process.execPath, BIN, ...args], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-pipe-'));
  // Findings at error level: check exits 1.
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM node:22\nCOPY . /app\n');
  fs.writeFileSync(path.join(dir, 'compose.yaml'), 'services:\n  app:\n    build: .\n    user: "${UID}"\n');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it.each([
  [['check', '--format', 'sarif'], 1],
  [['check'], 1],
  [['check', '--help'], 0],
])('%j into a closed pipe: exit %i, nothing on stderr', (args, status) => {
  const unpiped = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8' });
  expect(unpiped.status).toBe(status);
  expect(piped(dir, args)).toEqual({ status, stdout: '', stderr: '' });
});
