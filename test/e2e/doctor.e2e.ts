// doctor and reclaim on this machine's engines, as a developer runs them: host user 1500, no sudo,
// in a repo containers already ran in (a dependency folder, a cache, build output and .git/objects
// written by them). On rootful Docker a root container wrote them; on rootless Docker and rootless
// Podman a container user (UID 1000 inside: a subordinate UID outside). doctor counts them by
// folder; `yo nonroot` ends its run with the one line; reclaim's dry run changes nothing;
// `reclaim --yes` gives every one back, contents and modes as they were, through a symlink to a
// host file outside the project without touching that file; doctor is then clean. reclaim is
// judged by the test's own look at the tree (find, and every entry's owner, mode and content
// before and after), not by its report or the scanner it shares with doctor; and by a link the
// container left (root's on rootful Docker) pointing out of the project at a root-owned host file.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { accountName, BASES, BIN, describeEngine, run, type HostUser, type Ran } from './support/lab.js';
import { startPodman, startRootlessDocker, type Rootless } from './support/rootless.js';

const HOST: HostUser = { uid: 1500, gid: 1500 };
// The link points to /etc: in the container its own, on the host the host's, which reclaim must not touch.
const POLLUTE =
  'mkdir -p /w/node_modules/dep /w/__pycache__ /w/dist /w/.git/objects/ab && echo dep > /w/node_modules/dep/index.js && ' +
  'touch /w/__pycache__/m.pyc /w/dist/app.js /w/.git/objects/ab/cdef && chmod 600 /w/dist/app.js && ln -s /etc /w/etc-link';

type As = (command: string, args: string[], cwd: string) => Ran;

/** Every file's content hash and mode (symlinks as their target path): what reclaim must not change. */
function contents(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    const stat = fs.lstatSync(file);
    const body = stat.isSymbolicLink()
      ? fs.readlinkSync(file)
      : stat.isFile()
        ? createHash('sha256').update(fs.readFileSync(file)).digest('hex')
        : '';
    out[path.relative(dir, file)] = `${(stat.mode & 0o7777).toString(8)} ${body}`;
  }
  return out;
}

/** Every entry's owner, `uid:gid`, the folder itself included: only these may change. Symlinks are not followed. */
function owners(dir: string, file = '.', out: Record<string, string> = {}): Record<string, string> {
  const stat = fs.lstatSync(path.join(dir, file));
  out[file] = `${stat.uid}:${stat.gid}`;
  // Not readdirSync's recursive string form: it descends into a link to a folder (etc-link, /etc).
  if (stat.isDirectory()) for (const name of fs.readdirSync(path.join(dir, file))) owners(dir, path.join(file, name), out);
  return out;
}

/** The host's own `find`, not reclaim's scanner: every entry in `dir` not the host user's, by UID or GID. */
const notYours = (dir: string) =>
  run('find', [dir, '(', '!', '-user', String(HOST.uid), '-o', '!', '-group', String(HOST.gid), ')', '-print'])
    .stdout.split('\n')
    .filter(Boolean);

/** A repo of the host user's that `write` (a container) then wrote into, and a host file outside it a symlink points to. */
function pollutedRepo(as: As, write: (dir: string) => void) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-e2e-doctor-'));
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-e2e-outside-'));
  fs.writeFileSync(path.join(outside, 'secret'), 'host file\n', { mode: 0o640 });
  fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"app"}\n');
  fs.symlinkSync(path.join(outside, 'secret'), path.join(dir, 'link'));
  run('chown', ['-hR', `${HOST.uid}:${HOST.gid}`, dir]);
  fs.chmodSync(dir, 0o755);
  const cleanup = () => [dir, outside].forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
  try {
    as('git', ['init', '-q'], dir);
    write(dir);
  } catch (error) {
    cleanup(); // a repo that could not be polluted is no one's: leave nothing behind
    throw error;
  }
  const secret = path.join(outside, 'secret');
  return {
    dir,
    secretPath: secret,
    /** The root-owned host file outside the project: owner, mode and content. */
    secret: () => {
      const stat = fs.lstatSync(secret);
      return { uid: stat.uid, gid: stat.gid, mode: stat.mode, content: fs.readFileSync(secret, 'utf8') };
    },
    cleanup,
  };
}

