// verify's pure parts: the plan from a repo (where the project is mounted, which services, the
// overlay), the probe script run by this machine's sh against real folders, and the verdicts and
// fixes for recorded answers: each broken setup the issue names gets the fix for its cause.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { parseEngineInfo } from '../../src/core/engine.js';
import { memoryRepo } from '../../src/core/layout/index.js';
import { readModel } from '../../src/core/layout/model.js';
import { readStored } from '../../src/core/stored.js';
import { buildFailure } from '../../src/verify/fixes.js';
import { judge, type Context, type Row, type Seen } from '../../src/verify/judge.js';
import { verifyOptions } from '../../src/verify/options.js';
import { planVerify, type VerifyPlan } from '../../src/verify/plan.js';
import { jsonReport, textReport } from '../../src/verify/report.js';
import { EXIT_CODE, probeFile, probeScript, readAnswer, type Answer } from '../../src/verify/probe.js';

const ENGINES = fileURLToPath(new URL('../fixtures/engines', import.meta.url));
const engine = (name: string) => parseEngineInfo(JSON.parse(fs.readFileSync(path.join(ENGINES, `${name}.json`), 'utf8')));
const HOST = { uid: 1500, gid: 1500, login: 'ana', name: 'ana', root: false };
const yoRc = (answers: object) => JSON.stringify({ 'generator-nonroot': answers });

function plan(files: Record<string, string>, only?: string[]): VerifyPlan {
  const repo = memoryRepo(files);
  return planVerify('/home/ana/src/app', readModel(repo), readStored(files['.yo-rc.json']), HOST as never, 'abcd1234', { only });
}

describe('verify: the plan', () => {
  const compose = [
    'services:',
    '  app:',
    '    build: .',
    '    image: ana/app:dev',
    '    user: "1000:1000"',
    '    volumes: [".:/workspace", "cache:/home/dev/.cache", "/workspace/node_modules"]',
    '  up:',
    '    build: .',
    '    volumes: ["../..:/src"]',
    '  db:',
    '    image: postgres:16',
    'volumes:',
    '  cache:',
  ].join('\n');

  it('finds where each service mounts the project, its volumes, and names the images verify builds as its own', () => {
    const p = plan({ 'docker-compose.yml': compose });
    expect(p.project).toBe('nonroot-verify-abcd1234');
    expect(p.targets.map((t) => [t.service, t.projectPath, t.folders.map((f) => f.path), t.image])).toEqual([
      ['app', '/workspace', ['/home/dev/.cache', '/workspace/node_modules'], 'nonroot-verify-abcd1234-app'],
      ['up', '/src/src/app', [], 'nonroot-verify-abcd1234-up'],
    ]);
    // Your ana/app:dev is never retagged by verify's build.
    expect(parse(p.overlay)).toEqual({
      services: { app: { image: 'nonroot-verify-abcd1234-app' }, up: { image: 'nonroot-verify-abcd1234-up' } },
    });
  });

  it('runs a named service that only pulls its image, without building it', () => {
    expect(plan({ 'docker-compose.yml': compose }, ['db']).targets).toEqual([
      expect.objectContaining({ image: 'postgres:16', builds: false }),
    ]);
  });

  it('takes the promise from the stored strategy and IDs', () => {
    expect(plan({ 'compose.yaml': compose, '.yo-rc.json': yoRc({ idStrategy: 'build-arg' }) }).promised).toEqual({ uid: 1500, gid: 1500 });
    expect(plan({ 'compose.yaml': compose, '.yo-rc.json': yoRc({ idStrategy: 'fixed', uid: 1234, gid: 99 }) }).promised).toEqual({
      uid: 1234,
      gid: 99,
    });
    expect(plan({ 'compose.yaml': compose, '.yo-rc.json': yoRc({ idStrategy: 'rootless-docker' }) }).promised).toEqual({ uid: 0, gid: 0 });
    expect(plan({ 'compose.yaml': compose, '.yo-rc.json': yoRc({ idStrategy: 'arbitrary' }) }).promised).toEqual({ uid: 1500, gid: 0 });
    expect(plan({ 'compose.yaml': compose }).promised).toBeUndefined();
  });

  it('says what is missing: no compose file, an unknown --service, no service that builds', () => {
    expect(() => plan({ Dockerfile: 'FROM x\n' })).toThrow(/no compose file and no Dev Container config here .*run yo nonroot first/);
    expect(() => plan({ 'compose.yaml': compose }, ['web'])).toThrow(/--service web: not in compose\.yaml; its services are app, up, db/);
    expect(() => plan({ 'compose.yaml': 'services:\n  db:\n    image: postgres\n' })).toThrow(/no service builds an image; .*--service/);
  });

  it('reads --service and --format, and names a bad one', () => {
    expect(verifyOptions({ service: 'app, worker', keep: true })).toMatchObject({
      services: ['app', 'worker'],
      keep: true,
      format: 'text',
    });
    expect(() => verifyOptions({ service: ',' })).toThrow(/--service ",": compose service names/);
    expect(() => verifyOptions({ format: 'xml' })).toThrow(/--format "xml": must be one of text, json, sarif/);
  });
});

