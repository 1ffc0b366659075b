// The published package as users get it: `npm pack`, installed with yo 7, run as a non-root
// host user (yo refuses root) through `yo nonroot` and through the package's own bin, with
// --yes and with answers typed at the prompts in a real terminal (a PTY from `script`).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { parseJsoncStrict } from '../support/generate.js';
import { accountName, describeEngine, dockerGid, run, type HostUser } from './support/lab.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const user: HostUser = { uid: 1500, gid: 1500 };
const strategies = ['build-arg', 'fixed', 'devcontainer'];

// Not an engine test, but it needs a host user to act as (root in CI), as the engine tests do.
describeEngine('the packed package', () => {
  let prefix: string;
  const bin = (name: string) => path.join(prefix, 'node_modules/.bin', name);

  /** A project folder owned by the user; the generator runs there as them. */
  function folder() {
    const dir = fs.mkdtempSync(path.join(prefix, 'project-'));
    fs.chownSync(dir, user.uid, user.gid);
    return dir;
  }
  const env = (dir: string) => ({ ...process.env, HOME: dir, TERM: 'dumb' });
  const generated = (dir: string) => ({
    compose: parse(fs.readFileSync(path.join(dir, 'docker-compose.yml'), 'utf8')),
    devcontainer: parseJsoncStrict(fs.readFileSync(path.join(dir, '.devcontainer/devcontainer.json'), 'utf8'), 'devcontainer.json'),
    stored: JSON.parse(fs.readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'))['generator-nonroot'],
    dockerfile: fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'),
  });

  beforeAll(() => {
    prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-pack-'));
    fs.chmodSync(prefix, 0o755);
    const packed = run('npm', ['pack', '--silent', '--pack-destination', prefix], { cwd: ROOT }).stdout.trim().split('\n').at(-1)!;
    const yo = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/yo/package.json'), 'utf8')).version;
    run('npm', ['install', '--no-audit', '--no-fund', '--prefix', prefix, `yo@${yo}`, path.join(prefix, packed)]);
  }, 300_000);
  afterAll(() => fs.rmSync(prefix, { recursive: true, force: true }));

  describe.each(strategies)('--id-strategy %s --yes', (strategy) => {
    it.each([
      ['yo nonroot', () => [bin('yo'), 'nonroot', '--no-insight']],
      ['generator-nonroot', () => [bin('generator-nonroot')]],
    ])('%s writes every file', (_, command) => {
      const dir = folder();
      const [cmd, ...args] = command();
      run(cmd, [...args, '--yes', '--id-strategy', strategy], { cwd: dir, user, env: env(dir), stdio: ['ignore', 'pipe', 'pipe'] });
      const out = generated(dir);
      expect(out.stored.idStrategy).toBe(strategy);
      expect(out.compose.services.app.user).toEqual(
        strategy === 'build-arg' ? expect.stringMatching(/^\$\{HOST_UID:\?/) : strategy === 'fixed' ? '1500:1500' : '1000:1000',
      );
      expect(out.devcontainer.service).toBe('app');
      if (strategy === 'build-arg') expect(fs.readFileSync(path.join(dir, '.env'), 'utf8')).toBe('HOST_UID=1500\nHOST_GID=1500\n');
      else expect(fs.existsSync(path.join(dir, '.env'))).toBe(false);
      // The default username is the host login (a throwaway account, or the machine's own at 1500).
      expect(out.dockerfile).toContain(`ARG USERNAME=${accountName(user)}`);
    });
  });

  it.each([
    ['yo nonroot:check', () => [bin('yo'), 'nonroot:check', '--no-insight']],
    ['generator-nonroot check', () => [bin('generator-nonroot'), 'check']],
  ])('%s audits a repo: clean after the generator, findings and exit 1 on a Dockerfile without a user', (_, command) => {
    const dir = folder();
    const [cmd, ...args] = command();
    run(bin('generator-nonroot'), ['--yes'], { cwd: dir, user, env: env(dir), stdio: ['ignore', 'pipe', 'pipe'] });
    expect(run(cmd, args, { cwd: dir, user, env: env(dir) }).stdout).toContain('check: clean');
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM debian\nCOPY . /app\n');
    const found = run(cmd, [...args, '--format', 'json'], { cwd: dir, user, env: env(dir), check: false });
    expect(found.status).toBe(1);
    expect(JSON.parse(found.stdout.slice(found.stdout.indexOf('{'))).findings.map((f: { rule: string }) => f.rule)).toContain('NR101');
  });

  it('yo nonroot asks in a terminal and uses what was typed', async () => {
    const dir = folder();
    // Each prompt is answered once its text shows up; the list is moved with the arrow key.
    const script: [RegExp, string][] = [
      [/Base image/, 'nonroot-lab/debian:trixie\r'],
      [/Username in the container/, '\x15ana\r'],
      [/How the container user gets/, '\x1b[B\r'],
      [/UID of the container user/, '2000\r'],
      [/GID of the container user/, '2001\r'],
      [/Kubernetes manifests for the cluster/, 'n\r'],
      [/Passwordless sudo/, 'y\r'],
    ];
    const yo = [bin('yo'), 'nonroot', '--no-insight'].join(' ');
    // In the docker group, as a developer is: the engine answers, and the strategy prompt starts on build-arg.
    const child = spawn(
      'setpriv',
      [`--reuid=${user.uid}`, `--regid=${user.gid}`, `--groups=${dockerGid()}`, 'script', '-qfec', yo, '/dev/null'],
      {
        cwd: dir,
        env: { ...env(dir), TERM: 'xterm' },
      },
    );
    let screen = '';
    let transcript = '';
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString();
      transcript += chunk.toString();
      while (script.length > 0 && script[0][0].test(screen)) {
        screen = '';
        child.stdin.write(script.shift()![1]);
      }
    });
    const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(script).toEqual([]);
    expect(status).toBe(0);
    // The engine was asked before the strategy prompt, which started on its choice (one arrow down: fixed).
    expect(transcript).toMatch(/rootful Docker answers: defaulting to build-arg/);
    // No warning of ours or of a dependency (e.g. inquirer's "`list` prompt is deprecated") reaches the terminal.
    expect(transcript).not.toMatch(/deprecat|warn/i);
    expect(generated(dir).stored).toMatchObject({
      baseImage: 'nonroot-lab/debian:trixie',
      username: 'ana',
      idStrategy: 'fixed',
      uid: 2000,
      gid: 2001,
      sudo: true,
    });
    expect(
      spawnSync('grep', ['-c', 'NONROOT_SUDO=1', path.join(dir, 'Dockerfile')])
        .stdout.toString()
        .trim(),
    ).toBe('1');
  }, 60_000);
});
