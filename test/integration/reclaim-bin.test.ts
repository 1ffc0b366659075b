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
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM debian\n');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const reclaim = (...args: string[]) => reclaimWith({}, ...args);
const reclaimWith = (env: NodeJS.ProcessEnv, ...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, 'reclaim', ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NONROOT_ENGINE_INFO: 'none', ...env },
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
    expect(reclaim('--yes=false')).toMatchObject({ status: 2, stderr: expect.stringContaining('--yes takes no value') });
    expect(reclaim('--image')).toMatchObject({ status: 2, stderr: expect.stringContaining('--image: needs a value') });
    expect(reclaim('missing')).toMatchObject({ status: 2, stderr: expect.stringContaining('missing: no such folder') });
    expect(fs.readdirSync(dir).sort()).toEqual(['Dockerfile', 'app.js']);
  });

  it('refuses a folder that is not a project, and a home folder, whatever it holds', () => {
    fs.rmSync(path.join(dir, 'Dockerfile'));
    expect(reclaim('--yes')).toMatchObject({ status: 2, stderr: expect.stringContaining('not a project folder') });
    fs.mkdirSync(path.join(dir, '.git'));
    expect(reclaimWith({ HOME: dir }, '--yes')).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('your home or a folder above it'),
    });
    expect(reclaimWith({ HOME: path.join(dir, 'ana') }, '--yes')).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('your home'),
    });
    expect(reclaim('/')).toMatchObject({ status: 2, stderr: expect.stringContaining('/: your home or a folder above it') });
  });

  it('has nothing to do in a tree that is all yours; as root, says root has nothing to reclaim', () => {
    const r = reclaim('--yes');
    if (process.getuid!() === 0) expect(r).toMatchObject({ status: 2, stderr: expect.stringContaining('you are root') });
    else expect(r).toMatchObject({ status: 0, stdout: expect.stringMatching(/all 2 files and folders are yours: nothing to do/) });
  });
});
