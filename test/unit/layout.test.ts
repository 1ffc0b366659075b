// Layout discovery on in-memory repos shaped like the public ones (see test/fixtures/repos/ for
// whole repos): which files, which project directory, which service builds what, which mounts.
import { chooseDevcontainer, defaultServices, memoryRepo, projectMount, readLayout, serviceNamed } from '../../src/core/layout/index.js';
import { relativeFrom } from '../../src/core/layout/repo.js';

const templateCompose = [
  'services:',
  '  app:',
  '    build:',
  '      context: .',
  '      dockerfile: Dockerfile',
  '    volumes:',
  '      - ../..:/workspaces:cached',
  '    command: sleep infinity',
  '    network_mode: service:db',
  '  db:',
  '    image: postgres:16',
  '    volumes:',
  '      - pgdata:/var/lib/postgresql/data',
  'volumes:',
  '  pgdata:',
  '',
].join('\n');

describe('readLayout: compose-based Dev Container configs', () => {
  it("reads the official templates' shape: everything inside .devcontainer/, the parent folder mounted", () => {
    const repo = memoryRepo({
      '.devcontainer/devcontainer.json':
        '{\n\t"dockerComposeFile": "docker-compose.yml",\n\t"service": ' +
        '"app",\n\t"workspaceFolder": ' +
        '"/workspaces/${localWorkspaceFolderBasename}",\n\t// "remoteUser": ' +
        '"root"\n}\n',
      '.devcontainer/docker-compose.yml': templateCompose,
      '.devcontainer/Dockerfile': 'FROM mcr.microsoft.com/devcontainers/base:bookworm\n',
    });
    const layout = readLayout(repo, chooseDevcontainer(repo));
    expect(layout.devcontainer).toMatchObject({
      kind: 'compose',
      file: '.devcontainer/devcontainer.json',
      service: 'app',
      workspaceFolder: '/workspaces/${localWorkspaceFolderBasename}',
    });
    expect(layout.compose).toMatchObject({
      files: ['.devcontainer/docker-compose.yml'],
      dir: '.devcontainer',
      envFile: '.devcontainer/.env',
    });
    const app = serviceNamed(layout, 'app')!;
    expect(app.build).toEqual({
      context: '.devcontainer',
      dockerfile: '.devcontainer/Dockerfile',
      target: undefined,
      inline: false,
      outside: false,
    });
    // ../.. from .devcontainer/ is the folder above the repo: the project is inside the mount.
    expect(projectMount(app)).toMatchObject({ source: '..', target: '/workspaces', file: '.devcontainer/docker-compose.yml' });
    expect(serviceNamed(layout, 'db')!.build).toBeUndefined();
    expect(defaultServices(layout)).toEqual(['app']);
  });

  it("resolves every file of a list from the first file's folder, as compose does", () => {
    const repo = memoryRepo({
      '.devcontainer/devcontainer.json':
        '{ "dockerComposeFile": ["../docker-compose.yml", "docker-compose.extend.yml"], "service": "web" }',
      'docker-compose.yml': 'services:\n  web:\n    build: .\n    volumes: [".:/code"]\n',
      '.devcontainer/docker-compose.extend.yml':
        'services:\n  web:\n    volumes:\n      - ..:/workspaces:cached\n    build:\n      target: dev\n',
    });
    const layout = readLayout(repo, '.devcontainer/devcontainer.json');
    expect(layout.compose).toMatchObject({
      files: ['docker-compose.yml', '.devcontainer/docker-compose.extend.yml'],
      dir: '.',
      envFile: '.env',
    });
    const web = serviceNamed(layout, 'web')!;
    expect(web.file).toBe('docker-compose.yml');
    expect(web.build).toMatchObject({ context: '.', dockerfile: 'Dockerfile', target: 'dev' });
    expect(web.binds.map((b) => [b.source, b.target])).toEqual([
      ['.', '/code'],
      ['..', '/workspaces'],
    ]);
    expect(projectMount(web)?.target).toBe('/code');
  });

  it('fails naming the file and key when the service or a compose file is missing', () => {
    const noService = memoryRepo({
      '.devcontainer/devcontainer.json': '{ "dockerComposeFile": "c.yml", "service": "api" }',
      '.devcontainer/c.yml': 'services:\n  app:\n    image: x\n',
    });
    expect(() => readLayout(noService, '.devcontainer/devcontainer.json')).toThrow(
      /\.devcontainer\/devcontainer\.json:1: "service": "api" is not defined in \.devcontainer\/c\.yml/,
    );
    const noFile = memoryRepo({ '.devcontainer/devcontainer.json': '{ "dockerComposeFile": ["../compose.yaml"], "service": "app" }' });
    expect(() => readLayout(noFile, '.devcontainer/devcontainer.json')).toThrow(
      /"dockerComposeFile" names "\.\.\/compose\.yaml", which does not exist \(compose\.yaml\)/,
    );
  });
});