describe('verify: the probe script, run by this machine’s sh', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-verify-probe-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const isRoot = process.getuid!() === 0;

  it('answers every question, leaves its file in the project for the host to look at, and ends with its exit code', () => {
    const [project, cache, data, home] = ['project', 'cache', "it's data", 'home'].map((name) => path.join(dir, name));
    [project, cache, data, home].forEach((d) => fs.mkdirSync(d));
    fs.writeFileSync(path.join(data, 'seed'), 'x');
    // Owned by another UID: only root can make one.
    if (isRoot) fs.chownSync(path.join(data, 'seed'), 4321, 4321);
    const folders = [cache, data].map((p) => ({ path: p, kind: 'volume' as const, why: 'compose.yaml:3' }));
    const target = { service: 'app', where: 'compose.yaml:2', projectPath: project, folders, mountPoints: [], image: 'x', builds: true };
    const ran = spawnSync('sh', ['-c', probeScript(target, 'tok')], { cwd: data, encoding: 'utf8', env: { ...process.env, HOME: home } });
    expect(ran.status).toBe(EXIT_CODE);
    const answer = readAnswer(`noise from an entrypoint\n${ran.stdout}`);
    expect(answer).toMatchObject({
      ran: true,
      id: { uid: process.getuid!(), gid: process.getgid!() },
      whoami: os.userInfo().username,
      home,
      homeExists: true,
      homeWritable: true,
      pwd: data,
      wrote: true,
    });
    expect(fs.existsSync(path.join(project, probeFile('tok')))).toBe(true);
    expect(fs.readdirSync(home)).toEqual([]);
    expect(answer.folders).toEqual([
      { path: cache, exists: true, writable: true, foreign: 0, examples: [] },
      {
        path: data,
        exists: true,
        writable: true,
        foreign: isRoot ? 1 : 0,
        examples: isRoot ? [{ owner: '4321:4321', path: path.join(data, 'seed') }] : [],
      },
    ]);
    expect(answer.pid).toBe(ran.pid);
    expect(answer.pid1).toBeDefined();
    // Where the strategy promises group-owned folders (arbitrary), another UID of the user's group is fine.
    const grouped = spawnSync('sh', ['-c', probeScript(target, 'tok', true)], {
      cwd: data,
      encoding: 'utf8',
      env: { ...process.env, HOME: home },
    });
    if (isRoot) fs.chownSync(path.join(data, 'seed'), 4321, process.getgid!());
    const again = readAnswer(spawnSync('sh', ['-c', probeScript(target, 'tok', true)], { cwd: data, encoding: 'utf8' }).stdout);
    expect(readAnswer(grouped.stdout).folders[1].foreign).toBe(isRoot ? 1 : 0);
    expect(again.folders[1].foreign).toBe(0);
  });
});

