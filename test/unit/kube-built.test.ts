// Which images the repo builds, by the names a manifest runs them under (core/kube/built.ts), where
// no compose service builds them: skaffold.yaml's artifacts, a Makefile's `docker build -t`, and the
// repo's folder name when it has one Dockerfile; and NR501 (the kubelet's refusal over a named
// USER) found through them.
import { audit } from '../../src/check/audit.js';
import { builtFor, builtImages } from '../../src/core/kube/built.js';
import { readModel } from '../../src/core/layout/model.js';
import { memoryRepo, type Repo } from '../../src/core/layout/repo.js';

const repoAt = (root: string, files: Record<string, string>): Repo => ({ ...memoryRepo(files), root });
const built = (root: string, files: Record<string, string>) => builtImages(readModel(repoAt(root, files)));

const DEPLOYMENT = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: shop}
spec:
  template:
    spec:
      securityContext: {runAsNonRoot: true}
      containers:
        - name: shop
          image: ${image}
`;
const NAMED_USER = 'FROM python:3.13-slim\nRUN useradd -m app\nUSER app\n';
const DEVCONTAINER = '{ "name": "Shop", "build": { "dockerfile": "../Dockerfile", "context": ".." } }\n';

describe('images built outside compose', () => {
  it('a lone Dockerfile (and a Dev Container that builds it) is the image a manifest names after the repo folder', () => {
    const files = { Dockerfile: NAMED_USER, '.devcontainer/devcontainer.json': DEVCONTAINER };
    const found = built('/src/shop', files);
    expect(found.map((b) => [b.image.ref, b.dockerfile, b.user])).toEqual([['shop', 'Dockerfile', 'app']]);
    for (const image of ['ghcr.io/acme/shop:1.2', 'shop', 'localhost/shop:dev', 'registry.example.com/team/shop@sha256:' + 'a'.repeat(64)])
      expect([image, builtFor(found, image)?.dockerfile]).toEqual([image, 'Dockerfile']);
    for (const image of ['postgres:16', 'ghcr.io/acme/shop-worker:1.2', 'ghcr.io/acme/shopping:1'])
      expect(builtFor(found, image)).toBeUndefined();
  });

  it('not when the repo has several Dockerfiles (which one is not known), nor for a folder name that is no image name', () => {
    expect(built('/src/shop', { Dockerfile: NAMED_USER, 'Dockerfile.worker': NAMED_USER })).toEqual([]);
    expect(built('/src/My Shop', { Dockerfile: NAMED_USER })).toEqual([]);
    expect(built('/src/shop', {})).toEqual([]);
  });

  it("a Makefile's docker build -t, with -f, --target and a make variable for the tag", () => {
    const makefile =
      'VERSION ?= dev\nimage:\n\tdocker buildx build --target runtime \\\n' +
      '\t  -t ghcr.io/acme/storefront:$(VERSION) -f docker/app.Dockerfile . && docker push x\n';
    const dockerfile = 'FROM node:22 AS build\nFROM node:22-slim AS runtime\nUSER node\n';
    const found = built('/src/repo', {
      Makefile: makefile,
      'docker/app.Dockerfile': dockerfile,
      Dockerfile: NAMED_USER,
      'worker/Dockerfile': 'FROM x\n',
    });
    expect(builtFor(found, 'ghcr.io/acme/storefront:1.2')).toMatchObject({
      dockerfile: 'docker/app.Dockerfile',
      context: '.', // the line's last word: verify builds from there, as the Makefile does
      target: 'runtime',
      user: 'node',
    });
    // A Makefile line whose Dockerfile the repo does not have names nothing.
    expect(built('/src/repo', { Makefile: 'all:\n\tdocker build -t other -f nowhere/Dockerfile .\n' })).toEqual([]);
  });

  it("skaffold.yaml's artifacts: image, context and docker.dockerfile", () => {
    const skaffold =
      'apiVersion: skaffold/v4beta11\nkind: Config\nbuild:\n  artifacts:\n    - image: ghcr.io/acme/api\n      context: services/api\n' +
      '      docker: {dockerfile: Dockerfile.prod}\n';
    const found = built('/src/repo', { 'skaffold.yaml': skaffold, 'services/api/Dockerfile.prod': 'FROM golang\nUSER 65532\n' });
    expect(builtFor(found, 'ghcr.io/acme/api:v3')).toMatchObject({
      dockerfile: 'services/api/Dockerfile.prod',
      context: 'services/api',
      user: '65532',
    });
    expect(built('/src/repo', { 'skaffold.yaml': 'build: [' })).toEqual([]);
  });

  it('NR501 follows such a manifest to the named USER the kubelet refuses', () => {
    const files = {
      Dockerfile: NAMED_USER,
      '.devcontainer/devcontainer.json': DEVCONTAINER,
      'k8s/deployment.yaml': DEPLOYMENT('ghcr.io/acme/shop:1.2'),
    };
    const nr501 = audit(repoAt('/src/shop', files)).findings.filter((f) => f.rule === 'NR501');
    expect(nr501.map((f) => `${f.file}:${f.line}`)).toEqual(['k8s/deployment.yaml:7']);
    expect(audit(repoAt('/src/other', files)).findings.filter((f) => f.rule === 'NR501')).toEqual([]);
  });
});
