// verify on this machine's engines, as a developer runs it: host user 1500, no sudo. It passes on
// the strategies built for each engine (build-arg, arbitrary and runtime on rootful Docker, podman
// on rootless Podman, rootless-docker on rootless Docker; the matrix runs it on every base), and
// fails, naming the fix, on setups broken on purpose: a plain `user: 1000:1000`, a chown to a user
// that is no longer the container's, build-arg under rootless Podman, a missing .env. Every run
// leaves no container, volume or image of its own behind.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { accountName, BASES, BIN, describeEngine, generateProject, run, type HostUser, type Project, type Ran } from './support/lab.js';
import { startPodman, startRootlessDocker, type Rootless } from './support/rootless.js';
import { parseDocument } from 'yaml';

const HOST: HostUser = { uid: 1500, gid: 1500 };

interface Report {
  ok: boolean;
  services: { service: string; rows: { check: string; status: string; detail: string; fix?: string }[] }[];
}

/** verify's JSON report, with stderr (progress) and the exit code. */
function read(ran: Ran): Report & { status: number | null; stderr: string } {
  try {
    return { ...(JSON.parse(ran.stdout) as Report), status: ran.status, stderr: ran.stderr };
  } catch {
    throw new Error(`verify exited ${ran.status} without JSON:\n${ran.stdout}\n${ran.stderr}`);
  }
}
const failures = (report: Report) =>
  report.services.flatMap((s) => s.rows.filter((r) => r.status === 'fail').map((r) => `${s.service} ${r.check}: ${r.fix}`));
/** The same with what verify saw, for the setups that must pass: a failure then shows its cause in the log. */
const problems = (report: Report) =>
  report.services.flatMap((s) =>
    s.rows.filter((r) => r.status === 'fail').map((r) => `${s.service} ${r.check}: ${r.detail} (fix: ${r.fix})`),
  );

/** What verify leaves on the engine: containers, volumes, images named by its project. */
const leftovers = (cli: (args: string[]) => Ran) =>
  ['ps -a --format {{.Names}}', 'volume ls --format {{.Name}}', 'images --format {{.Repository}}']
    .flatMap((args) => cli(args.split(' ')).stdout.split('\n'))
    .filter((name) => name.startsWith('nonroot-verify-'));