const seen = (answer: Partial<Answer>, more: Partial<Seen> = {}, targetMore = {}): Seen => ({
  target: {
    service: 'app',
    where: 'compose.yaml:2',
    projectPath: '/workspace',
    folders: [],
    mountPoints: [],
    image: 'i',
    builds: true,
    ...targetMore,
  },
  build: { ok: true, seconds: 1, output: '' },
  run: {
    exitCode: EXIT_CODE,
    output: '',
    answer: { ran: true, homeExists: true, homeWritable: true, wrote: true, folders: [], pid: 1, ...answer } as Answer,
  },
  written: { uid: 1500, gid: 1500 },
  appeared: [],
  ...more,
});
const context = (files: Record<string, string>, engineName = 'docker-rootful'): Context => ({
  host: { uid: 1500, gid: 1500, login: 'ana' },
  engine: engine(engineName),
  plan: plan({ 'compose.yaml': 'services:\n  app:\n    build: .\n', ...files }),
});
const failed = (rows: Row[]) => rows.filter((r) => r.status === 'fail').map((r) => [r.check, r.fix]);

describe('verify: verdicts and fixes', () => {
  const buildArg = { '.yo-rc.json': yoRc({ idStrategy: 'build-arg' }) };

  it('passes a setup that runs as you, writes as you and owns its folders', () => {
    const folders = [{ path: '/home/dev/.cache', exists: true, writable: true, foreign: 0, examples: [] }];
    const rows = judge(seen({ id: { uid: 1500, gid: 1500 }, whoami: 'dev', home: '/home/dev', folders }), context(buildArg));
    expect(rows.map((r) => `${r.check} ${r.status}`)).toEqual([
      'build ok',
      'id ok',
      'whoami ok',
      'home ok',
      'project ok',
      'folders ok',
      'tree ok',
      'exit ok',
      'pid1 ok',
    ]);
  });

  it('a plain user: 1000:1000 on a UID-1500 host: the id fails, naming the line, and the rest follows from it', () => {
    const rows = judge(
      seen({ id: { uid: 1000, gid: 1000 }, homeWritable: false }, { written: { uid: 1000, gid: 1000 } }, { user: '1000:1000' }),
      context({}),
    );
    expect(failed(rows)).toEqual([
      ['id', 'yo nonroot runs it as you (build-arg: your IDs from a git-ignored .env)'],
      ['whoami', 'follows from id: fix that first'],
      ['home', 'follows from id: fix that first'],
      ['project', 'follows from id: fix that first'],
    ]);
    expect(rows.find((r) => r.check === 'id')!.detail).toBe('1000:1000 from user: 1000:1000 (compose.yaml:2); you are 1500');
  });

  it('a chown to another user: the folders fail with the chown named and an example', () => {
    const folders = [
      { path: '/app/data', exists: true, writable: false, foreign: 12, examples: [{ owner: '1000:1000', path: '/app/data/x' }] },
    ];
    const rows = judge(seen({ id: { uid: 1500, gid: 1500 }, whoami: 'dev', folders }), context(buildArg));
    expect(failed(rows)).toEqual([['folders', expect.stringMatching(/a chown or COPY --chown there names another user than UID 1500/)]]);
    expect(rows.find((r) => r.check === 'folders')!.detail).toBe('/app/data is not writable');
  });

  it('build-arg under rootless Podman: the project cannot be written, and the fix names the strategy that fits', () => {
    const rows = judge(
      seen({ id: { uid: 1500, gid: 1500 }, whoami: 'dev', wrote: false }, { written: undefined }),
      context(buildArg, 'podman-docker-api'),
    );
    expect(failed(rows)).toEqual([['project', 'build-arg does not fit rootless Podman: yo nonroot --id-strategy podman']]);
  });

  it('a missing .env: the build fails with the command that writes it', () => {
    const output =
      'error while interpolating services.app.build.args.UID: required variable HOST_UID is missing a value: run sh .nonroot/host-ids.sh\n';
    const rows = judge(seen({}, { build: { ok: false, seconds: 0, output } }), context(buildArg));
    expect(failed(rows)).toEqual([['build', 'run sh .nonroot/host-ids.sh']]);
    expect(rows.filter((r) => r.status === 'skip')).toHaveLength(8);
    expect(buildFailure('step 3/9\nno space left on device\n', 'app')).toEqual({
      detail: 'the build failed: step 3/9 | no space left on device',
      fix: 'docker compose build app shows the whole log',
    });
  });

  it('fixed: says whose the files will be, and fails when that is not you', () => {
    const ctx = context({ '.yo-rc.json': yoRc({ idStrategy: 'fixed', uid: 1000, gid: 1000 }) });
    const rows = judge(seen({ id: { uid: 1000, gid: 1000 }, whoami: 'dev' }, { written: { uid: 1000, gid: 1000 } }), ctx);
    expect(rows.find((r) => r.check === 'id')!.status).toBe('ok');
    expect(failed(rows)).toEqual([['project', expect.stringMatching(/^fixed bakes 1000:1000 into the image: .*--id-strategy build-arg/)]]);
    expect(rows.find((r) => r.check === 'project')!.detail).toMatch(/belongs to 1000:1000 here, not to you \(1500\)/);
  });

  it('runtime: the command must be PID 1 and its exit code must come back', () => {
    const ctx = context({ '.yo-rc.json': yoRc({ idStrategy: 'runtime' }) });
    const rows = judge(seen({ id: { uid: 1500, gid: 1500 }, whoami: 'dev', pid: 7, pid1: '/bin/sh /entrypoint.sh sh -c' }, {}), ctx);
    const passing = seen({ id: { uid: 1500, gid: 1500 }, whoami: 'dev' });
    rows.push(...judge({ ...passing, run: { ...passing.run!, exitCode: 0 } }, ctx));
    expect(failed(rows).map(([check]) => check)).toEqual(['pid1', 'exit']);
    // Without an entrypoint of ours, an init as PID 1 is said, not failed.
    expect(
      judge(seen({ id: { uid: 1500, gid: 1500 }, whoami: 'dev', pid: 7, pid1: '/sbin/docker-init --' }), context(buildArg)),
    ).toContainEqual(expect.objectContaining({ check: 'pid1', status: 'info' }));
  });

  it('a probe that could not run (no shell in the image) is one failure, not seven', () => {
    const rows = judge(
      seen({ ran: false }, { run: { exitCode: 127, output: 'exec: "sh": executable file not found', answer: readAnswer('') } }),
      context(buildArg),
    );
    expect(failed(rows)).toEqual([['id', expect.stringMatching(/sh \(or \/busybox\/sh\)/)]]);
  });
});

