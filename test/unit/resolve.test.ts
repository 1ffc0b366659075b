import { InputError } from '../../src/core/errors.js';
import { memoryRepo } from '../../src/core/layout/index.js';
import { repoFacts } from '../../src/app/repo-facts.js';
import { resolveAnswers, storedAnswers, type Question } from '../../src/app/resolve.js';
import type { Facts } from '../../src/app/settings.js';

const host = { uid: 1500, gid: 20, login: 'ana' };
/** The facts the generator gathers, for a repo given as files. */
const factsOf = (files: Record<string, string> = {}): Facts => {
  const repo = memoryRepo(files);
  return { host, engine: () => undefined, repo: repoFacts(repo) };
};
const resolve = (
  flags: Record<string, unknown> = {},
  stored: Record<string, unknown> = {},
  ask?: (q: Question) => Promise<unknown>,
  files?: Record<string, string>,
) => resolveAnswers({ flags, stored, facts: factsOf(files), ask });

describe('resolveAnswers without prompts (--yes)', () => {
  it('uses detected defaults', async () => {
    expect(await resolve()).toEqual({
      devcontainer: undefined,
      baseImage: 'debian:trixie-slim',
      username: 'ana',
      idStrategy: 'build-arg',
      service: 'app',
      workspace: '/workspace',
      sudo: false,
      builderImage: 'busybox:1.37',
      volumes: '',
      kubernetes: false,
    });
  });

  it('prefers flags over stored answers over defaults', async () => {
    const answers = await resolve({ username: 'bob' }, { username: 'carol', service: 'web', idStrategy: 'fixed', uid: 1234 });
    expect(answers).toMatchObject({ username: 'bob', service: 'web', idStrategy: 'fixed', uid: 1234, gid: 20 });
  });

  it('parses ID flags given as strings (yeoman passes Number options as booleans)', async () => {
    const answers = await resolve({ 'id-strategy': 'fixed', uid: '1234567890', gid: '1234567890' });
    expect([answers.uid, answers.gid]).toEqual([1234567890, 1234567890]);
  });

  it('defaults fixed IDs to the host IDs and leaves build-arg without baked IDs', async () => {
    expect(await resolve({ 'id-strategy': 'fixed' })).toMatchObject({ uid: 1500, gid: 20 });
    const buildArg = await resolve();
    expect(buildArg.uid).toBeUndefined();
  });

  it('reports every bad flag at once, naming the flag, the value and an example', async () => {
    const error = await resolve({ username: 'Root', uid: '0', 'base-image': 'debian latest' }).catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/^nothing was written; fix these and run again:/);
    expect(error.problems).toEqual([
      expect.stringMatching(/^--base-image "debian latest": must be an image reference like debian:trixie-slim/),
      expect.stringMatching(/^--username "Root": must start with a lowercase letter .* e\.g\. dev$/),
      expect.stringMatching(/^--uid "0": must be from 1 to 2147483646 \(0 is root\), e\.g\. 1000$/),
    ]);
  });

  it('names .yo-rc.json when a stored answer is bad', async () => {
    const error = await resolve({}, { idStrategy: 'magic' }).catch((e) => e);
    expect(error.problems).toEqual([
      '.yo-rc.json "idStrategy": "magic" (fix it there or pass ' +
        '--id-strategy): must be one of build-arg, fixed, devcontainer, podman, ' +
        'rootless-docker, arbitrary, runtime, e.g. build-arg',
    ]);
  });
});

describe('resolveAnswers in a repo that has a layout', () => {
  const compose =
    'services:\n  web:\n    build: ./web\n    volumes: [".:/code"]\n  worker:\n    build: ./worker\n  db:\n    image: postgres\n';

  it('adopts every service that builds, and the workspace where the repo mounts the project', async () => {
    expect(await resolve({}, {}, undefined, { 'compose.yaml': compose })).toMatchObject({ service: 'web,worker', workspace: '/code' });
  });

  it('lets the repo win over a stored workspace, and a flag win over the repo', async () => {
    expect(await resolve({}, { workspace: '/workspace' }, undefined, { 'compose.yaml': compose })).toMatchObject({ workspace: '/code' });
    expect(await resolve({ workspace: '/srv' }, {}, undefined, { 'compose.yaml': compose })).toMatchObject({ workspace: '/srv' });
  });

  it("takes the devcontainer's service, and asks which config when there are several", async () => {
    const files = {
      '.devcontainer/a/devcontainer.json': '{ "dockerComposeFile": "../../compose.yaml", "service": "worker" }',
      '.devcontainer/b/devcontainer.json': '{ "image": "node:22" }',
      'compose.yaml': compose,
    };
    await expect(resolve({}, {}, undefined, files)).rejects.toThrow(/2 Dev Container configs .*: pass --devcontainer/);
    expect(await resolve({ devcontainer: '.devcontainer/a/devcontainer.json' }, {}, undefined, files)).toMatchObject({
      service: 'worker',
      workspace: '/workspace',
    });
    const asked: Question[] = [];
    const answers = await resolve(
      {},
      {},
      async (q) => {
        asked.push(q);
        return q.name === 'devcontainer' ? '.devcontainer/a/devcontainer.json' : q.name === 'service' ? ['web', 'worker'] : q.default;
      },
      files,
    );
    expect(asked.find((q) => q.name === 'devcontainer')).toMatchObject({
      type: 'select',
      choices: [{ value: '.devcontainer/a/devcontainer.json' }, { value: '.devcontainer/b/devcontainer.json' }],
    });
    // The services prompt is a multi-select of the built services, the devcontainer's checked.
    expect(asked.find((q) => q.name === 'service')).toMatchObject({
      type: 'checkbox',
      choices: [
        { value: 'web', checked: false },
        { value: 'worker', checked: true },
      ],
    });
    expect(answers.service).toBe('web,worker');
  });
});

