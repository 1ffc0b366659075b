// The rootless engines, as an unprivileged UID-1500 host user: rootless Podman (compose through
// its Docker API socket, and the Dev Containers CLI with --docker-path podman) and rootless Docker.
// Each first shows why its strategy exists: today's build-arg setup there cannot write the
// project folder. Then its strategy: id inside, $HOME writable, and a file in the project that
// belongs to 1500:1500 on the host. And the generator, run there, picks that strategy itself.
import { applyEdits, modify } from 'jsonc-parser';
import fs from 'node:fs';
import path from 'node:path';
import {
  accountName,
  BASES,
  DEVCONTAINER_CLI,
  describeEngine,
  generateProject,
  run,
  type HostUser,
  type Project,
  keyValues,
} from './support/lab.js';
import { startPodman, startRootlessDocker, type Rootless } from './support/rootless.js';

const HOST: HostUser = { uid: 1500, gid: 1500 };
const PROBE =
  'echo ID=$(id -u):$(id -g); echo NAME=$(id -un); echo HOME=$HOME; touch ' +
  '"$HOME/x" && echo HOME_WRITABLE=yes; touch /workspace/from-container ' +
  '&& echo WORKSPACE_WRITABLE=yes';
/** No /dev/net/tun here: the lab's containers run without a network (a file compose reads by itself). */
const noNetwork = (project: Project) =>
  fs.writeFileSync(path.join(project.dir, 'docker-compose.override.yml'), 'services:\n  app:\n    network_mode: none\n');