describeEngine('verify on rootful Docker as host user 1500', () => {
  const projects: Project[] = [];
  afterAll(() => projects.forEach((p) => p.cleanup()));
  // --service app: the compose service alone; the Dev Container through the CLI where it is the point.
  const verify = (dir: string, flags = ['--service', 'app'], user = HOST) =>
    read(
      run(process.execPath, [BIN, 'verify', '--format', 'json', ...flags], {
        cwd: dir,
        user,
        check: false,
        env: { ...process.env, HOME: os.tmpdir() },
      }),
    );
  const generate = (flags: string[]) => {
    const project = generateProject(HOST, ['--base-image', BASES.debian, '--username', 'dev', ...flags]);
    projects.push(project);
    return project;
  };
  const docker = (args: string[]) => run('docker', args);

  it.each([['build-arg'], ['arbitrary'], ['runtime']])('passes on a generated %s setup, and leaves nothing behind', (strategy) => {
    const project = generate(['--id-strategy', strategy, '--volumes', '/home/dev/.cache']);
    // build-arg's Dev Container too, through the CLI: its initializeCommand writes .env first.
    const report = verify(project.dir, strategy === 'build-arg' ? [] : undefined);
    expect(problems(report)).toEqual([]);
    expect(report.status).toBe(0);
    const rows = Object.fromEntries(report.services[0].rows.map((r) => [r.check, `${r.status} ${r.detail}`]));
    expect(rows.id).toMatch(strategy === 'arbitrary' ? /^ok 1500:0, as arbitrary promises/ : /^ok 1500:1500, as/);
    expect(rows.project).toMatch(/^ok a file written in \/workspace is yours \(1500:/);
    expect(rows.folders).toBe(`ok /home/dev/.cache: writable, all UID 1500's${strategy === 'arbitrary' ? " or group 0's" : ''}`);
    expect(rows.pid1).toMatch(strategy === 'build-arg' ? /^(ok|info) / : /^ok the command is PID 1/);
    expect(report.stderr).toMatch(/verify: app: building\n[\s\S]*verify: cleaning up: done/);
    expect(leftovers(docker)).toEqual([]);
    expect(fs.readdirSync(project.dir).filter((f) => f.startsWith('.nonroot-verify'))).toEqual([]);
    expect(report.services.map((s) => s.service)).toEqual(strategy === 'build-arg' ? ['app', 'devcontainer'] : ['app']);
  });

  it('devcontainer strategy: the CLI remaps the user compose alone runs as, and the Feature the volume outside $HOME', () => {
    const project = generate(['--id-strategy', 'devcontainer']);
    const report = verify(project.dir, []);
    expect(report.status).toBe(1);
    // compose alone runs the image's 1000:1000; the Dev Container runs as you, the nested
    // node_modules volume too (the CLI's remap re-owns only $HOME: the nonroot-remap Feature the rest).
    expect(failures(report)).toEqual([expect.stringMatching(/^app project: the Dev Containers CLI remaps this user at devcontainer up/)]);
    const dc = Object.fromEntries(report.services[1].rows.map((r) => [r.check, `${r.status} ${r.detail}`]));
    expect(dc.folders).toMatch(/^ok .*\/workspace\/node_modules.*: writable, all UID 1500's$/);
    expect(dc.id).toBe('ok 1500:1500, as devcontainer promises');
    expect(dc.project).toBe('ok a file written in /workspace is yours (1500:1500)');
    expect(
      leftovers(docker).concat(
        run('docker', ['images', '--format', '{{.Repository}}'])
          .stdout.split('\n')
          .filter((i) => i.startsWith('vsc-')),
      ),
    ).toEqual([]);
  });

  it('devcontainer strategy, host GID 20 (macOS staff, Debian dialout): the CLI skips its remap and verify says so', () => {
    const macos = { uid: 1500, gid: 20 };
    const project = generateProject(macos, ['--base-image', BASES.debian, '--username', 'dev', '--id-strategy', 'devcontainer']);
    projects.push(project);
    const report = verify(project.dir, ['--service', 'devcontainer'], macos);
    expect(report.status).toBe(1);
    expect(report.services.map((s) => s.service)).toEqual(['devcontainer']);
    expect(failures(report)[0]).toMatch(/^devcontainer id: the Dev Containers CLI did not remap the user to you: .*cli\/issues\/494/);
  });

  it('a missing .env: the build fails and the fix is the command that writes it', () => {
    const project = generate(['--id-strategy', 'build-arg']);
    fs.rmSync(path.join(project.dir, '.env'));
    const report = verify(project.dir);
    expect(report.status).toBe(1);
    expect(failures(report)).toEqual(['app build: run sh .nonroot/host-ids.sh']);
    // The test's own look: compose itself refuses to build, naming the variable.
    const built = project.compose(['build'], { check: false });
    expect(built.status).not.toBe(0);
    expect(built.stderr).toMatch(/HOST_UID/);
  });

  it('a plain user: 1000:1000 on a UID-1500 host: the id fails, naming the line', () => {
    const project = generate(['--id-strategy', 'build-arg']);
    // What a hand-written compose file does: a fixed user, no strategy of ours.
    fs.writeFileSync(
      path.join(project.dir, 'docker-compose.yml'),
      'services:\n  app:\n    build: .\n    user: "1000:1000"\n    volumes: [".:/workspace"]\n',
    );
    fs.writeFileSync(path.join(project.dir, 'Dockerfile'), `FROM ${BASES.debian}\nWORKDIR /workspace\n`);
    fs.rmSync(path.join(project.dir, '.yo-rc.json'));
    const report = verify(project.dir);
    expect(report.status).toBe(1);
    expect(failures(report)).toEqual([
      'app id: yo nonroot runs it as you (build-arg: your IDs from a git-ignored .env)',
      'app whoami: follows from id: fix that first',
      'app home: follows from id: fix that first',
      'app project: follows from id: fix that first',
    ]);
    expect(report.services[0].rows.find((r) => r.check === 'id')!.detail).toBe(
      '1000:1000 from user: 1000:1000 (docker-compose.yml:2); you are 1500',
    );
    // The test's own look: the container is 1000, who cannot write your project folder.
    project.compose(['build']);
    const touch = 'touch /workspace/by-probe 2>/dev/null; s=$?; echo "$(id -u) $s"';
    const probe = project.compose(['run', '--rm', '-T', 'app', 'sh', '-c', touch]);
    expect(probe.stdout.trim().split('\n').at(-1)).toBe('1000 1');
  });

  it("a chown to the user the image had before: the app's data volume is not the container user's", () => {
    const project = generate(['--id-strategy', 'build-arg']);
    const dockerfile = path.join(project.dir, 'Dockerfile');
    // Above the user block, as root: the app's data folder given to UID 1000, the base's old user.
    const text = fs
      .readFileSync(dockerfile, 'utf8')
      .replace('# >>> generator-nonroot:user', 'RUN mkdir -p /srv/data && chown -R 1000:1000 /srv/data\n# >>> generator-nonroot:user');
    fs.writeFileSync(dockerfile, text);
    const compose = path.join(project.dir, 'docker-compose.yml');
    const doc = parseDocument(fs.readFileSync(compose, 'utf8'));
    doc.addIn(['services', 'app', 'volumes'], 'data:/srv/data');
    doc.setIn(['volumes', 'data'], null);
    fs.writeFileSync(compose, doc.toString());
    const report = verify(project.dir);
    expect(report.status).toBe(1);
    expect(failures(report)).toEqual([
      expect.stringMatching(/^app folders: a chown or COPY --chown there names another user than UID 1500/),
    ]);
    // The test's own look: as compose runs it, the user cannot write the app's data volume.
    project.compose(['build']);
    const probe = project.compose(['run', '--rm', '-T', 'app', 'sh', '-c', 'touch /srv/data/x; echo "$? $(stat -c %u /srv/data)"']);
    expect(probe.stdout.trim().split('\n').at(-1)).toBe('1 1000');
    expect(report.services[0].rows.find((r) => r.check === 'folders')!.detail).toMatch(
      /^\/srv\/data \(docker-compose\.yml:\d+\) is not writable/,
    );
    expect(leftovers(docker)).toEqual([]);
  });
});

/** A rootless engine for the host user, with the lab's base image; projects generated as that user. */
function rootlessSuite(start: () => Rootless, cli: string) {
  const state = { engine: undefined as unknown as Rootless, dirs: [] as string[] };
  beforeAll(() => {
    // The account (and its /etc/subuid range) before the engine: a rootless engine maps what is there when it starts.
    run('true', [], { user: HOST });
    state.engine = start();
    state.engine.load(BASES.debian);
    // One build before the tests: on a fresh CI machine the first classic build through Podman
    // 4.3's Docker API failed once, the next ones passed; what it said is logged, not hidden.
    const warm = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-e2e-warm-'));
    fs.writeFileSync(path.join(warm, 'Dockerfile'), `FROM ${BASES.debian}\nRUN true\n`);
    fs.chownSync(warm, HOST.uid, HOST.gid);
    const built = state.engine.as('docker', ['build', '-q', '-t', 'nonroot-e2e-warm', warm], {
      check: false,
      env: { DOCKER_BUILDKIT: '0' },
    });
    if (built.status !== 0) console.log(`warm-up build on ${cli} exited ${built.status}:\n${built.stdout}${built.stderr}`);
    state.engine.as('docker', ['image', 'rm', '-f', 'nonroot-e2e-warm'], { check: false });
    fs.rmSync(warm, { recursive: true, force: true });
  });
  afterAll(() => {
    state.dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }));
    state.engine?.stop();
  });
  const generate = (strategy: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-e2e-verify-'));
    fs.chownSync(dir, HOST.uid, HOST.gid);
    state.dirs.push(dir);
    const flags = ['--yes', '--base-image', BASES.debian, '--username', 'dev', '--id-strategy', strategy, '--volumes', '/home/dev/.cache'];
    state.engine.as(process.execPath, [BIN, ...flags], { cwd: dir, env: { NONROOT_ENGINE_INFO: '' } });
    if (strategy === 'build-arg') state.engine.as('sh', ['.nonroot/host-ids.sh'], { cwd: dir });
    // The lab has no /dev/net/tun: its rootless containers run without a network.
    fs.writeFileSync(path.join(dir, 'docker-compose.override.yml'), 'services:\n  app:\n    network_mode: none\n');
    return dir;
  };
  const verify = (dir: string) =>
    read(
      // The lab's rootless containers have no network, which the Dev Container's compose file does not say.
      state.engine.as(process.execPath, [BIN, 'verify', '--format', 'json', '--service', 'app'], {
        cwd: dir,
        check: false,
        env: { NONROOT_ENGINE_INFO: '', DOCKER_BUILDKIT: '0' },
      }),
    );
  const engineCli = (args: string[]) => state.engine.as(cli, args);
  return { generate, verify, engineCli };
}

