// Every generated setup built and run on a real engine: base images x host IDs x strategies x
// builders. Each scenario checks, inside the container, who it runs as and that $HOME and the
// workspace are its own, and on the host, who owns the file the container wrote.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BASES, BIN, BUILDER, describeEngine, generateProject, probe, run, type Base, type HostUser, type Project } from './support/lab.js';

const IDS: HostUser[] = [
  { uid: 1000, gid: 1000 },
  { uid: 1500, gid: 1500 },
  { uid: 1500, gid: 20 }, // macOS: GID 20 is Debian's and BusyBox's dialout
  { uid: 1000, gid: 100 }, // many Linux hosts: GID 100 is users
  { uid: 1234567890, gid: 1234567890 }, // LDAP/AD directory IDs, beyond BusyBox's 256000
];
const bases = Object.keys(BASES) as Base[];

interface Scenario {
  base: Base;
  strategy: 'build-arg' | 'fixed' | 'devcontainer';
  host: HostUser;
  /** The IDs the container user must have. */
  expected: HostUser;
  buildkit: boolean;
  /** Also run `generator-nonroot verify` as the host user: once per base and strategy. */
  verify: boolean;
}

// build-arg and fixed over every base and ID pair; the builder alternates so each base is built
// with both. devcontainer images have a fixed 1000:1000 user (remapping is the CLI's job,
// devcontainer-cli.e2e.ts), so plain compose runs it once per base and builder.
const scenarios: Scenario[] = [
  ...bases.flatMap((base) =>
    IDS.flatMap((host, i) => [
      { base, strategy: 'build-arg' as const, host, expected: host, buildkit: i % 2 === 0, verify: i === 1 },
      { base, strategy: 'fixed' as const, host, expected: host, buildkit: i % 2 === 1, verify: i === 1 },
    ]),
  ),
  ...bases.flatMap((base) =>
    [true, false].map((buildkit) => ({
      base,
      strategy: 'devcontainer' as const,
      host: { uid: 1000, gid: 1000 },
      expected: { uid: 1000, gid: 1000 },
      buildkit,
      verify: buildkit,
    })),
  ),
];

const label = (s: Scenario) => `${s.base} ${s.strategy} host ${s.host.uid}:${s.host.gid} ${s.buildkit ? 'BuildKit' : 'classic'}`;

describeEngine('generated setups on a real engine', () => {
  describe.each(scenarios.map((s) => [label(s), s] as const))('%s', (_, scenario) => {
    let project: Project;
    let facts: Record<string, string>;
    let build: string;

    beforeAll(() => {
      const { base, strategy, host, buildkit } = scenario;
      const ids = strategy === 'fixed' ? ['--uid', String(host.uid), '--gid', String(host.gid)] : [];
      project = generateProject(host, [
        '--base-image',
        BASES[base],
        '--builder-image',
        BUILDER,
        '--id-strategy',
        strategy,
        '--username',
        'dev',
        ...ids,
      ]);
      // --no-cache: the user block must run (and print its case) in every scenario, not come from cache.
      const built = project.compose(['build', '--no-cache'], { buildkit });
      build = built.stdout + built.stderr;
      facts = probe(project, 'app', base);
    });
    afterAll(() => project?.cleanup());

    it('builds with the chosen builder and says which case the user block handled', () => {
      expect(build).toMatch(scenario.buildkit ? /#\d+ / : /Step \d+\/\d+ :/);
      expect(build).toMatch(new RegExp(`nonroot: user 'dev' is ${scenario.expected.uid}:${scenario.expected.gid}`));
    });

    it('runs as the intended UID/GID and username', () => {
      expect([facts.UID, facts.GID, facts.NAME]).toEqual([String(scenario.expected.uid), String(scenario.expected.gid), 'dev']);
    });

    it('has a home of its own that it can write', () => {
      expect(facts.HOME).toBe('/home/dev');
      expect(facts.HOME_OWNER).toBe(`${scenario.expected.uid}:${scenario.expected.gid}`);
      expect(facts.HOME_WRITABLE).toBe('yes');
    });

    it('can write into every named volume, and the nested one left no root-owned folder on the host', () => {
      expect([facts.CACHE_VOLUME_WRITABLE, facts.NESTED_VOLUME_WRITABLE]).toEqual(['yes', 'yes']);
      expect(project.owner('node_modules')).toBe(`${scenario.host.uid}:${scenario.host.gid}`);
    });

    it('writes into the bind-mounted workspace as the host user', () => {
      expect(facts.PWD).toBe('/workspace');
      expect(facts.WORKSPACE_WRITABLE).toBe('yes');
      expect(project.owner('written-by-container')).toBe(`${scenario.host.uid}:${scenario.host.gid}`);
    });

    if (scenario.verify)
      it('passes generator-nonroot verify, run by the host user', () => {
        // A home of the user's own: the docker CLI keeps ~/.docker there, which one shared HOME
        // would give to whichever host user wrote it first.
        const home = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-e2e-home-'));
        fs.chownSync(home, scenario.host.uid, scenario.host.gid);
        const env = { ...process.env, HOME: home, DOCKER_BUILDKIT: scenario.buildkit ? '1' : '0' };
        let ran;
        try {
          ran = run(process.execPath, [BIN, 'verify', '--format', 'json', '--service', 'app'], {
            cwd: project.dir,
            user: scenario.host,
            check: false,
            env,
          });
        } finally {
          fs.rmSync(home, { recursive: true, force: true });
        }
        const report = JSON.parse(ran.stdout) as { ok: boolean; services: { rows: { check: string; status: string; detail: string }[] }[] };
        const failed = report.services[0].rows.filter((r) => r.status === 'fail');
        expect(failed).toEqual([]);
        expect(report.services[0].rows.find((r) => r.check === 'id')).toMatchObject({ status: 'ok' });
        expect(ran.status).toBe(0);
      });
  });
});
