// The strategies for rootless engines, arbitrary UIDs and shared images, through yeoman: what each
// writes, and that the files agree with each other. The e2e project builds and runs them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALWAYS_WRITTEN, generate } from '../support/generate.js';
import { validateDevcontainer } from '../support/schema.js';

describe.each([
  ['podman', { user: '1000:1000', userns_mode: 'keep-id:uid=1000,gid=1000' }, { containerUser: 'ana', updateRemoteUserUID: false }, []],
  ['rootless-docker', { user: '0:0' }, { containerUser: 'root', remoteUser: 'root', updateRemoteUserUID: false }, []],
  [
    'arbitrary',
    { user: expect.stringMatching(/^\$\{HOST_UID:\?.*\}:0$/) },
    { containerUser: 'ana', updateRemoteUserUID: true },
    ['.env', '.nonroot/arbitrary-entrypoint.sh', '.nonroot/host-ids.sh'],
  ],
  ['runtime', {}, { containerUser: 'ana', updateRemoteUserUID: true }, ['.nonroot/runtime-entrypoint.sh']],
])('--id-strategy %s --yes', (strategy, service, devcontainer, extra) => {
  let out: Awaited<ReturnType<typeof generate>>;
  beforeAll(async () => {
    out = await generate({ options: { yes: true, 'id-strategy': strategy, username: 'ana' }, host: { uid: 1500, gid: 20 } });
  });
  afterAll(() => out.cleanup());

  it('writes the files of its strategy', () => {
    expect(out.files()).toEqual([...ALWAYS_WRITTEN, ...extra].sort());
  });

  it('bakes the image user at 1000:1000, whatever the host is', () => {
    expect(out.dockerfile()).toEqual(expect.arrayContaining(['ARG UID=1000', 'ARG GID=1000']));
  });

  it('gives compose the user (or none) and the user namespace the strategy needs', () => {
    const app = out.compose().services.app;
    expect(app.build).toBe('.');
    expect({ user: app.user, userns_mode: app.userns_mode }).toEqual({ user: undefined, userns_mode: undefined, ...service });
  });

  it("writes a devcontainer.json valid against the spec, with the strategy's user and remapping", () => {
    const config = out.devcontainer();
    expect(validateDevcontainer(config)).toEqual([]);
    expect(config).toMatchObject(devcontainer);
    // A compose-based config gets keep-id from the compose file, not runArgs.
    expect(config.runArgs).toBeUndefined();
  });

  it('stores the strategy (the image IDs are fixed, so they may be stored too)', () => {
    expect(JSON.parse(out.read('.yo-rc.json'))['generator-nonroot']).toMatchObject({ idStrategy: strategy });
  });
});

it("arbitrary: group 0 owns the user's folders, the final USER is UID:0, and the entrypoint adds the passwd entry", async () => {
  const out = await generate({ options: { yes: true, 'id-strategy': 'arbitrary', username: 'ana' } });
  const instructions = out.dockerfile();
  expect(instructions.find((i) => i.includes('create-user.sh') && i.startsWith('RUN '))).toMatch(/NONROOT_GROUP0=1/);
  expect(instructions).toEqual(expect.arrayContaining(['ENV NONROOT_USER=${USERNAME} HOME=/home/${USERNAME}', 'USER ${UID}:0']));
  expect(instructions.at(-1)).toBe('ENTRYPOINT ["/bin/sh","/usr/local/lib/nonroot/entrypoint.sh"]');
  expect(instructions.filter((i) => i.startsWith('USER ')).at(-1)).toBe('USER ${UID}:0');
  expect(out.read('.nonroot/arbitrary-entrypoint.sh')).toMatch(/>>\/etc\/passwd/);
  out.cleanup();
});

it('runtime: the user script stays in the image, and the image ends as root with the remapping entrypoint', async () => {
  const out = await generate({ options: { yes: true, 'id-strategy': 'runtime', username: 'ana' } });
  const instructions = out.dockerfile();
  expect(instructions).toEqual(
    expect.arrayContaining([
      'COPY .nonroot/create-user.sh /usr/local/lib/nonroot/create-user.sh',
      'COPY .nonroot/runtime-entrypoint.sh /usr/local/lib/nonroot/entrypoint.sh',
      'ENV NONROOT_USER=${USERNAME} NONROOT_WORKSPACE=/workspace NONROOT_DIRS="/workspace"',
    ]),
  );
  expect(instructions.slice(-2)).toEqual(['USER root', 'ENTRYPOINT ["/bin/sh","/usr/local/lib/nonroot/entrypoint.sh"]']);
  out.cleanup();
});

