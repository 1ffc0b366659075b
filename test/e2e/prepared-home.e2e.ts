// An image-based Dev Container whose image prepared its user, as the devcontainers images do:
// `vscode` at 1000 with a login shell, shell settings, a tool in ~/.local/bin and a sudoers entry.
// The repo names it (`"remoteUser": "vscode"`). Adopted with the defaults, the block keeps that
// user and the real Dev Containers CLI remaps it to the UID-1500 host user: the tool runs, the
// shell settings load, the home is the user's. With --username, the user is renamed and its home,
// shell and sudoers entry move with it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { devcontainerSession, type DevcontainerSession } from './support/devcontainer.js';
import { BIN, describeEngine, run, type HostUser } from './support/lab.js';

const host: HostUser = { uid: 1500, gid: 1500 };
const IMAGE = 'nonroot-e2e-prepared-home:latest';

/** Like mcr.microsoft.com/devcontainers/base: a prepared vscode user at 1000. */
const PREPARED = [
  'FROM nonroot-lab/debian:trixie',
  'RUN groupadd -g 1000 vscode && useradd -l -m -u 1000 -g 1000 -s /bin/bash vscode \\',
  '    && mkdir -p /etc/sudoers.d /home/vscode/.local/bin \\',
  "    && echo 'vscode ALL=(root) NOPASSWD:ALL' > /etc/sudoers.d/vscode && chmod 0440 /etc/sudoers.d/vscode \\",
  "    && printf '#!/bin/sh\\necho prepared-tool\\n' > /home/vscode/.local/bin/devtool && chmod +x /home/vscode/.local/bin/devtool \\",
  '    && echo \'export PREPARED_SHELL=yes PATH="$HOME/.local/bin:$PATH"\' >> /home/vscode/.bashrc \\',
  '    && chown -R vscode:vscode /home/vscode',
  '',
].join('\n');

describeEngine.each([
  ['the defaults: vscode is kept and re-IDed', [], 'vscode'],
  ['--username dev: vscode is renamed, its home, shell and sudoers entry move with it', ['--username', 'dev'], 'dev'],
] as const)('an image-based Dev Container whose image prepared its user, %s', (_, flags, user) => {
  let dir: string;
  let session: DevcontainerSession;
  let output: string;
  beforeAll(() => {
    run('docker', ['build', '-q', '-t', IMAGE, '-'], { input: PREPARED, env: { ...process.env, DOCKER_BUILDKIT: '0' } });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-prepared-'));
    fs.mkdirSync(path.join(dir, '.devcontainer'));
    fs.writeFileSync(path.join(dir, '.devcontainer/devcontainer.json'), `{\n  "image": "${IMAGE}",\n  "remoteUser": "vscode"\n}\n`);
    run('chown', ['-R', `${host.uid}:${host.gid}`, dir]);
    const ran = run(process.execPath, [BIN, '--yes', '--force', ...flags], {
      cwd: dir,
      user: host,
      env: { ...process.env, HOME: os.tmpdir() },
    });
    output = ran.stdout + ran.stderr;
    session = devcontainerSession(dir, host);
    session.cli(['up']);
  }, 600_000);
  afterAll(() => {
    session?.cleanup();
    run('docker', ['rmi', '-f', IMAGE], { check: false });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('says which user it takes over, named by the devcontainer.json', () => {
    expect(output).toContain(' its user vscode (.devcontainer/devcontainer.json "remoteUser": "vscode")');
  });

  it('runs as the host user, under the user the run chose, with the prepared home, shell, settings and tool', () => {
    const script =
      'echo "$(id -u):$(id -un):$HOME:$(getent passwd "$(id -un)" | cut -d: ' +
      '-f7)"; echo "$PREPARED_SHELL"; devtool; stat -c %u "$HOME" ' +
      '"$HOME/.local/bin/devtool"';
    const { stdout } = session.cli(['exec', 'bash', '-ic', script]);
    expect(stdout.trim().split('\n').slice(-5)).toEqual([`1500:${user}:/home/vscode:/bin/bash`, 'yes', 'prepared-tool', '1500', '1500']);
  });

  it('keeps the sudoers entry, naming the user', () => {
    const container = run('docker', ['ps', '-q', '--filter', `label=devcontainer.local_folder=${dir}`]).stdout.trim();
    expect(run('docker', ['exec', '-u', '0', container, 'cat', '/etc/sudoers.d/vscode']).stdout).toBe(`${user} ALL=(root) NOPASSWD:ALL\n`);
  });

  it('writes workspace files the host user owns', () => {
    session.cli(['exec', 'sh', '-c', 'touch "$PWD/by-prepared"']);
    expect(fs.statSync(path.join(dir, 'by-prepared')).uid).toBe(host.uid);
  });
});
