import { buildContext, nestedVolumeDirs } from '../../generators/app/context.js';
import { answers } from '../support/context.js';

// GID differs from UID (a macOS user: GID 20), so a mix-up between the two shows.
const host = { uid: 1500, gid: 20, login: 'ana' };

describe('buildContext', () => {
  it('build-arg: required build args from .env, host IDs in .env, no baked IDs', () => {
    const ctx = buildContext(answers(), host);
    expect(ctx.imageIds).toBeUndefined();
    expect(ctx.env).toEqual({ HOST_UID: '1500', HOST_GID: '20' });
    expect(ctx.compose.args.UID).toMatch(/^\$\{HOST_UID:\?.*run sh \.nonroot\/host-ids\.sh/);
    expect(ctx.compose.user).toMatch(/^\$\{HOST_UID:\?[^}]*\}:\$\{HOST_GID:\?[^}]*\}$/);
    expect(ctx.devcontainer).toEqual({ updateRemoteUserUID: false, initializeCommand: expect.stringContaining('.nonroot/host-ids.sh') });
  });

  it('fixed: IDs baked into the image, the same numeric user in compose, no .env', () => {
    const ctx = buildContext(answers({ idStrategy: 'fixed', uid: 1234567890, gid: 1234567890 }), host);
    expect(ctx.imageIds).toEqual({ uid: 1234567890, gid: 1234567890 });
    expect(ctx.compose).toEqual({ args: {}, user: '1234567890:1234567890', volumes: ['.:/workspace'], namedVolumes: [] });
    expect(ctx.env).toBeUndefined();
  });

  it('devcontainer: a user at 1000:1000 that the Dev Containers CLI remaps', () => {
    const ctx = buildContext(answers({ idStrategy: 'devcontainer' }), host);
    expect(ctx.imageIds).toEqual({ uid: 1000, gid: 1000 });
    expect(ctx.compose.user).toBe('1000:1000');
    expect(ctx.devcontainer).toEqual({ updateRemoteUserUID: true });
  });

  it('creates the workspace owned by the user and mounts the project there', () => {
    const ctx = buildContext(answers({ workspace: '/src' }), host);
    expect(ctx.ownedDirs).toEqual(['/src']);
    expect(ctx.compose.volumes).toEqual(['.:/src']);
    expect(ctx.home).toBe('/home/ana');
  });

  it('turns --volumes into named volumes whose mount points the image pre-creates', () => {
    const ctx = buildContext(answers({ volumes: '/home/ana/.cache,/workspace/node_modules' }), host);
    expect(ctx.ownedDirs).toEqual(['/workspace', '/home/ana/.cache', '/workspace/node_modules']);
    expect(ctx.compose.volumes).toEqual(['.:/workspace', 'home-ana-.cache:/home/ana/.cache', 'workspace-node_modules:/workspace/node_modules']);
    expect(ctx.compose.namedVolumes).toEqual(['home-ana-.cache', 'workspace-node_modules']);
    expect(nestedVolumeDirs(ctx)).toEqual(['node_modules']);
  });

  it('recognises shell-less bases and refuses scratch and sudo without a shell', () => {
    expect(buildContext(answers({ baseImage: 'gcr.io/distroless/static-debian12:nonroot' }), host).shellLess).toBe(true);
    expect(buildContext(answers({ baseImage: 'debian:trixie-slim' }), host).shellLess).toBe(false);
    expect(() => buildContext(answers({ baseImage: 'scratch' }), host)).toThrow(/--base-image scratch has no \/etc\/passwd/);
    expect(() => buildContext(answers({ baseImage: 'gcr.io/distroless/base', sudo: true }), host)).toThrow(/--sudo: .* has no shell/);
  });
});
