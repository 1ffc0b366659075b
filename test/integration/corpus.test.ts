// The real-world corpus (test/fixtures/repos/) adopted through the bin: half of the repos here,
// the other half in corpus-more.test.ts (test/support/corpus-suite.ts says what each must do); the
// repos refused with file:line, and the helpers. The e2e project builds and runs some.
import fs from 'node:fs';
import path from 'node:path';
import { copyFixture, fixtures, lostLines, readTree, runBin } from '../support/corpus.js';
import { adoptionSuite } from '../support/corpus-suite.js';

adoptionSuite(0);

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
