// The repo's named volumes by the names their tools give them (compose's project name, the Dev
// Containers CLI's, a plain `--mount`), whose each one is, how a volume is looked at and given back,
// and what doctor and reclaim say about them.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEngineInfo } from '../../src/core/engine.js';
import { memoryRepo } from '../../src/core/layout/index.js';
import { readModel } from '../../src/core/layout/model.js';
import { interpolate, normalizeProjectName, repoVolumes, type NameContext } from '../../src/core/layout/volume-names.js';
import { AT, countOwners, findArgv, scanImages, volumeOwners, type VolumeState } from '../../src/core/machine/volumes.js';
import { volumes as volumesCheck } from '../../src/doctor/checks/volumes.js';
import type { DoctorFacts } from '../../src/doctor/facts.js';
import { reclaimOptions } from '../../src/reclaim/options.js';

const ENGINES = fileURLToPath(new URL('../fixtures/engines', import.meta.url));
const engine = (name: string) => parseEngineInfo(JSON.parse(fs.readFileSync(path.join(ENGINES, `${name}.json`), 'utf8')));
const ctx: NameContext = { folder: '/home/ana/My Shop.v2', env: {} };
/** A repo checked out at ctx.folder (the Dev Container variables name its folder). */
const repoAt = (files: Record<string, string>, folder = ctx.folder) => ({ ...memoryRepo(files), root: folder });
const names = (files: Record<string, string>, c: NameContext = ctx) =>
  repoVolumes(readModel(repoAt(files, c.folder)), c).map((v) => [v.short, v.name]);

const APP = 'services:\n  app:\n    image: x\n    volumes:\n      - data:/var/lib/app\n';

describe("compose's project name and the engine's volume names", () => {
  it("the folder's name, lower-cased, only [a-z0-9_-], no leading _ or - (compose-go)", () => {
    expect(normalizeProjectName('My Shop.v2')).toBe('myshopv2');
    expect(normalizeProjectName('__Web-App')).toBe('web-app');
    expect(names({ 'compose.yaml': `${APP}volumes:\n  data:\n` })).toEqual([['data', 'myshopv2_data']]);
  });

  it('COMPOSE_PROJECT_NAME (environment, then .env) beats the top-level name:, which beats the folder', () => {
    const files = { 'compose.yaml': `name: \${STACK:-shop}\n${APP}volumes:\n  data:\n` };
    expect(names(files)).toEqual([['data', 'shop_data']]);
    expect(names(files, { ...ctx, env: { STACK: 'Prod' } })).toEqual([['data', 'prod_data']]);
    expect(names({ ...files, '.env': 'COMPOSE_PROJECT_NAME=fromdotenv\n' })).toEqual([['data', 'fromdotenv_data']]);
    expect(names({ ...files, '.env': 'COMPOSE_PROJECT_NAME=fromdotenv\n' }, { ...ctx, env: { COMPOSE_PROJECT_NAME: 'env' } })).toEqual([
      ['data', 'env_data'],
    ]);
    // A name made of a variable this machine does not set: unknown, so no volume is guessed.
    expect(names({ 'compose.yaml': `name: \${STACK}\n${APP}` })).toEqual([]);
  });

  it('external and an explicit name: keep the name given; the last file overrides', () => {
    const files = {
      'compose.yaml':
        `${APP}      - cache:/c\n      - legacy:/l\n` +
        'volumes:\n  data:\n    external: true\n  cache:\n  legacy:\n    external:\n      name: old\n',
      'compose.override.yaml': 'volumes:\n  cache:\n    name: shared-cache\n',
    };
    const model = readModel(repoAt(files));
    expect(repoVolumes(model, ctx).map((v) => [v.short, v.name, v.external])).toEqual([
      ['data', 'data', true],
      ['cache', 'shared-cache', false],
      ['legacy', 'old', true],
    ]);
  });

  it('interpolates as compose does', () => {
    expect(interpolate('${A:-x}-${B-y}-$C', { A: '', C: 'c' })).toBe('x-y-c');
    expect(interpolate('${A}', {})).toBeUndefined();
  });
});

describe("the Dev Containers CLI's names", () => {
  const dc = (config: object) => JSON.stringify(config);
  it('a compose-based config in .devcontainer/: <checkout>_devcontainer, its mounts too; the root compose keeps its own', () => {
    const files = {
      'compose.yaml': APP,
      '.devcontainer/docker-compose.yml': 'services:\n  dev:\n    image: x\n    volumes:\n      - home:/home/dev\n',
      '.devcontainer/devcontainer.json': dc({
        dockerComposeFile: 'docker-compose.yml',
        service: 'dev',
        mounts: ['source=${localWorkspaceFolderBasename}-node_modules,target=/w/node_modules,type=volume'],
      }),
    };
    expect(names(files)).toEqual([
      ['data', 'myshopv2_data'],
      ['home', 'myshopv2_devcontainer_home'],
      ['My Shop.v2-node_modules', 'myshopv2_devcontainer_My Shop.v2-node_modules'],
    ]);
  });

  it("a Dockerfile- or image-based config: docker run --mount's name as written, variables resolved", () => {
    const files = {
      '.devcontainer/devcontainer.json': dc({
        image: 'node:22',
        remoteUser: 'node',
        mounts: [
          'source=${localWorkspaceFolderBasename}-node_modules,target=${containerWorkspaceFolder}/node_modules,type=volume',
          { source: 'cache', target: '/home/node/.cache', type: 'volume' },
          'source=${localEnv:NOPE},target=/x,type=volume',
        ],
      }),
    };
    expect(names(files, { folder: '/home/ana/shop', env: {} })).toEqual([
      ['shop-node_modules', 'shop-node_modules'],
      ['cache', 'cache'],
    ]);
  });
});

