// Engine detection against recorded `docker info` / `podman info` outputs (test/fixtures/engines/,
// README there says where each comes from), and the default strategy each one gets. The probe
// itself runs commands: test/integration/engine-probe.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEngineInfo } from '../../src/core/engine.js';
import { defaultStrategy, misfit, strategyNote } from '../../src/core/strategies/detect.js';
import { strategies } from '../../src/core/strategies/index.js';

const ENGINES = fileURLToPath(new URL('../fixtures/engines', import.meta.url));
const recorded = (name: string) => JSON.parse(fs.readFileSync(path.join(ENGINES, `${name}.json`), 'utf8'));

describe.each([
  ['docker-rootful', { name: 'docker', rootless: false, desktop: false, host: 'lab', client: 'docker' }, 'build-arg'],
  ['docker-rootless', { name: 'docker', rootless: true, desktop: false, host: 'lab', client: 'docker' }, 'rootless-docker'],
  ['docker-desktop', { name: 'docker', rootless: false, desktop: true, host: 'docker-desktop', client: 'docker' }, 'build-arg'],
  ['podman-rootless', { name: 'podman', rootless: true, desktop: false, client: 'podman' }, 'podman'],
  ['podman-rootful', { name: 'podman', rootless: false, desktop: false, client: 'podman' }, 'build-arg'],
  // Podman behind `docker` through its Docker API socket: it names neither itself nor rootless.
  ['podman-docker-api', { name: 'podman', rootless: true, desktop: false, host: 'lab', client: 'docker' }, 'podman'],
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
    for (const s of strategies.filter((x) => !x.fits(engine)))
      expect(misfit(s.id, engine)).toMatch(new RegExp(`^the stored strategy ${s.id} does not fit .*--id-strategy ${strategy} `));
  });
});

it('with no engine the default is build-arg, and says so', () => {
  expect(defaultStrategy(undefined)).toEqual({ id: 'build-arg', why: expect.stringMatching(/^no container engine answered/) });
  expect(misfit('podman', undefined)).toBeUndefined();
});

describe('strategyNote', () => {
  const podman = () => parseEngineInfo(recorded('podman-rootless'));
  it('says nothing when a flag chose, and does not even ask the engine', () => {
    expect(
      strategyNote('fixed', 'build-arg', () => {
        throw new Error('probed');
      }),
    ).toBeUndefined();
  });
  it('warns about a stored answer that does not fit, naming both', () => {
    expect(strategyNote(undefined, 'build-arg', podman)).toMatch(
      /^warning: the stored strategy build-arg does not fit this host's rootless Podman: .*--id-strategy podman/,
    );
    expect(strategyNote(undefined, 'podman', podman)).toBeUndefined();
  });
  it('otherwise says what was detected', () => {
    expect(strategyNote(undefined, undefined, podman)).toMatch(/^rootless Podman answers: defaulting to podman/);
  });
});