describe('readLayout: Dockerfile- and image-based configs', () => {
  it("resolves build.dockerfile and build.context from the json's folder", () => {
    const repo = memoryRepo({
      '.devcontainer/devcontainer.json': '{ "build": { "dockerfile": "Dockerfile", "context": "..", "target": "dev" } }',
    });
    expect(readLayout(repo, '.devcontainer/devcontainer.json').devcontainer).toMatchObject({
      kind: 'dockerfile',
      dockerfile: '.devcontainer/Dockerfile',
      context: '.',
      target: 'dev',
      legacy: false,
    });
  });

  it('reads the legacy top-level dockerFile/context form', () => {
    const repo = memoryRepo({ '.devcontainer/devcontainer.json': '{ "dockerFile": "../Dockerfile", "context": ".." }' });
    expect(readLayout(repo, '.devcontainer/devcontainer.json').devcontainer).toMatchObject({
      kind: 'dockerfile',
      dockerfile: 'Dockerfile',
      context: '.',
      legacy: true,
    });
  });

  it('reads an image-based root .devcontainer.json, beside a root compose file it does not use', () => {
    const repo = memoryRepo({
      '.devcontainer.json': '{ "image": "mcr.microsoft.com/devcontainers/base:bookworm" }',
      'compose.yaml': 'services:\n  api:\n    build: ./api\n',
    });
    const layout = readLayout(repo, chooseDevcontainer(repo));
    expect(layout.devcontainer).toMatchObject({
      kind: 'image',
      file: '.devcontainer.json',
      dir: '.',
      image: 'mcr.microsoft.com/devcontainers/base:bookworm',
    });
    expect(defaultServices(layout)).toEqual(['api']);
  });

  it('asks for --devcontainer when there are several configs, and takes the one given', () => {
    const repo = memoryRepo({
      '.devcontainer/python/devcontainer.json': '{ "image": "python" }',
      '.devcontainer/node/devcontainer.json': '{ "image": "node" }',
    });
    expect(() => chooseDevcontainer(repo)).toThrow(
      // One regex, split in two to keep the line short: the same pattern as the single literal.
      new RegExp(
        /2 Dev Container configs \(\.devcontainer\/node\/devcontainer\.json, /.source +
          /\.devcontainer\/python\/devcontainer\.json\): pass --devcontainer/.source,
      ),
    );
    expect(readLayout(repo, chooseDevcontainer(repo, '.devcontainer/python/devcontainer.json')).devcontainer).toMatchObject({
      kind: 'image',
      image: 'python',
    });
    expect(() => readLayout(repo, 'nope.json')).toThrow(/--devcontainer nope\.json: no such file; pass one of: /);
  });
});

describe('readLayout: plain compose repos', () => {
  it("uses compose's lookup order and its override file", () => {
    const repo = memoryRepo({
      'docker-compose.yaml': 'services:\n  x:\n    image: a\n',
      'docker-compose.yml': 'services:\n  web:\n    build: ./web\n',
      'docker-compose.override.yml': 'services:\n  web:\n    build:\n      target: development\n    volumes:\n      - ./web:/usr/src/app\n',
    });
    const layout = readLayout(repo);
    expect(layout.compose!.files).toEqual(['docker-compose.yml', 'docker-compose.override.yml']);
    expect(serviceNamed(layout, 'web')!.build).toMatchObject({ context: 'web', dockerfile: 'web/Dockerfile', target: 'development' });
    expect(projectMount(serviceNamed(layout, 'web'))).toBeUndefined();
  });

  it('honours COMPOSE_FILE in the root .env', () => {
    const repo = memoryRepo({
      '.env': 'COMPOSE_FILE=deploy/base.yml:deploy/dev.yml\n',
      'deploy/base.yml': 'services:\n  a:\n    build: ..\n',
      'deploy/dev.yml': 'services: {}\n',
    });
    const layout = readLayout(repo);
    expect(layout.compose).toMatchObject({ files: ['deploy/base.yml', 'deploy/dev.yml'], dir: 'deploy', envFile: 'deploy/.env' });
    expect(serviceNamed(layout, 'a')!.build).toMatchObject({ context: '.', outside: false });
  });

  it('marks builds it cannot adopt (the run then refuses them by name)', () => {
    const repo = memoryRepo({
      'compose.yaml': [
        'x-base: &base',
        '  build: ./common',
        'services:',
        '  inline:',
        '    build: { dockerfile_inline: "FROM x" }',
        '  away:',
        '    build: ../other-repo',
        '  remote:',
        '    build: https://github.com/x/y.git#main',
        '  shared:',
        '    <<: *base',
        '',
      ].join('\n'),
    });
    const layout = readLayout(repo);
    expect(serviceNamed(layout, 'inline')!.build).toMatchObject({ inline: true });
    expect(serviceNamed(layout, 'away')!.build).toMatchObject({ context: '../other-repo', outside: true });
    expect(serviceNamed(layout, 'remote')!.build).toMatchObject({ outside: true });
    expect(serviceNamed(layout, 'shared')!.build).toMatchObject({ context: 'common', outside: false });
    expect(defaultServices(layout)).toEqual(['inline', 'away', 'remote', 'shared']);
  });

  it('has no compose project when the repo has no compose file', () => {
    expect(readLayout(memoryRepo({ Dockerfile: 'FROM x\n' }))).toEqual({ devcontainer: undefined, compose: undefined });
  });
});

describe('relativeFrom', () => {
  it("writes repo-relative paths as seen from a file's folder", () => {
    expect(relativeFrom('.devcontainer', '.')).toBe('..');
    expect(relativeFrom('.devcontainer', '..')).toBe('../..');
    expect(relativeFrom('.', '.devcontainer/.env')).toBe('.devcontainer/.env');
    expect(relativeFrom('.', '.')).toBe('.');
  });
});
