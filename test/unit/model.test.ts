// The repo model every command reads: mounts from every place that declares them (compose, a Dev
// Container config's mounts and workspaceMount, variables resolved), the containers the repo runs,
// and the folders a Dockerfile's stage creates or gives its user.
import { devcontainerMount, nestedInBinds, resolveVariables } from '../../src/core/layout/mounts.js';
import { readModel } from '../../src/core/layout/model.js';
import { memoryRepo } from '../../src/core/layout/index.js';
import { givesUser, stageFolders, userFolders } from '../../src/core/dockerfile/folders.js';
import { View } from '../../src/core/dockerfile/view.js';

const at = { file: '.devcontainer/devcontainer.json', line: 3 };
const vars = { basename: 'shop', workspace: '/workspaces/shop' };

describe('Dev Container mounts', () => {
  it('reads the string form with the spec variables resolved for this checkout', () => {
    const entry = 'source=${localWorkspaceFolderBasename}-node_modules,target=${containerWorkspaceFolder}/node_modules,type=volume';
    expect(devcontainerMount(entry, vars, at)).toEqual({
      kind: 'volume',
      source: 'shop-node_modules',
      target: '/workspaces/shop/node_modules',
      ...at,
    });
  });

  it("reads docker's aliases, the object form, binds of the checkout and tmpfs", () => {
    expect(devcontainerMount('src=cache,dst=/home/node/.cache', vars, at)).toMatchObject({
      kind: 'volume',
      source: 'cache',
      target: '/home/node/.cache',
    });
    expect(devcontainerMount({ type: 'bind', source: '${localWorkspaceFolder}/data', target: '/data' }, vars, at)).toMatchObject({
      kind: 'bind',
      source: 'data',
    });
    expect(devcontainerMount('type=tmpfs,target=/tmp/x', vars, at)).toMatchObject({ kind: 'tmpfs', target: '/tmp/x' });
    expect(devcontainerMount({ type: 'volume', target: '/v/' }, vars, at)).toMatchObject({ source: undefined, target: '/v' });
  });

  it('leaves out what this checkout cannot know, and keeps defaults it can', () => {
    expect(devcontainerMount('source=x,target=${localEnv:HOME}/x,type=volume', vars, at)).toBeUndefined();
    expect(devcontainerMount('source=x,type=volume', vars, at)).toBeUndefined();
    expect(resolveVariables('${localEnv:CACHE:/cache}/npm', vars)).toBe('/cache/npm');
    expect(resolveVariables('${containerWorkspaceFolderBasename}-${devcontainerId}', vars)).toBeUndefined();
  });

  it('finds the volumes nested in a bind mount, with the host folder the engine would create', () => {
    const mounts = [
      { kind: 'bind' as const, source: '.', target: '/home/node/app', file: 'c.yml', line: 1 },
      { kind: 'volume' as const, target: '/home/node/app/node_modules', file: 'c.yml', line: 2 },
      { kind: 'volume' as const, source: 'cache', target: '/home/node/.cache', file: 'c.yml', line: 3 },
    ];
    expect(nestedInBinds(mounts).map((n) => n.hostPath)).toEqual(['node_modules']);
  });
});