/** The generator with no --id-strategy, in an empty folder of the user's: what it detects and says. */
function detected(engine: Rootless): string {
  const dir = fs.mkdtempSync('/tmp/nonroot-e2e-detect-');
  try {
    fs.chownSync(dir, HOST.uid, HOST.gid);
    const ran = engine.as(process.execPath, [path.resolve('generators/cli.js'), '--yes', '--username', 'dev'], {
      cwd: dir,
      env: { NONROOT_ENGINE_INFO: '' },
    });
    return ran.stdout + ran.stderr + fs.readFileSync(path.join(dir, '.yo-rc.json'), 'utf8');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * One rootless engine for a describe block: started for the host account (with its /etc/subuid
 * range) with the lab's base image, and stopped, with the projects generated meanwhile, after it.
 * `prepare` adapts each generated project to the lab (e.g. no network).
 */
function rootlessLab(start: () => Rootless, prepare: (project: Project) => void = () => {}) {
  const lab = { engine: undefined as unknown as Rootless, projects: [] as Project[] };
  beforeAll(() => {
    run('true', [], { user: HOST });
    lab.engine = start();
    lab.engine.load(BASES.debian);
  });
  afterAll(() => {
    for (const project of lab.projects) fs.rmSync(project.dir, { recursive: true, force: true });
    lab.engine?.stop();
  });
  const generate = (flags: string[]) => {
    const project = generateProject(HOST, ['--base-image', BASES.debian, '--username', 'dev', ...flags]);
    lab.projects.push(project);
    prepare(project);
    return project;
  };
  return { lab, generate };
}

describeEngine('rootless Podman, as host user 1500', () => {
  const { lab, generate } = rootlessLab(() => startPodman(HOST), noNetwork);
  let podman: Rootless;
  beforeAll(() => {
    podman = lab.engine;
  });

  it('why: the build-arg setup writes the project folder as a subordinate UID, which is refused', () => {
    const project = generate(['--id-strategy', 'build-arg']);
    run('sh', ['.nonroot/host-ids.sh'], { cwd: project.dir, user: HOST });
    podman.compose(project.dir, ['build']);
    // (Podman 4.3's Docker API reports exit code 0 for `compose run` whatever the command did.)
    const ran = podman.compose(project.dir, ['run', '--rm', '-T', 'app', 'sh', '-c', 'id -u; touch /workspace/from-container'], false);
    expect(ran.stdout.trim()).toBe('1500');
    expect(ran.stderr).toMatch(/touch: cannot touch '\/workspace\/from-container': Permission denied/);
    expect(fs.existsSync(path.join(project.dir, 'from-container'))).toBe(false);
  });

  it('podman: compose maps 1500 onto the image user with keep-id; the file it writes is 1500:1500 on the host', () => {
    const project = generate(['--id-strategy', 'podman']);
    podman.compose(project.dir, ['build']);
    const out = keyValues(podman.compose(project.dir, ['run', '--rm', '-T', 'app', 'sh', '-c', PROBE]).stdout);
    expect(out).toMatchObject({ ID: '1000:1000', NAME: 'dev', HOME: '/home/dev', HOME_WRITABLE: 'yes', WORKSPACE_WRITABLE: 'yes' });
    expect(project.owner('from-container')).toBe('1500:1500');
    podman.compose(project.dir, ['down', '--rmi', 'local'], false);
  });

  it(
    'podman: the Dev Containers CLI (--docker-path podman) runs a ' +
      'Dockerfile-based config with the keep-id runArgs the generator wrote',
    () => {
      const dir = fs.mkdtempSync('/tmp/nonroot-e2e-devc-');
      fs.mkdirSync(path.join(dir, '.devcontainer'));
      // The lab's network limit, in the config the way a user would set it.
      fs.writeFileSync(
        path.join(dir, '.devcontainer/devcontainer.json'),
        '{\n  "build": { "dockerfile": "Dockerfile", "options": ["--network=none"] },\n  "runArgs": ["--network=none"]\n}\n',
      );
      fs.writeFileSync(path.join(dir, '.devcontainer/Dockerfile'), `FROM ${BASES.debian}\n`);
      run('chown', ['-R', `${HOST.uid}:${HOST.gid}`, dir]);
      lab.projects.push({ dir } as Project);
      podman.as(process.execPath, [path.resolve('generators/cli.js'), '--yes', '--force', '--id-strategy', 'podman', '--username', 'dev'], {
        cwd: dir,
      });
      const config = fs.readFileSync(path.join(dir, '.devcontainer/devcontainer.json'), 'utf8');
      expect(config).toMatch(/"runArgs": \["--network=none", "--userns=keep-id:uid=1000,gid=1000"\]/);
      podman.as(DEVCONTAINER_CLI, ['up', '--docker-path', 'podman', '--workspace-folder', dir], { cwd: dir });
      const out = keyValues(
        podman.as(
          DEVCONTAINER_CLI,
          [
            'exec',
            '--docker-path',
            'podman',
            '--workspace-folder',
            dir,
            'sh',
            '-c',
            PROBE.replace('/workspace/', `/workspaces/${path.basename(dir)}/`),
          ],
          { cwd: dir },
        ).stdout,
      );
      expect(out).toMatchObject({ ID: '1000:1000', NAME: 'dev', HOME_WRITABLE: 'yes', WORKSPACE_WRITABLE: 'yes' });
      const stat = fs.statSync(path.join(dir, 'from-container'));
      expect(`${stat.uid}:${stat.gid}`).toBe('1500:1500');
    },
  );

  it("podman: the Dev Containers CLI opens the generated compose-based config through Podman's socket", () => {
    const project = generate(['--id-strategy', 'podman']);
    // The CLI passes the config's compose files with -f: the lab's no-network file joins the list.
    const config = path.join(project.dir, '.devcontainer/devcontainer.json');
    const text = fs.readFileSync(config, 'utf8');
    fs.writeFileSync(
      config,
      applyEdits(text, modify(text, ['dockerComposeFile'], ['../docker-compose.yml', '../docker-compose.override.yml'], {})),
    );
    const cli = (args: string[]) =>
      podman.as(
        DEVCONTAINER_CLI,
        [
          ...args.slice(0, 1),
          '--docker-path',
          'podman',
          '--docker-compose-path',
          '/usr/libexec/docker/cli-plugins/docker-compose',
          '--workspace-folder',
          project.dir,
          ...args.slice(1),
        ],
        {
          cwd: project.dir,
          env: { DOCKER_BUILDKIT: '0' },
        },
      );
    cli(['up']);
    const out = keyValues(cli(['exec', 'sh', '-c', PROBE.replace('from-container', 'from-devcontainer')]).stdout);
    expect(out).toMatchObject({ ID: '1000:1000', NAME: 'dev', HOME_WRITABLE: 'yes', WORKSPACE_WRITABLE: 'yes' });
    expect(project.owner('from-devcontainer')).toBe('1500:1500');
  });

  it('the generator run there picks podman, and says why', () => {
    const said = detected(podman);
    expect(said).toMatch(/rootless Podman answers: defaulting to podman/);
    expect(said).toMatch(/"idStrategy": "podman"/);
  });
});

describeEngine('rootless Docker, as host user 1500', () => {
  const { lab, generate } = rootlessLab(() => startRootlessDocker(HOST, accountName(HOST)));
  let docker: Rootless;
  beforeAll(() => {
    docker = lab.engine;
  });

  it('why: the build-arg setup runs as 1500 inside, a subordinate UID outside, and cannot write the project folder', () => {
    const project = generate(['--id-strategy', 'build-arg']);
    run('sh', ['.nonroot/host-ids.sh'], { cwd: project.dir, user: HOST });
    docker.compose(project.dir, ['build']);
    const ran = docker.compose(project.dir, ['run', '--rm', '-T', 'app', 'sh', '-c', 'touch /workspace/from-container'], false);
    expect(ran.status).not.toBe(0);
    expect(ran.stderr + ran.stdout).toMatch(/Permission denied/);
  });

  it('rootless-docker: the container runs as root, which is you, and the image still ends with a numeric non-root USER', () => {
    const project = generate(['--id-strategy', 'rootless-docker']);
    docker.compose(project.dir, ['build']);
    const out = keyValues(docker.compose(project.dir, ['run', '--rm', '-T', 'app', 'sh', '-c', PROBE]).stdout);
    expect(out).toMatchObject({ ID: '0:0', WORKSPACE_WRITABLE: 'yes', HOME_WRITABLE: 'yes' });
    expect(project.owner('from-container')).toBe('1500:1500');
    const image = `${JSON.parse(docker.compose(project.dir, ['config', '--format', 'json']).stdout).name}-app`;
    expect(docker.as('docker', ['image', 'inspect', '-f', '{{.Config.User}}', image]).stdout.trim()).toBe('1000:1000');
    // Run as its image user (as Kubernetes would), it is the non-root dev.
    expect(
      keyValues(docker.as('docker', ['run', '--rm', image, 'sh', '-c', 'echo ID=$(id -u):$(id -g); echo NAME=$(id -un)']).stdout),
    ).toMatchObject({ ID: '1000:1000', NAME: 'dev' });
  });

  it('the generator run there picks rootless-docker, and says why', () => {
    const said = detected(docker);
    expect(said).toMatch(/rootless Docker answers: defaulting to rootless-docker/);
    expect(said).toMatch(/"idStrategy": "rootless-docker"/);
  });
});