/**
 * The same story on one engine: `as` runs a command as the host user against it; `leaveLink` makes
 * `dir`/out-link point at `target`, owned as the engine's containers leave files (not the host user's).
 */
function story(as: As, write: (dir: string) => void, owner: RegExp, leaveLink: (dir: string, target: string) => void) {
  let repo: ReturnType<typeof pollutedRepo>;
  beforeAll(() => (repo = pollutedRepo(as, write)));
  afterAll(() => repo?.cleanup());

  it('doctor counts what containers left per folder, who owns it, and names reclaim', () => {
    const r = as(process.execPath, [BIN, 'doctor'], repo.dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/✗ tree +10 of \d+ files and folders here are not yours/);
    expect(r.stdout).toMatch(new RegExp(`node_modules/: 3 \\(${owner.source}: 3\\), e\\.g\\. node_modules`));
    expect(r.stdout).toMatch(/__pycache__\/: 2 /);
    expect(r.stdout).toMatch(/dist\/: 2 /);
    // .git and .git/objects are the user's (git init); what the container added in it is not.
    expect(r.stdout).toMatch(/\.git\/: 2 .*e\.g\. \.git\/objects\/ab/);
    expect(r.stdout).toContain('next: generator-nonroot reclaim');
  });

  it('yo nonroot ends its run with the one line', () => {
    const r = as(process.execPath, [BIN, '--yes', '--base-image', BASES.debian], repo.dir);
    expect(r.status).toBe(0);
    expect(`${r.stdout}${r.stderr}`).toMatch(
      /doctor: 10 files and folders here are not yours \(.*node_modules 3.*\): generator-nonroot reclaim/,
    );
  });

  it('reclaim: a dry run changes nothing, --yes gives every file back and nothing else changes', () => {
    // What a container left besides: a link out of the project at a root-owned host file. reclaim
    // gives the link to the user (an owner change, as for every entry) and must not follow it.
    leaveLink(repo.dir, repo.secretPath);
    const link = path.join(repo.dir, 'out-link');
    expect(fs.lstatSync(link).uid).not.toBe(HOST.uid);
    const before = { contents: contents(repo.dir), owners: owners(repo.dir) };
    const secret = repo.secret();
    expect(secret).toMatchObject({ uid: 0, gid: 0, content: 'host file\n' });
    const etc = fs.statSync('/etc');
    const dry = as(process.execPath, [BIN, 'reclaim'], repo.dir);
    expect(dry.status).toBe(1);
    expect(dry.stdout).toMatch(/dry run: 11 would be yours; run again with --yes/);
    expect({ contents: contents(repo.dir), owners: owners(repo.dir) }).toEqual(before);
    expect(notYours(repo.dir)).toHaveLength(11);
    expect(JSON.parse(as(process.execPath, [BIN, 'doctor', '--format', 'json'], repo.dir).stdout).tree.foreign).toBe(11);

    const done = as(process.execPath, [BIN, 'reclaim', '--yes'], repo.dir);
    expect(`exit ${done.status}\n${done.stdout}${done.stderr}`).toMatch(/^exit 0\n[\s\S]*done: 11 are yours now\n/);
    // Judged on the tree itself: nothing is anyone else's, every entry that changed changed only its owner.
    expect(notYours(repo.dir)).toEqual([]);
    expect(contents(repo.dir)).toEqual(before.contents);
    const ids = `${HOST.uid}:${HOST.gid}`;
    expect(owners(repo.dir)).toEqual(Object.fromEntries(Object.keys(before.owners).map((file) => [file, ids])));
    // The link out: still the same link, now the user's; what it points at, as it was.
    expect([fs.readlinkSync(link), fs.lstatSync(link).uid]).toEqual([repo.secretPath, HOST.uid]);
    expect(repo.secret()).toEqual(secret);
    expect([fs.statSync('/etc').uid, fs.statSync('/etc').mode]).toEqual([etc.uid, etc.mode]);
    expect(fs.lstatSync(path.join(repo.dir, 'etc-link')).uid).toBe(HOST.uid);
    const doctor = JSON.parse(as(process.execPath, [BIN, 'doctor', '--format', 'json'], repo.dir).stdout);
    expect(doctor.findings.find((f: { check: string }) => f.check === 'tree')).toMatchObject({ status: 'ok' });
  });
}