describeEngine('verify on rootless Podman as host user 1500', () => {
  const { generate, verify, engineCli } = rootlessSuite(() => startPodman(HOST), 'podman');

  it('passes on the podman strategy: keep-id makes the image user you', () => {
    const report = verify(generate('podman'));
    expect(problems(report)).toEqual([]);
    expect(report.status).toBe(0);
    const rows = Object.fromEntries(report.services[0].rows.map((r) => [r.check, `${r.status} ${r.detail}`]));
    expect(rows.id).toMatch(/^ok 1000:1000, as podman promises/);
    expect(rows.project).toMatch(/^ok a file written in \/workspace is yours \(1500:1500\)/);
    expect(leftovers(engineCli)).toEqual([]);
  });

  it('build-arg there: the project cannot be written, and the fix names the podman strategy', () => {
    const report = verify(generate('build-arg'));
    expect(report.status).toBe(1);
    expect(failures(report)).toContain('app project: build-arg does not fit rootless Podman: yo nonroot --id-strategy podman');
    expect(leftovers(engineCli)).toEqual([]);
  });
});

describeEngine('verify on rootless Docker as host user 1500', () => {
  const { generate, verify, engineCli } = rootlessSuite(() => startRootlessDocker(HOST, accountName(HOST)), 'docker');

  it('passes on the rootless-docker strategy: container root is you', () => {
    const report = verify(generate('rootless-docker'));
    expect(problems(report)).toEqual([]);
    expect(report.services[0].rows.find((r) => r.check === 'id')).toMatchObject({ status: 'ok', detail: expect.stringMatching(/^0:0/) });
    expect(leftovers(engineCli)).toEqual([]);
  });
});
