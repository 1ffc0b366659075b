// Every repo of the real-world corpus (test/fixtures/repos/) adopted through the bin, as a user
// would run it: the run says which layout it found, keeps every line it does not own, writes what
// the layout says where it says, leaves check only what it does not own, and a rerun changes
// nothing. Two test files run a half each, so that jest's two workers share the corpus.
import fs from 'node:fs';
import path from 'node:path';
import { copyFixture, fixtures, lostLines, readTree, runBin } from './corpus.js';
import { AFTER, counts } from './check-counts.js';

const LAYOUT_LINE: Record<string, RegExp> = {
  'compose-devcontainer': /Dev Container: \S+ opens the service /,
  'several-devcontainers': /Dev Container: \S+ opens the service /,
  'dockerfile-devcontainer': /Dev Container: \S+ builds /,
  'image-devcontainer': /Dev Container: \S+ runs the image .+; it now builds /,
  compose: /compose: \S+.*; these services run as you: /,
  'dockerfile-only': /Dockerfile: \S+ sets up the user in /,
};

export function adoptionSuite(half: 0 | 1) {
  const adopted = fixtures.filter((f) => !f.refused).filter((_, i) => i % 2 === half);
  describe.each(adopted.map((f) => [f.name, f] as const))('corpus: %s', (_, fixture) => {
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
}
