// Prompts, stored answers and bad input, through yeoman.
import { generate, generateFailing } from '../support/generate.js';

describe('prompting', () => {
  it('asks base image, username, strategy, IDs (fixed only) and sudo, and uses the answers everywhere', async () => {
    const out = await generate({
      answers: { baseImage: 'node:22', username: 'bob', idStrategy: 'fixed', uid: '1600', gid: '1700', sudo: true },
    });
    expect(out.result.askedQuestions.map((q) => q.name)).toEqual([
      'baseImage',
      'username',
      'idStrategy',
      'uid',
      'gid',
      'kubernetes',
      'sudo',
    ]);
    expect(out.dockerfile()).toEqual(expect.arrayContaining(['FROM node:22', 'ARG USERNAME=bob', 'ARG UID=1600', 'ARG GID=1700']));
    expect(out.dockerfile().find((i) => i.startsWith('RUN ') && i.includes('nonroot-create-user.sh'))).toContain('NONROOT_SUDO=1');
    expect(out.compose().services.app.user).toBe('1600:1700');
    expect(out.devcontainer().remoteUser).toBe('bob');
    out.cleanup();
  });

  it('does not ask what a flag answered', async () => {
    const out = await generate({
      options: { 'base-image': 'ubuntu:24.04', username: 'ana' },
      answers: { idStrategy: 'build-arg', sudo: false },
    });
    expect(out.result.askedQuestions.map((q) => q.name)).toEqual(['idStrategy', 'kubernetes', 'sudo']);
    out.cleanup();
  });
});

describe('rerun with .yo-rc.json', () => {
  it('reuses stored answers with --yes, and flags still win', async () => {
    const stored = {
      'generator-nonroot': { baseImage: 'ubuntu:24.04', username: 'carol', idStrategy: 'fixed', uid: 4242, gid: 4242, service: 'web' },
    };
    const out = await generate({ options: { yes: true, username: 'dave' }, files: { '.yo-rc.json': JSON.stringify(stored) } });
    expect(out.dockerfile()).toEqual(expect.arrayContaining(['FROM ubuntu:24.04', 'ARG USERNAME=dave', 'ARG UID=4242']));
    expect(Object.keys(out.compose().services)).toEqual(['web']);
    expect(JSON.parse(out.read('.yo-rc.json'))['generator-nonroot']).toMatchObject({ username: 'dave', uid: 4242 });
    out.cleanup();
  });

  it('drops stored IDs when the strategy changes to build-arg', async () => {
    const stored = { 'generator-nonroot': { idStrategy: 'fixed', uid: 4242, gid: 4242 } };
    const out = await generate({ options: { yes: true, 'id-strategy': 'build-arg' }, files: { '.yo-rc.json': JSON.stringify(stored) } });
    expect(JSON.parse(out.read('.yo-rc.json'))['generator-nonroot']).not.toHaveProperty('uid');
    expect(out.read('.env')).toBe('HOST_UID=1500\nHOST_GID=1500\n');
    out.cleanup();
  });

  it('keeps the lines people added to .env, .gitignore and .dockerignore', async () => {
    const out = await generate({
      options: { yes: true },
      files: { '.env': 'DB_URL=postgres://x\nHOST_UID=1\n', '.gitignore': 'node_modules/\n', '.dockerignore': 'dist\n.git\n' },
    });
    expect(out.read('.env')).toBe('DB_URL=postgres://x\nHOST_UID=1500\nHOST_GID=1500\n');
    expect(out.read('.gitignore')).toBe('node_modules/\n.env\n');
    expect(out.read('.dockerignore')).toBe('dist\n.git\n.env\n');
    out.cleanup();
  });
});

describe('bad input writes nothing, not even .yo-rc.json', () => {
  it.each([
    [{ username: 'Root' }, /--username "Root": must start with a lowercase letter.*e\.g\. dev/],
    [{ username: 'root' }, /--username "root": must not be root/],
    [{ 'id-strategy': 'fixed', uid: '0' }, /--uid "0": must be from 1 to 2147483646/],
    [{ gid: '12ab' }, /--gid "12ab": must be a whole number/],
    [{ 'base-image': 'debian\nRUN curl evil' }, /--base-image .*must be an image reference/],
    [{ service: 'my app' }, /--service "my app": must start with a letter or digit/],
    [{ service: 'app,my worker' }, /--service "app,my worker": "my worker": must start with a letter or digit/],
    [{ devcontainer: '../x/devcontainer.json' }, /--devcontainer "..\/x\/devcontainer.json": must be \.devcontainer\/devcontainer\.json/],
    [{ workspace: 'src' }, /--workspace "src": must be an absolute path/],
    [{ workspace: '/etc' }, /--workspace "\/etc": must not be the system directory/],
    [
      { 'id-strategy': 'remap' },
      /--id-strategy "remap": must be one of build-arg, fixed, devcontainer, podman, rootless-docker, arbitrary, runtime/,
    ],
    [{ 'base-image': 'gcr.io/distroless/static', sudo: true }, /--sudo: .* has no shell/],
    [
      { 'base-image': 'gcr.io/distroless/static', 'id-strategy': 'runtime' },
      /--id-strategy runtime: its entrypoint is a shell script, and gcr\.io\/distroless\/static has no shell/,
    ],
    [{ 'base-image': 'scratch', 'id-strategy': 'arbitrary' }, /--id-strategy arbitrary: .* scratch has no shell/],
  ])('%j', async (flags, message) => {
    const { error, after } = await generateFailing({ yes: true, ...flags });
    expect(error?.message).toMatch(/^nothing was written; fix this and run again:/);
    expect(error?.message).toMatch(message);
    expect(after).toEqual({});
  });

  it('leaves an existing project untouched', async () => {
    const files = { Dockerfile: 'FROM x\n', '.yo-rc.json': '{"generator-nonroot":{"username":"ana"}}\n', '.env': 'A=1\n' };
    const { error, before, after } = await generateFailing({ yes: true, uid: 'x' }, files);
    expect(error).toBeDefined();
    expect(after).toEqual(before);
  });

  it('reports a bad stored answer with the file named', async () => {
    const { error, after } = await generateFailing({ yes: true }, { '.yo-rc.json': '{"generator-nonroot":{"username":"Bad Name"}}' });
    expect(error?.message).toMatch(/\.yo-rc\.json "username": "Bad Name" \(fix it there or pass --username\)/);
    expect(after['.yo-rc.json']).toBe('{"generator-nonroot":{"username":"Bad Name"}}');
  });
});
