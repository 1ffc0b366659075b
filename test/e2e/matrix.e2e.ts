// Generated setups built and run on a real engine: every base image, with each host ID pair that
// takes its own path on that base, under build-arg, fixed and devcontainer, with the classic
// builder and BuildKit. Each scenario checks, in the build log, which case of the user block ran;
// inside the container, who it runs as and that $HOME, the workspace and the named volumes are its
// own; on the host, who owns what the container wrote. One scenario per base and strategy also
// runs `generator-nonroot verify` as the host user, beside that probe of the test's own.
//
// Not every base x ID pair x strategy: the user block's branches are pinned on fake account files
// (test/integration/create-user.test.ts) and strategies differ only in how the IDs reach the build
// (test/integration/strategies.test.ts). What a real engine adds is per base (its account files
// and tools, a shell or none) and per builder, so each base gets the ID pairs that differ in kind
// on it, each base and each strategy is built by both builders, and the case line each build must
// print names the branch it proves.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BASES, BIN, BUILDER, describeEngine, generateProject, probe, run, type Base, type HostUser, type Project } from './support/lab.js';

/** A plain host: UID and GID free in every base, the user and its own group are created. */
const PLAIN: HostUser = { uid: 1500, gid: 1500 };
/** macOS: GID 20 is staff there, dialout in Debian's and BusyBox's /etc/group. */
const DIALOUT: HostUser = { uid: 1500, gid: 20 };
/** Many Linux hosts: GID 100 is users, in Debian's and BusyBox's /etc/group too. */
const USERS: HostUser = { uid: 1000, gid: 100 };
/** LDAP/AD directory IDs: beyond BusyBox's 256000 (CONFIG_LAST_ID), where `adduser` refuses them. */
const DIRECTORY: HostUser = { uid: 1234567890, gid: 1234567890 };
/** The devcontainer strategy's image user, whatever the host (the Dev Containers CLI remaps it: devcontainer-cli.e2e.ts). */
const IMAGE_USER: HostUser = { uid: 1000, gid: 1000 };

type Strategy = 'build-arg' | 'fixed' | 'devcontainer';

interface Scenario {
  base: Base;
  strategy: Strategy;
  host: HostUser;
  buildkit: boolean;
  /** Also run `generator-nonroot verify` as the host user: once per base and strategy. */
  verify: boolean;
  /** Lines the user block must print (after `nonroot: `): the branch this scenario is here for. */
  cases: string[];
}

const scenario = (base: Base, strategy: Strategy, host: HostUser, builder: 'BuildKit' | 'classic', verify: boolean, cases: string[]) => ({
  base,
  strategy,
  host,
  buildkit: builder === 'BuildKit',
  verify,
  cases,
});
const creates = ({ uid, gid }: HostUser) => [`creating group 'dev' with GID ${gid}`, `creating user 'dev' with UID ${uid}`];
const reuses = (gid: number, group: string) => `GID ${gid} already exists as group '${group}'`;

