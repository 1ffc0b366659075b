// --id-strategy runtime on a real engine: one image, built once, run by two host users (1500:1500,
// and 1501:20 as a macOS user's GID), each getting their own IDs when the container starts;
// HOST_UID/HOST_GID override the workspace's owner; the command is PID 1 (signals, exit codes);
// the Dockerfile's own ENTRYPOINT and CMD still run. On Debian (util-linux setpriv) and on the
// BusyBox stand-in (chpst), so the drop uses a tool the image already has.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BASES, describeEngine, generateProject, projectIn, run, type HostUser, type Project, keyValues } from './support/lab.js';

const USERS: HostUser[] = [
  { uid: 1500, gid: 1500 },
  { uid: 1501, gid: 20 },
];
const PROBE =
  'echo NAME=$(id -un); echo ID=$(id -u):$(id -g); echo HOME=$HOME; echo ' +
  'HOME_OWNER=$(stat -c %u:%g "$HOME"); touch "$HOME/x" && echo ' +
  'HOME_WRITABLE=yes; touch /workspace/written && echo ' +
  'WORKSPACE_WRITABLE=yes';
const imageOf = (project: Project) => `${JSON.parse(project.compose(['config', '--format', 'json']).stdout).name}-app`;

/** A folder owned by `user`, as their checkout would be. */
function checkout(user: HostUser): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-e2e-checkout-'));
  fs.chmodSync(dir, 0o755);
  fs.chownSync(dir, user.uid, user.gid);
  return dir;
}

