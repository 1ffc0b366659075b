// Every repo of the real-world corpus (test/fixtures/repos/) adopted through the bin, as a user
// would run it: the run says which layout it found, keeps every line it does not own, writes what
// the layout says where it says, and a rerun changes nothing. The e2e project builds and runs some.
import fs from 'node:fs';
import path from 'node:path';
import { copyFixture, fixtures, lostLines, readTree, runBin } from '../support/corpus.js';
import { AFTER, counts } from '../support/check-counts.js';

const LAYOUT_LINE: Record<string, RegExp> = {
  'compose-devcontainer': /Dev Container: \S+ opens the service /,
  'several-devcontainers': /Dev Container: \S+ opens the service /,
  'dockerfile-devcontainer': /Dev Container: \S+ builds /,
  'image-devcontainer': /Dev Container: \S+ runs the image .+; it now builds /,
  compose: /compose: \S+.*; these services run as you: /,
  'dockerfile-only': /Dockerfile: \S+ sets up the user in /,
};

describe.each(fixtures.filter((f) => !f.refused).map((f) => [f.name, f] as const))('corpus: %s', (_, fixture) => {
  let dir: string;
  let before: Record<string, string>;
  let after: Record<string, string>;
  let output: string;

  beforeAll(() => {
    dir = copyFixture(fixture.name);
    before = readTree(dir);
    const run = runBin(dir, ['--yes', '--force', '--username', 'dev', ...fixture.args]);
    output = run.output;
    if (run.status !== 0) throw new Error(`adopting ${fixture.name} failed:\n${output}`);
    after = readTree(dir);
  });
  afterAll(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

  it('says which layout it found', () => {
    expect(output).toMatch(LAYOUT_LINE[fixture.layout]);
  });

  it('keeps every line of every file it does not own', () => {
    const lost = Object.fromEntries(
      Object.keys(before)
        .map((file) => [file, lostLines(file, before[file], after[file] ?? '')])
        .filter(([, lines]) => lines.length > 0),
    );
    expect(lost).toEqual({});
  });

  it("adds a user block to each Dockerfile it adopts, and the user script into that build's context", () => {
    const dockerfiles = Object.keys(after).filter((f) => after[f].includes('# >>> generator-nonroot:user'));
    expect(dockerfiles.length).toBeGreaterThan(0);
    for (const file of dockerfiles) {
      const copy = /^COPY (\S+) \/tmp\/nonroot-create-user\.sh$/m.exec(after[file]);
      // Shell-less stages take the user from a builder stage, which copies the script the same way.
      expect(copy).not.toBeNull();
    }
    expect(Object.keys(after).filter((f) => f.endsWith('.nonroot/create-user.sh')).length).toBeGreaterThan(0);
  });

  it('leaves check only what lies in the parts it does not own', () => {
    expect(counts(dir)).toBe(AFTER[fixture.name] ?? '');
  });

  it('reruns identically: every file reported identical, nothing written', () => {
    const again = runBin(dir, ['--yes', '--username', 'dev', ...fixture.args]);
    expect(again.status).toBe(0);
    expect(again.output.split('\n').filter((l) => /^\s*(create|force|conflict)\s/.test(l))).toEqual([]);
    expect(readTree(dir)).toEqual(after);
  });
});

describe.each(fixtures.filter((f) => f.refused).map((f) => [f.name, f] as const))('corpus, refused: %s', (_, fixture) => {
  it('stops with a message naming the file and what to do, writing nothing', () => {
    const dir = copyFixture(fixture.name);
    const before = readTree(dir);
    const run = runBin(dir, ['--yes', '--force', ...fixture.args]);
    expect(run.status).toBe(1);
    expect(run.output).toMatch(new RegExp(fixture.refused!));
    expect(run.output).toMatch(/nothing was written; fix this and run again:\n {2}\S+(:\d+)?: /);
    expect(readTree(dir)).toEqual(before);
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });
});

it('a repo with several Dev Container configs and no --devcontainer stops and lists them', () => {
  const dir = copyFixture('devc-several-python-node');
  const run = runBin(dir, ['--yes']);
  expect(run.status).toBe(1);
  expect(run.output).toMatch(/3 Dev Container configs \(\.devcontainer\/docs\/devcontainer\.json, .*\): pass --devcontainer <one of them>/);
  fs.rmSync(path.dirname(dir), { recursive: true, force: true });
});

it('lostLines reports a line the generator does not own, and only that', () => {
  expect(lostLines('compose.yaml', 'services:\n  app:\n    user: root\n    ports: [80]\n', 'services:\n  app:\n    user: "1:1"\n')).toEqual(
    ['    ports: [80]'],
  );
  expect(lostLines('.devcontainer/devcontainer.json', '{\n  "a": {}\n}\n', '{\n  "a": {},\n  "remoteUser": "dev"\n}\n')).toEqual([]);
});