const scenarios: Scenario[] = [
  // debian (like debian:trixie-slim): UID 1000 free, GID 20 dialout, GID 100 users.
  // The common host: user and own group created.
  scenario('debian', 'build-arg', PLAIN, 'BuildKit', true, creates(PLAIN)),
  // macOS: dialout reused as the primary group.
  scenario('debian', 'fixed', DIALOUT, 'classic', true, [reuses(20, 'dialout')]),
  // GID 100: users reused; UID 1000 is free here.
  scenario('debian', 'build-arg', USERS, 'classic', false, [reuses(100, 'users'), "creating user 'dev' with UID 1000"]),
  // The devcontainer image's fixed 1000:1000 (the plain branch here).
  scenario('debian', 'devcontainer', IMAGE_USER, 'BuildKit', true, creates(IMAGE_USER)),
  // Left out: 1000:1000 under build-arg and fixed, the devcontainer row's IDs and branch;
  // 1234567890, the plain branch too: the block writes /etc/passwd itself, so no tool's UID limit
  // or lastlog applies (create-user.test.ts; npm run bench:image measures the bytes).

  // uid1000 (like ubuntu:24.04 and node:*): user and group 'ubuntu' at 1000; dialout and users as Debian's.
  // A UID of its own beside the image's user at 1000, which stays.
  scenario('uid1000', 'fixed', PLAIN, 'BuildKit', true, creates(PLAIN)),
  // The first Linux user (UID 1000) whose group is users: the image's user at 1000 is replaced.
  scenario('uid1000', 'build-arg', USERS, 'BuildKit', true, [
    reuses(100, 'users'),
    "UID 1000 belonged to user 'ubuntu': replacing it with 'dev'",
  ]),
  // macOS on an image with a user at 1000.
  scenario('uid1000', 'build-arg', DIALOUT, 'classic', false, [reuses(20, 'dialout')]),
  // UID and GID 1000 both taken: the image's group is reused and its user replaced.
  scenario('uid1000', 'devcontainer', IMAGE_USER, 'classic', true, [
    reuses(1000, 'ubuntu'),
    "UID 1000 belonged to user 'ubuntu': replacing it with 'dev'",
  ]),
  // Left out: 1000:1000 under build-arg and fixed, the devcontainer row's IDs and branches;
  // 1234567890, as on debian.

  // busybox (like alpine): dialout and users as Alpine's; BusyBox's `addgroup -g 20` refuses a GID
  // in use and its `adduser` a UID above 256000 (known-ids.e2e.ts), which the block never calls.
  // The common host.
  scenario('busybox', 'build-arg', PLAIN, 'classic', true, creates(PLAIN)),
  // macOS: the GID addgroup refuses.
  scenario('busybox', 'fixed', DIALOUT, 'BuildKit', true, [reuses(20, 'dialout')]),
  // GID 100: users reused.
  scenario('busybox', 'fixed', USERS, 'classic', false, [reuses(100, 'users'), "creating user 'dev' with UID 1000"]),
  // A directory UID, beyond what adduser takes.
  scenario('busybox', 'build-arg', DIRECTORY, 'BuildKit', false, creates(DIRECTORY)),
  // The devcontainer image's fixed 1000:1000 (the plain branch here).
  scenario('busybox', 'devcontainer', IMAGE_USER, 'BuildKit', true, creates(IMAGE_USER)),
  // Left out: 1000:1000 under build-arg and fixed, the devcontainer row's IDs and branch.

  // distroless: no shell; the user is made in a BusyBox builder stage from the base's own account
  // files, which have no GID 20, 100 or 1000, and copied into the final stage.
  // The common host.
  scenario('distroless', 'fixed', PLAIN, 'classic', true, creates(PLAIN)),
  // A directory UID, made by the BusyBox builder stage.
  scenario('distroless', 'build-arg', DIRECTORY, 'BuildKit', true, creates(DIRECTORY)),
  // The devcontainer image's fixed 1000:1000.
  scenario('distroless', 'devcontainer', IMAGE_USER, 'classic', true, creates(IMAGE_USER)),
  // Left out: 1500:20 and 1000:100, the plain branch here (no such groups); 1000:1000 under
  // build-arg and fixed, the devcontainer row's IDs.
];

const label = (s: Scenario) => `${s.base} ${s.strategy} host ${s.host.uid}:${s.host.gid} ${s.buildkit ? 'BuildKit' : 'classic'}`;

