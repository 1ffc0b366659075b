import { InputError } from '../../generators/app/errors.js';
import { resolveAnswers, storedAnswers, type Question } from '../../generators/app/resolve.js';

const host = { uid: 1500, gid: 20, login: 'ana' };
const resolve = (flags: Record<string, unknown> = {}, stored: Record<string, unknown> = {}, ask?: (q: Question) => Promise<unknown>) =>
  resolveAnswers({ flags, stored, host, ask });

describe('resolveAnswers without prompts (--yes)', () => {
  it('uses detected defaults', async () => {
    expect(await resolve()).toEqual({
      baseImage: 'debian:trixie-slim',
      username: 'ana',
      idStrategy: 'build-arg',
      service: 'app',
      workspace: '/workspace',
      sudo: false,
      builderImage: 'busybox:1.37',
      volumes: '',
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
      '.yo-rc.json "idStrategy": "magic" (fix it there or pass --id-strategy): must be one of build-arg, fixed, devcontainer, e.g. build-arg',
    ]);
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
    expect(asked.map((q) => q.name)).toEqual(['baseImage', 'idStrategy', 'uid', 'gid', 'sudo']);
    expect(asked[0].default).toBe('ubuntu:24.04');
    expect(asked[1].type).toBe('list');
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
    expect(asked).toEqual(['baseImage', 'username', 'idStrategy', 'sudo']);
  });

  it('rejects a bad typed answer with the prompt named', async () => {
    const error = await resolve({}, {}, async (q) => (q.name === 'username' ? 'Bad Name' : q.default)).catch((e) => e);
    expect(error.problems[0]).toMatch(/^Username in the container: must start with a lowercase letter/);
  });
});

describe('storedAnswers', () => {
  it('never stores per-host IDs of build-arg, but keeps fixed IDs', async () => {
    expect(storedAnswers({ ...(await resolve()), uid: 1500, gid: 20 })).not.toHaveProperty('uid');
    expect(storedAnswers(await resolve({ 'id-strategy': 'fixed' }))).toMatchObject({ uid: 1500, gid: 20 });
  });
});
