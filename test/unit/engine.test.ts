// Engine detection against recorded `docker info` / `podman info` outputs (test/fixtures/engines/,
// README there says where each comes from), the default strategy each one gets, and the probe
// itself with fake engine commands on PATH: an engine that hangs is no answer, never a hang.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEngineInfo, probeEngine } from '../../src/core/engine.js';
import { defaultStrategy, misfit, strategyNote } from '../../src/app/strategies/detect.js';
import { strategies } from '../../src/app/strategies/index.js';

const ENGINES = fileURLToPath(new URL('../fixtures/engines', import.meta.url));
const recorded = (name: string) => JSON.parse(fs.readFileSync(path.join(ENGINES, `${name}.json`), 'utf8'));

describe.each([
  ['docker-rootful', { name: 'docker', rootless: false, desktop: false }, 'build-arg'],
  ['docker-rootless', { name: 'docker', rootless: true, desktop: false }, 'rootless-docker'],
  ['docker-desktop', { name: 'docker', rootless: false, desktop: true }, 'build-arg'],
  ['podman-rootless', { name: 'podman', rootless: true, desktop: false }, 'podman'],
  ['podman-rootful', { name: 'podman', rootless: false, desktop: false }, 'build-arg'],
  // Podman behind `docker` through its Docker API socket: it names neither itself nor rootless.
  ['podman-docker-api', { name: 'podman', rootless: true, desktop: false }, 'podman'],
])('%s', (name, facts, strategy) => {
  it('is recognised', () => {
    expect(parseEngineInfo(recorded(name))).toEqual(facts);
  });

  it(`defaults to ${strategy}, saying what was found`, () => {
    const detected = defaultStrategy(parseEngineInfo(recorded(name)));
    expect(detected.id).toBe(strategy);
    expect(detected.why).toMatch(new RegExp(`answers: defaulting to ${strategy}`));
  });

  it('the default fits the engine, and every strategy that does not fit is warned about', () => {
    const engine = parseEngineInfo(recorded(name));
    expect(misfit(strategy, engine)).toBeUndefined();
    for (const s of strategies.filter((x) => !x.fits(engine))) expect(misfit(s.id, engine)).toMatch(new RegExp(`^the stored strategy ${s.id} does not fit .*--id-strategy ${strategy} `));
  });
});

it('with no engine the default is build-arg, and says so', () => {
  expect(defaultStrategy(undefined)).toEqual({ id: 'build-arg', why: expect.stringMatching(/^no container engine answered/) });
  expect(misfit('podman', undefined)).toBeUndefined();
});

describe('strategyNote', () => {
  const podman = () => parseEngineInfo(recorded('podman-rootless'));
  it('says nothing when a flag chose, and does not even ask the engine', () => {
    expect(strategyNote('fixed', 'build-arg', () => { throw new Error('probed'); })).toBeUndefined();
  });
  it('warns about a stored answer that does not fit, naming both', () => {
    expect(strategyNote(undefined, 'build-arg', podman)).toMatch(/^warning: the stored strategy build-arg does not fit this host's rootless Podman: .*--id-strategy podman/);
    expect(strategyNote(undefined, 'podman', podman)).toBeUndefined();
  });
  it('otherwise says what was detected', () => {
    expect(strategyNote(undefined, undefined, podman)).toMatch(/^rootless Podman answers: defaulting to podman/);
  });
});

describe('probeEngine', () => {
  let bin: string;
  const saved = { PATH: process.env.PATH, INFO: process.env.NONROOT_ENGINE_INFO };
  const fake = (command: string, script: string) => fs.writeFileSync(path.join(bin, command), `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  beforeEach(() => {
    bin = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-engine-'));
    process.env.PATH = bin;
    delete process.env.NONROOT_ENGINE_INFO;
  });
  afterEach(() => {
    process.env.PATH = saved.PATH;
    process.env.NONROOT_ENGINE_INFO = saved.INFO;
    fs.rmSync(bin, { recursive: true, force: true });
  });

  it('reads docker info', () => {
    fake('docker', `exec /bin/cat '${path.join(ENGINES, 'docker-rootless.json')}'`);
    expect(probeEngine()).toEqual({ name: 'docker', rootless: true, desktop: false });
  });

  it('asks podman when docker does not answer', () => {
    fake('docker', 'echo "Cannot connect to the Docker daemon" >&2; exit 1');
    fake('podman', `exec /bin/cat '${path.join(ENGINES, 'podman-rootless.json')}'`);
    expect(probeEngine()).toEqual({ name: 'podman', rootless: true, desktop: false });
  });

  it('gives up on an engine that hangs, and on no engine at all', () => {
    fake('docker', 'exec /bin/sleep 30');
    expect(probeEngine(300)).toBeUndefined();
    fs.rmSync(path.join(bin, 'docker'));
    expect(probeEngine(300)).toBeUndefined();
  });

  it('takes a recorded output from NONROOT_ENGINE_INFO, or none', () => {
    process.env.NONROOT_ENGINE_INFO = path.join(ENGINES, 'podman-docker-api.json');
    expect(probeEngine()).toMatchObject({ name: 'podman', rootless: true });
    process.env.NONROOT_ENGINE_INFO = 'none';
    expect(probeEngine()).toBeUndefined();
  });
});