describe('a Dockerfile-based Dev Container', () => {
  const files = {
    '.devcontainer/devcontainer.json':
      '{\n  "build": { "dockerfile": "Dockerfile" },\n  // ours: the network the lab needs\n  "runArgs": ["--network=none"]\n}\n',
    '.devcontainer/Dockerfile': 'FROM debian:trixie-slim\nENTRYPOINT ["/usr/bin/tini", "--"]\nCMD ["bash"]\n',
  };

  it("podman: keep-id joins the config's own runArgs, and leaves them as they were when the strategy changes", async () => {
    const out = await generate({ options: { yes: true, force: true, 'id-strategy': 'podman', username: 'ana' }, files });
    expect(out.read('.devcontainer/devcontainer.json')).toMatch(/"runArgs": \["--network=none", "--userns=keep-id:uid=1000,gid=1000"\]/);
    expect(out.read('.devcontainer/devcontainer.json')).toMatch(/\/\/ ours: the network the lab needs/);
    out.cleanup();
  });

  it("runtime: the Dockerfile's own ENTRYPOINT runs after the remapping one", async () => {
    const out = await generate({ options: { yes: true, force: true, 'id-strategy': 'runtime', username: 'ana' }, files });
    const text = out.read('.devcontainer/Dockerfile');
    expect(text).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]$/m);
    expect(text).toMatch(/^ENTRYPOINT \["\/bin\/sh","\/usr\/local\/lib\/nonroot\/entrypoint\.sh","\/usr\/bin\/tini","--"\]$/m);
    out.cleanup();
  });
});

describe('the host picks the default strategy (the bin, with a recorded engine answer)', () => {
  const ENGINES = fileURLToPath(new URL('../fixtures/engines', import.meta.url));
  const BIN = fileURLToPath(new URL('../../generators/cli.js', import.meta.url));
  const bin = (engine: string, args: string[], files: Record<string, string> = {}) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-detect-'));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    const env = { ...process.env, NONROOT_ENGINE_INFO: engine === 'none' ? 'none' : path.join(ENGINES, `${engine}.json`) };
    const r = spawnSync(process.execPath, [BIN, '--username', 'dev', ...args], { cwd: dir, encoding: 'utf8', env });
    const stored = fs.existsSync(path.join(dir, '.yo-rc.json'))
      ? JSON.parse(fs.readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'))['generator-nonroot']
      : undefined;
    fs.rmSync(dir, { recursive: true, force: true });
    return { status: r.status, output: r.stdout + r.stderr, stored };
  };

  it.each([
    ['docker-rootful', 'build-arg', /rootful Docker answers: defaulting to build-arg/],
    ['docker-rootless', 'rootless-docker', /rootless Docker answers: defaulting to rootless-docker/],
    ['podman-rootless', 'podman', /rootless Podman answers: defaulting to podman/],
    ['podman-docker-api', 'podman', /rootless Podman answers: defaulting to podman/],
    ['docker-desktop', 'build-arg', /Docker Desktop answers: defaulting to build-arg/],
    ['none', 'build-arg', /no container engine answered/],
  ])('%s: --yes takes %s, and the run says why', (engine, strategy, line) => {
    const { status, output, stored } = bin(engine, ['--yes']);
    expect(status).toBe(0);
    expect(output).toMatch(line);
    expect(stored.idStrategy).toBe(strategy);
  });

  it('a stored strategy that does not fit the engine is kept, with a warning naming both', () => {
    const yoRc = JSON.stringify({ 'generator-nonroot': { idStrategy: 'build-arg', username: 'dev' } });
    const { status, output, stored } = bin('podman-rootless', ['--yes'], { '.yo-rc.json': yoRc });
    expect(status).toBe(0);
    expect(output).toMatch(/warning: the stored strategy build-arg does not fit this host's rootless Podman: .* --id-strategy podman/);
    expect(stored.idStrategy).toBe('build-arg');
  });

  it('a flag wins, and nothing is said about the engine', () => {
    const { output, stored } = bin('podman-rootless', ['--yes', '--id-strategy', 'fixed']);
    expect(output).not.toMatch(/answers: defaulting|does not fit/);
    expect(stored.idStrategy).toBe('fixed');
  });
});
