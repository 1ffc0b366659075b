// Every mount and every folder the image gives its user are the user's, on the repo shapes that
// broke before (test/fixtures/repos/, made buildable offline), adopted with the defaults by host
// users 1500:1500 and 1501:20 and run the way their users run them: the Dev Containers docs'
// node_modules volume and a virtualenv in /opt through the real Dev Containers CLI (its UID remap
// re-owns only $HOME), Node's classic compose file with a volume nested in the project mount, and
// two services that name two users. Judged by probes of the test's own, inside (writes, `find !
// -user`) and on the host (`find` over the checkout), with verify run beside them: both agree.
import fs from 'node:fs';
import path from 'node:path';
import { adoptFixture } from './support/adopt.js';
import { devcontainerSession } from './support/devcontainer.js';
import { BIN, describeEngine, projectIn, run, type HostUser } from './support/lab.js';

/** What in the checkout is not the host user's, found by the host's own find. */
const notYours = (dir: string, host: HostUser) =>
  run('find', [dir, '!', '-user', String(host.uid)])
    .stdout.split('\n')
    .filter(Boolean);

/** verify's JSON, as the host user: ok, and every failing check as `service check`. */
function verify(dir: string, host: HostUser, flags: string[]): { ok: boolean; failed: string[] } {
  const ran = run(process.execPath, [BIN, 'verify', '--format', 'json', ...flags], {
    cwd: dir,
    user: host,
    check: false,
    env: { ...process.env, HOME: path.dirname(dir) },
  });
  const report = JSON.parse(ran.stdout) as { ok: boolean; services: { service: string; rows: { check: string; status: string }[] }[] };
  const failed = report.services.flatMap((s) => s.rows.filter((r) => r.status === 'fail').map((r) => `${s.service} ${r.check}`));
  return { ok: report.ok, failed };
}

/** Inside: who, writes as `npm install`/`pip install` would into each folder, and what there is not the user's. */
const probe = (folders: string[]) =>
  [
    'echo "ID=$(id -u):$(id -g) NAME=$(id -un)"',
    ...folders.map((f) => `mkdir -p "${f}/.probe-pkg" && touch "${f}/.probe-pkg/index.js" && echo "WROTE ${f}"`),
    `echo "FOREIGN=$(find ${folders.join(' ')} ! -user "$(id -u)" | head -n 5 | tr '\\n' ' ')"`,
  ].join('; ');
const wrote = (out: string) => [...out.matchAll(/^WROTE (\S+)$/gm)].map((m) => m[1]);
const foreign = (out: string) => /^FOREIGN=(.*)$/m.exec(out)?.[1].trim();

const HOSTS: HostUser[] = [
  { uid: 1500, gid: 1500 },
  { uid: 1501, gid: 20 }, // macOS: GID 20 is Debian's dialout
];