describe('the matrix covers', () => {
  const bases = Object.keys(BASES) as Base[];
  const strategies: Strategy[] = ['build-arg', 'fixed', 'devcontainer'];
  const builders = (of: Scenario[]) => [...new Set(of.map((s) => s.buildkit))].sort();

  it('every base with both builders, and each strategy on every base, with verify once per base and strategy', () => {
    for (const base of bases) {
      const on = scenarios.filter((s) => s.base === base);
      expect({ base, builders: builders(on) }).toEqual({ base, builders: [false, true] });
      for (const strategy of strategies)
        expect({ base, strategy, verified: on.filter((s) => s.strategy === strategy && s.verify).length }).toEqual({
          base,
          strategy,
          verified: 1,
        });
    }
  });

  it('each strategy with both builders', () => {
    for (const strategy of strategies)
      expect({ strategy, builders: builders(scenarios.filter((s) => s.strategy === strategy)) }).toEqual({
        strategy,
        builders: [false, true],
      });
  });
});

describeEngine('generated setups on a real engine', () => {
  describe.each(scenarios.map((s) => [label(s), s] as const))('%s', (_, scenario) => {
    let project: Project;
    let facts: Record<string, string>;
    let build: string;
    const { base, strategy, host, buildkit } = scenario;
    /** The IDs the container user has: the host's, or the devcontainer image's. */
    const expected = strategy === 'devcontainer' ? IMAGE_USER : host;

    beforeAll(() => {
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
      // --no-cache: the user block must run and print its case here. Another project with the same
      // files and IDs (verify.e2e.ts builds debian build-arg 1500:1500, an earlier run this grid)
      // leaves a cache both builders hit, BuildKit's past `down --rmi`, and a cached step prints
      // nothing. It costs under half a second a build: the block is all these Dockerfiles build.
      const built = project.compose(['build', '--no-cache'], { buildkit });
      build = built.stdout + built.stderr;
      facts = probe(project, 'app', base);
    });
    afterAll(() => project?.cleanup());

    it('builds with the chosen builder and says which case the user block handled', () => {
      expect(build).toMatch(buildkit ? /#\d+ / : /Step \d+\/\d+ :/);
      const said = build.split('\n').flatMap((line) => /nonroot: (.*)/.exec(line)?.[1] ?? []);
      expect(said).toEqual(expect.arrayContaining(scenario.cases.map((c) => expect.stringContaining(c))));
      expect(said).toEqual(expect.arrayContaining([expect.stringContaining(`user 'dev' is ${expected.uid}:${expected.gid}`)]));
    });

    it('runs as the intended UID/GID and username', () => {
      expect([facts.UID, facts.GID, facts.NAME]).toEqual([String(expected.uid), String(expected.gid), 'dev']);
    });

    it('has a home of its own that it can write', () => {
      expect(facts.HOME).toBe('/home/dev');
      expect(facts.HOME_OWNER).toBe(`${expected.uid}:${expected.gid}`);
      expect(facts.HOME_WRITABLE).toBe('yes');
    });

    it('can write into every named volume, and the nested one left no root-owned folder on the host', () => {
      expect([facts.CACHE_VOLUME_WRITABLE, facts.NESTED_VOLUME_WRITABLE]).toEqual(['yes', 'yes']);
      expect(project.owner('node_modules')).toBe(`${host.uid}:${host.gid}`);
    });

    it('writes into the bind-mounted workspace as the host user', () => {
      expect(facts.PWD).toBe('/workspace');
      expect(facts.WORKSPACE_WRITABLE).toBe('yes');
      expect(project.owner('written-by-container')).toBe(`${host.uid}:${host.gid}`);
    });

    if (scenario.verify)
      it('passes generator-nonroot verify, run by the host user', () => {
        // A home of the user's own: the docker CLI keeps ~/.docker there, which one shared HOME
        // would give to whichever host user wrote it first.
        const home = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-e2e-home-'));
        fs.chownSync(home, host.uid, host.gid);
        const env = { ...process.env, HOME: home, DOCKER_BUILDKIT: buildkit ? '1' : '0' };
        let ran;
        try {
          ran = run(process.execPath, [BIN, 'verify', '--format', 'json', '--service', 'app'], {
            cwd: project.dir,
            user: host,
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