describe('whose a volume is', () => {
  const host = { uid: 1500, gid: 1500, login: 'ana' };
  const files = {
    'compose.yaml':
      'services:\n  app:\n    build: .\n    user: ${HOST_UID}:${HOST_GID}\n    volumes:\n      - data:/data\n      - shared:/s\n' +
      '  db:\n    image: postgres:16\n    volumes:\n      - db:/var/lib/postgresql/data\n      - shared:/s\n',
    Dockerfile: 'FROM debian\n',
  };
  it("yours at the strategy's IDs when only containers that run as you mount it; a database's is left alone", () => {
    const model = readModel(repoAt(files));
    const states = volumeOwners(model, repoVolumes(model, ctx), { host, engine: engine('docker-rootful') });
    expect(states.map((s) => [s.volume.short, s.wanted, s.why])).toEqual([
      ['data', { uid: 1500, gid: 1500 }, undefined],
      ['shared', undefined, 'mounted by db too, which does not run as you'],
      ['db', undefined, 'mounted by db, which does not run as you'],
    ]);
    // Under rootless Docker the generated setup runs as container root, which is you.
    const rootless = volumeOwners(model, repoVolumes(model, ctx), { host, engine: engine('docker-rootless') });
    expect(rootless[0].wanted).toEqual({ uid: 0, gid: 0 });
  });
});

describe('looking at a volume and giving it back', () => {
  const model = readModel(
    repoAt({ 'compose.yaml': 'services:\n  app:\n    build: .\n    volumes:\n      - data:/d\n  tool:\n    image: tools\n' }),
  );
  const [volume] = repoVolumes(model, ctx);
  it("tries the volume's own images first (compose's built tag), then ones that have find; only images here", () => {
    const local = ['myshopv2-app:latest', 'nonroot-lab/debian:trixie', 'gcr.io/distroless/static:latest', 'tools:latest'];
    expect(scanImages(volume, local)).toEqual(['myshopv2-app:latest', 'nonroot-lab/debian:trixie']);
  });
  it('runs find as root without network, read-only to look; chown -h of only what is not right to give back', () => {
    const look = findArgv('docker', 'myshopv2_data', 'img', { uid: 1500, gid: 1500 }, false);
    expect(look).toEqual([
      ...['docker', 'run', '--rm', '--pull', 'never', '--network', 'none', '--security-opt', 'label=disable', '--user', '0:0'],
      ...['-v', `myshopv2_data:${AT}:ro`, '--entrypoint', 'find', 'img', AT],
      ...['(', '!', '-user', '1500', '-o', '!', '-group', '1500', ')', '-exec', 'stat', '-c', '%u:%g', '{}', '+'],
    ]);
    const give = findArgv('docker', 'myshopv2_data', 'img', { uid: 1500, gid: 1500 }, true);
    expect(give).toContain(`myshopv2_data:${AT}`);
    expect(give.slice(-7)).toEqual(['-print0', '-exec', 'chown', '-h', '1500:1500', '{}', '+']);
    expect(countOwners('0:0\n0:0\n1000:1000\nnoise\n')).toEqual({ '0:0': 2, '1000:1000': 1 });
  });
});

describe('what doctor says', () => {
  const model = readModel(repoAt({ 'compose.yaml': `${APP}volumes:\n  data:\n` }));
  const [volume] = repoVolumes(model, ctx);
  const run = (volumes: DoctorFacts['volumes']) => volumesCheck.run({ volumes } as DoctorFacts);
  const state: VolumeState = { volume, wanted: { uid: 1500, gid: 1500 }, exists: true };
  it('one line per volume holding files that are not yours, at the line that mounts it, with reclaim --volumes', () => {
    const [finding] = run({ states: [{ ...state, foreign: { '0:0': 2, '1000:1000': 1 } }] });
    expect(finding).toMatchObject({ status: 'fail', fix: expect.stringMatching(/^generator-nonroot reclaim --volumes/) });
    expect(finding.details).toEqual([
      'compose.yaml:5 data (myshopv2_data) at /var/lib/app: 3 (root: 2, 1000:1000: 1), yours are 1500:1500',
    ]);
  });
  it('never ✓ when it could not look: no engine is a warning that it was not run', () => {
    expect(run({ states: [state], notRun: 'no engine answered' })).toEqual([
      { status: 'warn', summary: "not run: no engine answered; the repo's volumes myshopv2_data were not looked at" },
    ]);
    expect(run({ states: [{ ...state, notRun: 'no image on this machine has find and stat' }] })[0].status).toBe('warn');
    expect(run({ states: [{ ...state, foreign: {} }] })[0].status).toBe('ok');
    expect(run({ states: [{ ...state, exists: false }] })[0].status).toBe('info');
    expect(run({ states: [] })).toEqual([]);
  });
});

it('reclaim --volumes is a switch: a value is bad input naming the flag', () => {
  expect(reclaimOptions({ volumes: true }).volumes).toBe(true);
  expect(reclaimOptions({}).volumes).toBe(false);
  expect(() => reclaimOptions({ volumes: 'x' })).toThrow(/--volumes "x": a switch/);
});