describeEngine.each([
  ['debian', BASES.debian],
  ['busybox', BASES.busybox],
])('--id-strategy runtime on %s', (_, base) => {
  let project: Project;
  let image: string;
  const folders: string[] = [];
  beforeAll(() => {
    project = generateProject(USERS[0], ['--base-image', base, '--id-strategy', 'runtime', '--username', 'dev']);
    project.compose(['build'], { buildkit: true });
    image = imageOf(project);
  });
  afterAll(() => {
    project?.cleanup();
    for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each(USERS.map((u) => [`${u.uid}:${u.gid}`, u] as const))(
    'one image: host user %s gets their IDs, a home they own, and files in the project that are theirs',
    (_, user) => {
      const dir = checkout(user);
      folders.push(dir);
      const out = keyValues(run('docker', ['run', '--rm', '-v', `${dir}:/workspace`, image, 'sh', '-c', PROBE]).stdout);
      const ids = `${user.uid}:${user.gid}`;
      expect(out).toMatchObject({
        NAME: 'dev',
        ID: ids,
        HOME: '/home/dev',
        HOME_OWNER: ids,
        HOME_WRITABLE: 'yes',
        WORKSPACE_WRITABLE: 'yes',
      });
      const stat = fs.statSync(path.join(dir, 'written'));
      expect(`${stat.uid}:${stat.gid}`).toBe(ids);
      // The workspace is read, never re-owned.
      expect(`${fs.statSync(dir).uid}:${fs.statSync(dir).gid}`).toBe(ids);
    },
  );

  it('HOST_UID/HOST_GID win over the workspace owner, and the workspace keeps its owner', () => {
    const dir = checkout(USERS[0]);
    folders.push(dir);
    const out = keyValues(
      run('docker', [
        'run',
        '--rm',
        '-e',
        'HOST_UID=2000',
        '-e',
        'HOST_GID=2000',
        '-v',
        `${dir}:/workspace`,
        image,
        'sh',
        '-c',
        'echo ID=$(id -u):$(id -g)',
      ]).stdout,
    );
    expect(out.ID).toBe('2000:2000');
    expect(fs.statSync(dir).uid).toBe(USERS[0].uid);
  });

  it('with nothing mounted, the image user keeps its own IDs', () => {
    expect(keyValues(run('docker', ['run', '--rm', image, 'sh', '-c', 'echo ID=$(id -u):$(id -g)']).stdout).ID).toBe('1000:1000');
  });

  it('the command is PID 1: its exit code and the signals docker sends reach it', () => {
    expect(run('docker', ['run', '--rm', image, 'sh', '-c', 'echo $$; exit 7'], { check: false })).toMatchObject({
      status: 7,
      stdout: '1\n',
    });
    const id = run('docker', ['run', '-d', image, 'sh', '-c', 'trap "exit 42" TERM; while :; do sleep 1; done']).stdout.trim();
    try {
      run('docker', ['stop', '-t', '20', id]);
      expect(run('docker', ['inspect', '-f', '{{.State.ExitCode}}', id]).stdout.trim()).toBe('42');
    } finally {
      run('docker', ['rm', '-f', id], { check: false });
    }
  });

  it('through compose the developer is the user, with no user: and no .env', () => {
    const out = keyValues(project.compose(['run', '--rm', '-T', 'app', 'sh', '-c', PROBE]).stdout);
    expect(out).toMatchObject({ NAME: 'dev', ID: '1500:1500', HOME_WRITABLE: 'yes', WORKSPACE_WRITABLE: 'yes' });
    expect(project.owner('written')).toBe('1500:1500');
  });
});

describeEngine('--id-strategy runtime adopting a Dockerfile with its own ENTRYPOINT and CMD', () => {
  let project: Project;
  beforeAll(() => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-e2e-'));
    fs.chmodSync(dir, 0o755);
    fs.writeFileSync(path.join(dir, 'app-entry.sh'), '#!/bin/sh\necho "app-entry as $(id -u):$(id -g)"\nexec "$@"\n', { mode: 0o755 });
    fs.writeFileSync(
      path.join(dir, 'Dockerfile'),
      `FROM ${BASES.debian}\nCOPY app-entry.sh /usr/local/bin/app-entry\n` +
        `ENTRYPOINT ["/usr/local/bin/app-entry"]\nCMD ["sh", "-c", "echo cmd as $(id -un)"]\n`,
    );
    fs.chownSync(dir, USERS[1].uid, USERS[1].gid);
    for (const f of fs.readdirSync(dir)) fs.chownSync(path.join(dir, f), USERS[1].uid, USERS[1].gid);
    run(process.execPath, [path.resolve('generators/cli.js'), '--yes', '--force', '--id-strategy', 'runtime', '--username', 'dev'], {
      cwd: dir,
      user: USERS[1],
      env: { ...process.env, HOME: os.tmpdir() },
    });
    project = projectIn(dir);
    project.compose(['build'], { buildkit: true });
  });
  afterAll(() => project?.cleanup());

  it("runs the Dockerfile's ENTRYPOINT and CMD after the remap, as the user", () => {
    const { stdout } = project.compose(['run', '--rm', '-T', 'app']);
    expect(stdout.trim().split('\n')).toEqual([`app-entry as ${USERS[1].uid}:${USERS[1].gid}`, 'cmd as dev']);
  });
});

describeEngine(
  "--id-strategy runtime on Node's guide (chown -R node:node): the image's node is re-IDed at start, its app folder with it",
  () => {
    let project: Project;
    beforeAll(() => {
      const dir = checkout(USERS[1]);
      fs.cpSync(path.resolve('test/fixtures/shapes/node-chown-after'), dir, { recursive: true });
      run('chown', ['-R', `${USERS[1].uid}:${USERS[1].gid}`, dir]);
      run(process.execPath, [path.resolve('generators/cli.js'), '--yes', '--force', '--id-strategy', 'runtime'], {
        cwd: dir,
        user: USERS[1],
        env: { ...process.env, HOME: os.tmpdir() },
      });
      project = projectIn(dir);
      project.compose(['build'], { buildkit: true });
    });
    afterAll(() => project?.cleanup());

    it('runs as the owner of the workspace, under the name node, and writes its dependency folder', () => {
      const script =
        'echo NAME=$(id -un); echo ID=$(id -u):$(id -g); echo HOME=$HOME; touch ' +
        '/home/node/app/node_modules/x && echo DEPS_WRITABLE=yes; echo ' +
        'FOREIGN=$(find /home/node -xdev ! -user "$(id -u)" ! -user 0 | head -n ' +
        '3)';
      const out = keyValues(project.compose(['run', '--rm', '-T', 'app', 'sh', '-c', script]).stdout);
      expect(out).toEqual({ NAME: 'node', ID: `${USERS[1].uid}:${USERS[1].gid}`, HOME: '/home/node', DEPS_WRITABLE: 'yes', FOREIGN: '' });
    });
  },
);