describe('resolveAnswers with prompts', () => {
  it('asks only what no flag answered, pre-filling stored answers, and asks IDs only for fixed', async () => {
    const asked: Question[] = [];
    const replies: Record<string, unknown> = { baseImage: 'node:22', idStrategy: 'fixed', uid: '1600', gid: '1600', sudo: true };
    const answers = await resolve({ username: 'bob' }, { baseImage: 'ubuntu:24.04' }, async (q) => {
      asked.push(q);
      return replies[q.name];
    });
    expect(asked.map((q) => q.name)).toEqual(['baseImage', 'idStrategy', 'uid', 'gid', 'kubernetes', 'sudo']);
    expect(asked[0].default).toBe('ubuntu:24.04');
    expect(asked[1].type).toBe('select');
    expect(asked[2].default).toBe('1500');
    expect(asked[4].type).toBe('confirm');
    expect(answers).toMatchObject({ baseImage: 'node:22', username: 'bob', uid: 1600, gid: 1600, sudo: true });
  });

  it('does not ask for IDs with build-arg', async () => {
    const asked: string[] = [];
    await resolve({}, {}, async (q) => {
      asked.push(q.name);
      return q.default;
    });
    expect(asked).toEqual(['baseImage', 'username', 'idStrategy', 'kubernetes', 'sudo']);
  });

  it('rejects a bad typed answer with the prompt named', async () => {
    const error = await resolve({}, {}, async (q) => (q.name === 'username' ? 'Bad Name' : q.default)).catch((e) => e);
    expect(error.problems[0]).toMatch(/^Username in the container: must start with a lowercase letter/);
  });
});

describe('storedAnswers', () => {
  it('never stores per-host IDs of build-arg, but keeps fixed IDs', async () => {
    expect(storedAnswers({ ...(await resolve()), uid: 1500, gid: 20 }, factsOf())).not.toHaveProperty('uid');
    expect(storedAnswers(await resolve({ 'id-strategy': 'fixed' }), factsOf())).toMatchObject({ uid: 1500, gid: 20 });
  });

  it('remembers the devcontainer config only where there was a choice', async () => {
    const one = { '.devcontainer/devcontainer.json': '{ "image": "x" }' };
    const two = { ...one, '.devcontainer/b/devcontainer.json': '{ "image": "y" }' };
    const chosen = { ...(await resolve({ service: '' }, {}, undefined, one)), devcontainer: '.devcontainer/devcontainer.json' };
    expect(storedAnswers(chosen, factsOf(one))).not.toHaveProperty('devcontainer');
    expect(storedAnswers(chosen, factsOf(two))).toHaveProperty('devcontainer', '.devcontainer/devcontainer.json');
  });
});

describe('the strategy prompt', () => {
  it('starts on the strategy the engine calls for, and offers every strategy with select', async () => {
    const repo = memoryRepo({});
    const facts: Facts = {
      host,
      engine: () => ({ name: 'podman', rootless: true, desktop: false }),
      repo: repoFacts(repo),
    };
    const asked: Question[] = [];
    await resolveAnswers({ flags: {}, stored: {}, facts, ask: async (q) => (asked.push(q), q.default) });
    const question = asked.find((q) => q.name === 'idStrategy')!;
    expect(question).toMatchObject({ type: 'select', default: 'podman' });
    expect(question.choices!.map((c) => c.value)).toEqual([
      'build-arg',
      'fixed',
      'devcontainer',
      'podman',
      'rootless-docker',
      'arbitrary',
      'runtime',
    ]);
  });
});
