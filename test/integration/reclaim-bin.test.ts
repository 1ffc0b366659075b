// `generator-nonroot reclaim` as users run it: --help, bad input, a tree with nothing to give back,
// and root, for whom there is nothing to reclaim. Giving files back is proven on the engines (e2e).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../generators/cli.js', import.meta.url));

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-reclaim-'));
  fs.writeFileSync(path.join(dir, 'app.js'), '');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const reclaim = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, 'reclaim', ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NONROOT_ENGINE_INFO: 'none' },
    timeout: 20_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('generator-nonroot reclaim', () => {
  it('says what it does in --help', () => {
    const r = reclaim('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/without sudo/);
    expect(r.stdout).toMatch(/--yes/);
  });

  it('exits 2 on bad input, naming the flag or folder, and changes nothing', () => {
    expect(reclaim('--force')).toMatchObject({ status: 2, stderr: expect.stringContaining('--force: unknown option') });
    expect(reclaim('--format=xml')).toMatchObject({ status: 2, stderr: expect.stringContaining('--format "xml"') });
    expect(reclaim('--image', '$(id)')).toMatchObject({ status: 2, stderr: expect.stringContaining('--image "$(id)"') });
    expect(reclaim('missing')).toMatchObject({ status: 2, stderr: expect.stringContaining('missing: no such folder') });
    expect(fs.readdirSync(dir)).toEqual(['app.js']);
  });

  it('has nothing to do in a tree that is all yours; as root, says root has nothing to reclaim', () => {
    const r = reclaim('--yes');
    if (process.getuid!() === 0) expect(r).toMatchObject({ status: 2, stderr: expect.stringContaining('you are root') });
    else expect(r).toMatchObject({ status: 0, stdout: expect.stringMatching(/all 1 files and folders are yours: nothing to do/) });
  });
});