describe('verify: every mount and every folder the image gives its user, and the host side', () => {
  const files = {
    'compose.yaml': [
      'services:',
      '  web:',
      '    build: .',
      '    volumes:',
      '      - .:/home/node/app',
      '      - /home/node/app/node_modules',
      '      - cache:/home/node/.cache',
      'volumes:',
      '  cache:',
    ].join('\n'),
    Dockerfile: 'FROM node:20\nWORKDIR /home/node/app\nUSER node\nRUN python3 -m venv /opt/venv && mkdir -p /home/node/app/dist\n',
    '.devcontainer/devcontainer.json': JSON.stringify({
      build: { dockerfile: '../Dockerfile' },
      mounts: ['source=x,target=/data,type=volume'],
    }),
    '.yo-rc.json': yoRc({ idStrategy: 'build-arg' }),
  };

  it('plans every volume (compose and devcontainer.json), the folders the image gives its user, and the mount points on the host', () => {
    const p = plan(files);
    const [web] = p.targets;
    expect(web.folders).toEqual([
      { path: '/home/node/app/node_modules', kind: 'volume', why: 'compose.yaml:6' },
      { path: '/home/node/.cache', kind: 'volume', why: 'compose.yaml:7' },
      // /home/node/app/dist is under the project's bind mount: the host's files, not the image's.
      { path: '/opt/venv', kind: 'image', why: 'Dockerfile:4 RUN' },
    ]);
    expect(web.mountPoints).toEqual([{ hostPath: 'node_modules', why: 'compose.yaml:6' }]);
    const [dc] = p.devcontainers;
    // The Dev Container mounts the project elsewhere: the image's /home/node/app/dist is the image's there.
    expect(dc.target.folders.map((f) => f.path)).toEqual(['/data', '/opt/venv', '/home/node/app/dist']);
    expect(dc.target.projectPath).toBe('/workspaces/workspace');
  });

  const volume = { path: '/home/node/app/node_modules', kind: 'volume' as const, why: 'compose.yaml:6' };
  const venv = { path: '/opt/venv', kind: 'image' as const, why: 'Dockerfile:4 RUN' };
  const ok = { id: { uid: 1500, gid: 1500 }, whoami: 'node', home: '/home/node' };

  it("a root-owned volume fails, naming the line that mounts it and why a fresh volume is root's", () => {
    const folders = [{ path: volume.path, exists: true, writable: false, foreign: 0, examples: [] }];
    const rows = judge(seen({ ...ok, folders }, {}, { folders: [volume] }), context({}));
    expect(rows.find((r) => r.check === 'folders')).toMatchObject({
      status: 'fail',
      detail: '/home/node/app/node_modules (compose.yaml:6) is not writable',
      fix: expect.stringMatching(/^compose\.yaml:6 mounts a volume at \/home\/node\/app\/node_modules: a fresh volume takes the owner/),
    });
  });

  it("an image folder a later step removed is nothing to write; one of another user's fails", () => {
    const gone = [{ path: venv.path, exists: false, writable: false, foreign: 0, examples: [] }];
    expect(judge(seen({ ...ok, folders: gone }, {}, { folders: [venv] }), context({})).find((r) => r.check === 'folders')?.status).toBe(
      'skip',
    );
    const foreign = [
      { path: venv.path, exists: true, writable: true, foreign: 40, examples: [{ owner: '1000:1000', path: '/opt/venv/bin' }] },
    ];
    const row = judge(seen({ ...ok, folders: foreign }, {}, { folders: [venv] }), context({})).find((r) => r.check === 'folders');
    expect(row).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^\/opt\/venv \(Dockerfile:4 RUN\): 40 not UID 1500's/) });
  });

  it('a mount point the engine made in the project folder as root fails the tree, naming the volume and the fix', () => {
    const target = { mountPoints: [{ hostPath: 'node_modules', why: 'compose.yaml:6' }] };
    const rows = judge(seen(ok, { appeared: [{ path: 'node_modules', owner: '0:0' }] }, target), context({}));
    expect(rows.find((r) => r.check === 'tree')).toMatchObject({
      status: 'fail',
      detail:
        'the run left node_modules (0:0) in the project folder: compose.yaml:6 mounts a volume there, inside the project mount, ' +
        'and the engine made its mount point',
      fix: expect.stringMatching(/^create node_modules as you before the first run: sh \.nonroot\/host-ids\.sh/),
    });
    expect(judge(seen(ok, { appeared: undefined }), context({})).find((r) => r.check === 'tree')?.status).toBe('skip');
  });
});

describe('verify: what it could not run', () => {
  it('never counts a Dev Container it could not run (no CLI here) as passed', () => {
    const rows = judge(seen({ id: { uid: 1500, gid: 1500 }, whoami: 'dev', home: '/home/dev' }), context({}));
    const verdict = {
      folder: '/home/ana/src/app',
      engine: engine('docker-rootful'),
      host: { uid: 1500, gid: 1500, login: 'ana' },
      plan: plan({ 'compose.yaml': 'services:\n  app:\n    build: .\n' }),
      services: [
        { service: 'app', where: 'compose.yaml:2', rows },
        {
          service: 'devcontainer',
          where: '.devcontainer/devcontainer.json',
          rows: [{ check: 'build' as const, status: 'info' as const, detail: 'not run' }],
        },
      ],
      kept: [],
    };
    expect(textReport(verdict)).toMatch(/\nverify: every check it ran passed; not run here: devcontainer \(· above\)\n$/);
    expect(JSON.parse(jsonReport(verdict))).toMatchObject({ ok: true, notRun: ['devcontainer'] });
    expect(textReport({ ...verdict, services: verdict.services.slice(0, 1) })).toMatch(/\nverify: every check passed\n$/);
  });
});
