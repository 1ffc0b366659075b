// doctor and reclaim --volumes on rootful Docker, as host user 1500: a compose project's named volume
// that a root run left before the team adopted this tool (a fresh volume would take the image
// folder's owner; an existing one keeps root's files). doctor names it at its compose line, reclaim's
// dry run changes nothing, --yes gives back only its entries; judged by the test's own `find` in the
// volume (owner, mode, type, link target, content), with another project's same-named volume untouched.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BASES, BIN, describeEngine, run, type HostUser, type Ran } from './support/lab.js';

const HOST: HostUser = { uid: 1500, gid: 1500 };
type As = (command: string, args: string[], cwd: string) => Ran;

describeEngine("doctor and reclaim --volumes: a compose project's named volume a root run left", () => {
  // A team that ran as root before adopting: `data` exists, root's. A fresh volume would take the
  // image folder's owner; this one keeps root's files. Another project's `data` must stay as it is.
  const as: As = (command, args, cwd) =>
    run(command, args, { cwd, user: HOST, check: false, env: { ...process.env, HOME: os.tmpdir(), NO_COLOR: '1' } });
  let parent: string, dir: string, ours: string, theirs: string;
  /** The test's own look inside a volume (GNU find in the lab's Debian): each entry's owner, mode, type, link target; a file's content. */
  const look = (volume: string, script: string) =>
    run('docker', ['run', '--rm', '--network', 'none', '-v', `${volume}:/v:ro`, BASES.debian, 'sh', '-c', script]).stdout;
  const owners = (volume: string) => look(volume, "find /v -printf '%p %U:%G\\n' | sort");
  const contents = (volume: string) => look(volume, "find /v -printf '%p %m %y %l\\n' | sort; cat /v/a");
  const ROOT_RUN = 'echo hello > /v/a && chmod 640 /v/a && mkdir /v/b && touch /v/b/c && ln -s /etc/shadow /v/link';

  beforeAll(() => {
    parent = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-e2e-volumes-'));
    // compose's project name is the folder's: lower case, so the engine's names are known here.
    const name = `shop${path
      .basename(parent)
      .slice(-6)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, 'x')}`;
    dir = path.join(parent, name);
    [ours, theirs] = [`${name}_data`, `other${name}_data`];
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, 'compose.yaml'),
      `services:\n  app:\n    image: ${BASES.debian}\n    user: \${HOST_UID:-1500}:\${HOST_GID:-1500}\n` +
        '    volumes:\n      - data:/var/lib/app\nvolumes:\n  data:\n',
    );
    run('chown', ['-R', `${HOST.uid}:${HOST.gid}`, parent]);
    for (const volume of [ours, theirs])
      run('docker', ['run', '--rm', '--network', 'none', '-v', `${volume}:/v`, BASES.debian, 'sh', '-c', ROOT_RUN]);
  });
  afterAll(() => {
    if (!parent) return;
    run('docker', ['volume', 'rm', '-f', ours, theirs], { check: false });
    fs.rmSync(parent, { recursive: true, force: true });
  });

  it('doctor names the volume, its line and its owners; reclaim gives back only its entries, contents and modes as they were', () => {
    const notYours = () => look(ours, `find /v ! -user ${HOST.uid} -o ! -group ${HOST.gid}`);
    expect(notYours().split('\n').filter(Boolean)).toHaveLength(5);
    const before = { contents: contents(ours), theirs: owners(theirs) };
    const doctor = as(process.execPath, [BIN, 'doctor'], dir);
    expect(`exit ${doctor.status}\n${doctor.stdout}`).toMatch(
      /^exit 1\n[\s\S]*✗ volumes +1 of the repo's volumes holds files that are not yours/,
    );
    expect(doctor.stdout).toContain(`compose.yaml:6 data (${ours}) at /var/lib/app: 5 (root: 5), yours are 1500:1500`);
    expect(doctor.stdout).toContain('next: generator-nonroot reclaim --volumes');
    expect(doctor.stdout).not.toContain(theirs);

    const dry = as(process.execPath, [BIN, 'reclaim', '--volumes'], dir);
    expect(`exit ${dry.status}\n${dry.stdout}`).toMatch(/^exit 1\n[\s\S]*data \(\S+\): 5 not yours \(root: 5\): dry run/);
    expect(notYours().split('\n').filter(Boolean)).toHaveLength(5);

    const done = as(process.execPath, [BIN, 'reclaim', '--volumes', '--yes'], dir);
    expect(`exit ${done.status}\n${done.stdout}${done.stderr}`).toMatch(/^exit 0\n[\s\S]*data \(\S+\): gave back 5 entries to 1500:1500/);
    // Judged by the test's own look: nothing in it is anyone else's; nothing else changed; the other project's as it was.
    expect(notYours()).toBe('');
    expect(contents(ours)).toEqual(before.contents);
    expect(before.contents).toContain('/v/link 777 l /etc/shadow\n');
    expect(owners(theirs)).toEqual(before.theirs);
    expect(before.theirs).toMatch(/^\/v 0:0\n/);
    const after = JSON.parse(as(process.execPath, [BIN, 'doctor', '--format', 'json'], dir).stdout);
    expect(after.findings.filter((f: { check: string }) => f.check === 'volumes')).toEqual([
      { check: 'volumes', status: 'ok', summary: `every file in ${ours} is yours` },
    ]);
  });
});