describeEngine('doctor and reclaim as host user 1500 on rootful Docker, after a root container', () => {
  const as: As = (command, args, cwd) =>
    run(command, args, { cwd, user: HOST, check: false, env: { ...process.env, HOME: os.tmpdir(), NO_COLOR: '1' } });
  story(
    as,
    (dir) => run('docker', ['run', '--rm', '--network', 'none', '-v', `${dir}:/w`, BASES.debian, 'sh', '-c', POLLUTE]),
    /root/,
    // As a root container leaves it: root's link (the test runs as root, as CI does).
    (dir, target) => fs.symlinkSync(target, path.join(dir, 'out-link')),
  );
});

/**
 * A rootless engine for the host user, with the lab's base image. Its container writes as root (you)
 * and gives what it wrote to its app user, UID 1000 inside, as entrypoints that chown their
 * folders do: a subordinate UID outside.
 */
function rootless(start: () => Rootless, cli: string) {
  let engine: Rootless;
  beforeAll(() => {
    engine = start();
    engine.load(BASES.debian);
  });
  afterAll(() => engine?.stop());
  const as: As = (command, args, cwd) => engine.as(command, args, { cwd, check: false, env: { NONROOT_ENGINE_INFO: '', NO_COLOR: '1' } });
  const app = `${POLLUTE} && chown -hR 1000:1000 /w/node_modules /w/__pycache__ /w/dist /w/.git/objects/ab /w/etc-link`;
  const write = (dir: string) => engine.as(cli, ['run', '--rm', '--network', 'none', '-v', `${dir}:/w`, BASES.debian, 'sh', '-c', app]);
  // The container's UID 1000, a subordinate UID outside: real root's would be beyond a rootless engine's reach.
  const leaveLink = (dir: string, target: string) =>
    engine.as(cli, [
      ...['run', '--rm', '--network', 'none', '-v', `${dir}:/w`, BASES.debian],
      ...['sh', '-c', `ln -s '${target}' /w/out-link && chown -h 1000:1000 /w/out-link`],
    ]);
  story(as, write, /subordinate UID \d+ \(container UID 1000 of a rootless run\)/, leaveLink);
}

describeEngine('doctor and reclaim as host user 1500 on rootless Docker, after a container user', () => {
  rootless(() => startRootlessDocker(HOST, accountName(HOST)), 'docker');
});

describeEngine('doctor and reclaim as host user 1500 on rootless Podman, after a container user', () => {
  rootless(() => startPodman(HOST), 'podman');
});

describeEngine("doctor reads the Dev Container image's own /etc/passwd when it is on this machine", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it.each([
    [{ uid: 1000, gid: 1000 }, 'fail'],
    [{ uid: 1500, gid: 1500 }, 'ok'],
  ])('host %j: remap %s, from the image, not from its name', (host, expected) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-e2e-doctor-'));
    dirs.push(dir);
    fs.mkdirSync(path.join(dir, '.devcontainer'));
    // The lab's stand-in has a user at 1000 under a name the known IDs table has no row for.
    fs.writeFileSync(path.join(dir, '.devcontainer/devcontainer.json'), JSON.stringify({ image: BASES.uid1000, remoteUser: 'dev' }));
    run('chown', ['-R', `${host.uid}:${host.gid}`, dir]);
    const ran = run(process.execPath, [BIN, 'doctor', '--format', 'json'], {
      cwd: dir,
      user: host,
      check: false,
      env: { ...process.env, HOME: os.tmpdir() },
    });
    const remap = JSON.parse(ran.stdout).findings.find((f: { check: string }) => f.check === 'remap');
    expect(remap).toMatchObject({ status: expected });
    if (expected === 'fail') expect(remap.summary).toMatch(/\(its \/etc\/passwd here\) UID 1000 is \w+'s/);
  });
});
