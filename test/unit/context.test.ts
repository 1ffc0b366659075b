import { buildContext, forImage, nestedVolumeDirs } from '../../src/app/context.js';
import { nextSteps } from '../../src/app/report.js';
import { memoryRepo, readLayout } from '../../src/core/layout/index.js';
import { answers } from '../support/context.js';

// GID differs from UID (a macOS user: GID 20), so a mix-up between the two shows.
const host = { uid: 1500, gid: 20, login: 'ana' };
const explicit = { service: false, workspace: false };
const build = (more = {}, layout = {}) => buildContext({ answers: answers(more), host, layout, explicit, names: ['shop', 'src'] });

describe('buildContext', () => {
  it('build-arg: required build args from .env, host IDs in .env, no baked IDs', () => {
    const ctx = build();
    expect(ctx.imageIds).toBeUndefined();
    expect(ctx.env).toEqual({ HOST_UID: '1500', HOST_GID: '20' });
    expect(ctx.compose.args.UID).toMatch(/^\$\{HOST_UID:\?.*run sh \.nonroot\/host-ids\.sh/);
    expect(ctx.compose.user).toMatch(/^\$\{HOST_UID:\?[^}]*\}:\$\{HOST_GID:\?[^}]*\}$/);
    expect(ctx.devcontainer).toEqual({ updateRemoteUserUID: false, initializeCommand: expect.stringContaining('.nonroot/host-ids.sh') });
  });

  it('fixed: IDs baked into the image, the same numeric user in compose, no .env', () => {
    const ctx = build({ idStrategy: 'fixed', uid: 1234567890, gid: 1234567890 });
    expect(ctx.imageIds).toEqual({ uid: 1234567890, gid: 1234567890 });
    expect(ctx.compose).toEqual({ args: {}, user: '1234567890:1234567890' });
    expect(ctx.env).toBeUndefined();
  });

  it('devcontainer: a user at 1000:1000 that the Dev Containers CLI remaps', () => {
    const ctx = build({ idStrategy: 'devcontainer' });
    expect(ctx.imageIds).toEqual({ uid: 1000, gid: 1000 });
    expect(ctx.compose.user).toBe('1000:1000');
    expect(ctx.devcontainer).toEqual({ updateRemoteUserUID: true });
  });

  it('creates the workspace owned by the user and mounts the project there', () => {
    const ctx = build({ workspace: '/src' });
    expect(ctx.ownedDirs).toEqual(['/src']);
    expect(ctx.place.services[0].mount).toEqual({ source: '.', target: '/src', add: true, retarget: false, root: true });
    expect(ctx.home).toBe('/home/ana');
  });

  it('turns --volumes into named volumes whose mount points the image pre-creates', () => {
    const ctx = build({ volumes: '/home/ana/.cache,/workspace/node_modules' });
    expect(ctx.ownedDirs).toEqual(['/workspace', '/home/ana/.cache', '/workspace/node_modules']);
    expect(ctx.volumes).toEqual(['home-ana-.cache:/home/ana/.cache', 'workspace-node_modules:/workspace/node_modules']);
    expect(nestedVolumeDirs(ctx)).toEqual(['node_modules']);
  });

  it('refuses sudo without a shell', () => {
    expect(() => build({ baseImage: 'gcr.io/distroless/base', sudo: true })).toThrow(/--sudo: .* has no shell/);
  });

  it('a Dockerfile-based Dev Container build reads no .env: build-arg IDs are baked at 1000 and the CLI remaps them', () => {
    const layout = readLayout(
      memoryRepo({ '.devcontainer/devcontainer.json': '{ "build": { "dockerfile": "Dockerfile" } }' }),
      '.devcontainer/devcontainer.json',
    );
    const ctx = build({ service: '' }, layout);
    expect(ctx.place.compose).toBeUndefined();
    expect(ctx.env).toBeUndefined();
    expect(ctx.devcontainer).toEqual({ updateRemoteUserUID: true });
    expect(forImage(ctx, ctx.place.images[0])).toMatchObject({
      imageIds: { uid: 1000, gid: 1000 },
      workspace: '/workspaces',
      ownedDirs: ['/workspaces'],
    });
  });
});

describe('nextSteps', () => {
  it.each([
    ['build-arg', /sh \.nonroot\/host-ids\.sh .*\n.*\n .*id +# prints your UID\/GID/],
    ['podman', /id +# prints the image user's 1000:1000, which keep-id maps onto you/],
    ['rootless-docker', /id +# prints 0:0: container root, which under rootless Docker is you/],
    ['arbitrary', /sh \.nonroot\/host-ids\.sh[\s\S]*id +# prints your UID with group 0/],
    ['runtime', /id +# prints your UID\/GID/],
  ])('%s says what `id` will print', (idStrategy, line) => {
    expect(nextSteps(build({ idStrategy }))).toMatch(line);
  });
});