describe('the repo model', () => {
  const repo = memoryRepo({
    '.devcontainer/devcontainer.json': JSON.stringify({
      build: { dockerfile: 'Dockerfile' },
      remoteUser: 'node',
      mounts: ['source=${localWorkspaceFolderBasename}-nm,target=${containerWorkspaceFolder}/node_modules,type=volume'],
    }),
    '.devcontainer/Dockerfile': 'FROM node:20\n',
    'compose.yaml':
      'services:\n  web:\n    build: .\n    volumes:\n      - .:/app\n      - /app/node_modules\n  db:\n    image: postgres\n',
    Dockerfile: 'FROM node:20\nWORKDIR /app\n',
  });

  it('lists every container with every mount, whoever declares it', () => {
    const model = readModel(repo);
    const byName = Object.fromEntries(model.containers.map((c) => [c.name, c]));
    expect(Object.keys(byName)).toEqual(['web', 'db', '.devcontainer/devcontainer.json']);
    expect(byName.web.mounts.map((m) => `${m.kind} ${m.target}`)).toEqual(['bind /app', 'volume /app/node_modules']);
    expect(byName.db.build).toBeUndefined();
    const dc = byName['.devcontainer/devcontainer.json'];
    expect(dc.build).toEqual({ dockerfile: '.devcontainer/Dockerfile', target: undefined });
    // The CLI's default workspace mount, then the config's own mounts.
    expect(dc.mounts.map((m) => `${m.kind} ${m.source} ${m.target}`)).toEqual([
      'bind . /workspaces/workspace',
      'volume workspace-nm /workspaces/workspace/node_modules',
    ]);
    expect(model.dockerfiles.map((d) => d.file)).toEqual(['Dockerfile', '.devcontainer/Dockerfile']);
  });
});

describe('the folders a stage creates and gives its user', () => {
  const folders = (text: string) => {
    const view = new View(text, 'Dockerfile');
    return stageFolders(view, view.stages.at(-1)!);
  };

  it("Node's guide: a relative mkdir as the user under the WORKDIR makes a folder of the user's", () => {
    const found = folders(
      'FROM node:20\nWORKDIR /home/node/app\nCOPY --chown=node:node package*.json ./\nUSER node\n' +
        'RUN mkdir -p node_modules/.cache && npm ci\n',
    );
    expect(givesUser(found, '/home/node/app/node_modules')).toBe(true);
    expect(givesUser(found, '/home/node/app/dist')).toBe(false);
    expect(userFolders(found).map((f) => f.path)).toContain('/home/node/app/node_modules/.cache');
  });

  it("a root mkdir is the user's only when a chown gives it (or a folder above it, recursively) afterwards", () => {
    expect(givesUser(folders('FROM debian\nRUN mkdir -p /app/data && chown -R app /app\n'), '/app/data')).toBe(true);
    expect(givesUser(folders('FROM debian\nRUN chown -R app /app && mkdir -p /app/data\n'), '/app/data')).toBe(false);
    expect(givesUser(folders('FROM debian\nRUN mkdir -p /app/data && chown app /app\n'), '/app/data')).toBe(false);
  });

  it('a virtualenv made as the user, and the user block of an earlier run', () => {
    const found = folders(
      'FROM python:3\nUSER root\nRUN NONROOT_DIRS="/workspace /opt/cache" sh /tmp/c.sh\nUSER 1000:1000\nRUN python -m venv /opt/venv\n',
    );
    expect(givesUser(found, '/opt/venv')).toBe(true);
    expect(givesUser(found, '/opt/cache')).toBe(true);
    expect(found.find((f) => f.path === '/opt/venv')?.why).toBe('Dockerfile:5 RUN');
  });

  it('a COPY --chown of one file gives a file, not a folder; of a folder, into a folder, or of several files, a folder', () => {
    const paths = (copy: string) => folders(`FROM debian\nWORKDIR /app\n${copy}\n`).map((f) => f.path);
    expect(paths('COPY --chown=app:app requirements.txt /tmp/requirements.txt')).not.toContain('/tmp/requirements.txt');
    expect(paths('COPY --chown=app run.sh /usr/local/bin/run.sh')).not.toContain('/usr/local/bin/run.sh');
    expect(paths('COPY --chown=app ["requirements.txt", "/tmp/reqs.txt"]')).not.toContain('/tmp/reqs.txt');
    expect(paths('COPY --chown=app requirements.txt /tmp/')).toContain('/tmp');
    expect(paths('COPY --chown=app src /srv/src')).toContain('/srv/src');
    expect(paths('COPY --chown=app . /srv/site.d')).toContain('/srv/site.d');
    expect(paths('COPY --chown=app a.txt b.txt /srv/both.d')).toContain('/srv/both.d');
    expect(paths('COPY --chown=app conf/ /etc/app.d')).toContain('/etc/app.d');
  });
});
