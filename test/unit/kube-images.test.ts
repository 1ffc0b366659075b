// Whether a manifest's image is one the repo builds (core/kube/images.ts): a table of the ways
// manifests and builds name the same image, and of the near misses.
import { composeImageName, imageMatches, matchImage, parseImage, type BuiltImage, type ImageMatch } from '../../src/core/kube/images.js';

describe('parseImage', () => {
  it.each([
    ['app', { path: ['app'] }],
    ['app:1.0', { path: ['app'], tag: '1.0' }],
    ['library/postgres:16', { path: ['postgres'], tag: '16' }],
    ['docker.io/library/postgres', { domain: 'docker.io', path: ['postgres'] }],
    ['index.docker.io/org/app', { domain: 'docker.io', path: ['org', 'app'] }],
    ['ghcr.io/Org/app:2', { domain: 'ghcr.io', path: ['Org', 'app'], tag: '2' }],
    ['registry:5000/team/app:v1', { domain: 'registry:5000', path: ['team', 'app'], tag: 'v1' }],
    ['localhost/app:latest', { domain: 'localhost', path: ['app'], tag: 'latest' }],
    ['app@sha256:abc', { path: ['app'], digest: 'sha256:abc' }],
    ['app:1.0@sha256:abc', { path: ['app'], tag: '1.0', digest: 'sha256:abc' }],
    ['ghcr.io/org/app:${TAG}', { domain: 'ghcr.io', path: ['org', 'app'], tag: '${TAG}' }],
  ])('%s', (ref, parts) => {
    expect(parseImage(ref)).toEqual({ domain: undefined, tag: undefined, digest: undefined, ...parts });
  });

  it.each(['', '  ', '${IMAGE}', '{{ .Values.image }}', 'my app'])('%j is no reference', (ref) => {
    expect(parseImage(ref)).toBeUndefined();
  });
});

const yes = (how: Extract<ImageMatch, { match: true }>['how']): ImageMatch => ({ match: true, how });
const no = (why: Extract<ImageMatch, { match: false }>['why']): ImageMatch => ({ match: false, why });
const untagged = (ref: string): BuiltImage => ({ ref, implicitTag: true });

describe('matchImage: manifest image against what the repo builds', () => {
  it.each<[string, string | BuiltImage, ImageMatch]>([
    // the same name and tag, however the registry is written
    ['app', 'app', yes('exact')],
    ['app:latest', 'app', yes('exact')],
    ['app', 'app:latest', yes('exact')],
    ['localhost/app:latest', 'app', yes('exact')],
    ['docker.io/library/app:1.0', 'app:1.0', yes('exact')],
    ['docker.io/app', 'library/app', yes('exact')],
    ['ghcr.io/org/app:1.0', 'app:1.0', yes('exact')],
    ['ghcr.io/org/app:1.0', 'org/app:1.0', yes('exact')],
    ['registry:5000/team/app:v1', 'app:v1', yes('exact')],
    ['app:1.0', 'ghcr.io/org/app:1.0', yes('exact')],
    ['ghcr.io/org/app:1.0', 'ghcr.io/org/app:1.0', yes('exact')],
    ['app:1.0@sha256:abc', 'app:1.0', yes('exact')],
    ['app@sha256:abc', 'app@sha256:abc', yes('exact')],
    // builds that name no tag: whatever tag CI pushes
    ['ghcr.io/org/app:1.4.2', untagged('app'), yes('untagged-build')],
    ['shop-web:dev', composeImageName('Shop', 'web'), yes('untagged-build')],
    // pinned by digest alone, or a tag filled in later
    ['ghcr.io/org/app@sha256:abc', 'app:1.0', yes('digest')],
    ['ghcr.io/org/app:${TAG}', 'app:1.0', yes('variable-tag')],
    ['app:1.0', 'app:${VERSION:-dev}', yes('variable-tag')],
    // near misses
    ['app:2.0', 'app:1.0', no('tag')],
    ['app:1.0', 'app', no('tag')],
    ['app@sha256:abc', 'app@sha256:def', no('tag')],
    ['ghcr.io/org/app:1.0', 'ghcr.io/other/app:1.0', no('name')],
    ['ghcr.io/org/app', 'quay.io/org/app', no('name')],
    ['docker.io/org/app', 'ghcr.io/org/app', no('name')],
    ['ghcr.io/org/app', 'other/app', no('name')],
    ['app-worker', 'app', no('name')],
    ['postgres:16', 'app', no('name')],
    ['${IMAGE}', 'app', no('unreadable')],
  ])('%s ~ %j', (manifest, built, expected) => {
    expect(matchImage(manifest, built)).toEqual(expected);
  });

  it('imageMatches: any of the builds', () => {
    expect(imageMatches('ghcr.io/org/web:1.2', ['api:1.2', untagged('web')])).toBe(true);
    expect(imageMatches('redis:7', ['api:1.2', untagged('web')])).toBe(false);
  });

  it("composeImageName: compose v2's name for a build without image:", () => {
    expect(composeImageName('MyProject', 'app')).toEqual({ ref: 'myproject-app', implicitTag: true });
  });
});