describeEngine.each(HOSTS.map((h) => [`${h.uid}:${h.gid}`, h] as const))('as host user %s', (_, host) => {
  // The Dev Containers docs' node_modules volume, and a virtualenv in /opt, through the real CLI.
  const devcontainers = [
    {
      fixture: 'devc-dockerfile-node-modules-volume',
      strategy: 'build-arg',
      folders: (dir: string) => [`/workspaces/${path.basename(dir)}/node_modules`],
    },
    {
      fixture: 'devc-dockerfile-node-modules-volume',
      strategy: 'devcontainer',
      folders: (dir: string) => [`/workspaces/${path.basename(dir)}/node_modules`],
    },
    { fixture: 'devc-dockerfile-python-opt-venv', strategy: 'devcontainer', folders: () => ['/opt/venv'] },
  ];
  describe.each(devcontainers.map((d) => [`${d.fixture}, ${d.strategy}`, d] as const))(
    'Dev Container %s',
    (__, { fixture, strategy, folders }) => {
      let dir: string;
      let session: ReturnType<typeof devcontainerSession>;
      let out: string;
      beforeAll(() => {
        dir = adoptFixture(fixture, host, ['--id-strategy', strategy]);
        session = devcontainerSession(dir, host);
        session.cli(['up']);
        out = session.cli(['exec', 'sh', '-c', `${probe(folders(dir))}; touch "$PWD/by-devcontainer"`]).stdout;
      }, 900_000);
      afterAll(() => {
        session?.cleanup();
        if (dir) fs.rmSync(path.dirname(dir), { recursive: true, force: true });
      });

      it("runs as you, writes every mount and folder, and nothing there is anyone else's", () => {
        expect(out).toContain(`ID=${host.uid}:`);
        expect(wrote(out)).toEqual(folders(dir));
        expect(foreign(out)).toBe('');
      });

      it('leaves nothing of another owner in the checkout, and what it wrote there is yours', () => {
        expect(fs.statSync(path.join(dir, 'by-devcontainer')).uid).toBe(host.uid);
        expect(notYours(dir, host)).toEqual([]);
      });
    },
  );

  it("Node's classic compose file: the volume nested in the project mount leaves nothing of root's here, and verify agrees", () => {
    const dir = adoptFixture('compose-node-guide-anon-node-modules', host);
    try {
      run('sh', ['.nonroot/host-ids.sh'], { cwd: dir, user: host });
      const project = projectIn(dir);
      project.compose(['build']);
      const ran = project.compose(['run', '--rm', '-T', 'app', 'sh', '-c', probe(['/home/node/app/node_modules'])]).stdout;
      project.compose(['down', '--volumes']);
      expect(wrote(ran)).toEqual(['/home/node/app/node_modules']);
      expect(foreign(ran)).toBe('');
      expect(notYours(dir, host)).toEqual([]);
      expect(verify(dir, host, ['--service', 'app'])).toEqual({ ok: true, failed: [] });
      // Broken on purpose: a clone where nobody ran host-ids.sh. The engine makes node_modules/ as
      // root; the host's find sees it, and verify must fail on it too.
      fs.rmSync(path.join(dir, 'node_modules'), { recursive: true, force: true });
      const broken = verify(dir, host, ['--service', 'app']);
      expect(notYours(dir, host).map((f) => path.relative(dir, f))).toEqual(['node_modules']);
      expect(broken).toEqual({ ok: false, failed: ['app tree'] });
    } finally {
      run('docker', ['compose', 'down', '--volumes', '--rmi', 'local'], { cwd: dir, check: false });
      run('rm', ['-rf', path.dirname(dir)]);
    }
  }, 600_000);

  it('two services that name two users: each runs as you under its own user, writes its own folders, and gains no mount', () => {
    const dir = adoptFixture('compose-two-services-two-users', host, ['--service', 'web,worker']);
    try {
      const project = projectIn(dir);
      run('sh', ['.nonroot/host-ids.sh'], { cwd: dir, user: host });
      project.compose(['build', 'web', 'worker']);
      const config = project.compose(['config', '--format', 'json']).stdout;
      const services = JSON.parse(config).services as Record<string, { volumes?: { target: string }[] }>;
      expect((services.worker.volumes ?? []).map((v) => v.target)).toEqual([]);
      const web = project.compose(['run', '--rm', '-T', '--no-deps', 'web', 'sh', '-c', probe(['/home/node/app'])]).stdout;
      const worker = project.compose(['run', '--rm', '-T', '--no-deps', 'worker', 'sh', '-c', probe(['/home/appuser/worker'])]).stdout;
      expect(web).toContain(`ID=${host.uid}:${host.gid} NAME=node`);
      expect(worker).toContain(`ID=${host.uid}:${host.gid} NAME=appuser`);
      expect([wrote(web), wrote(worker)]).toEqual([['/home/node/app'], ['/home/appuser/worker']]);
      expect([foreign(web), foreign(worker)]).toEqual(['', '']);
      expect(notYours(dir, host)).toEqual([]);
      expect(verify(dir, host, ['--service', 'web,worker'])).toEqual({ ok: true, failed: [] });
    } finally {
      run('docker', ['compose', 'down', '--volumes', '--rmi', 'local'], { cwd: dir, check: false });
      run('rm', ['-rf', path.dirname(dir)]);
    }
  }, 600_000);
});
