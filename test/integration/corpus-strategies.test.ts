// Every corpus repo through every strategy, switching on each rerun as a team would: each result
// keeps every line the generator does not own, reruns unchanged, and switching back to the first
// strategy gives back exactly the first result (a switch rewrites only what the generator owns).
// In memory (test/support/adopt.ts): the bin's own runs are in corpus.test.ts.
import { InputError } from '../../src/core/errors.js';
import { parseJsonc } from '../../src/core/parse.js';
import { strategyIds } from '../../src/core/strategies/index.js';
import { adopt } from '../support/adopt.js';
import { fixtures, lostLines, readTree, REPOS } from '../support/corpus.js';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

const SHELL_NEEDED = /its entrypoint is a shell script/;

describe.each(fixtures.filter((f) => !f.refused).map((f) => [f.name, f] as const))('corpus through every strategy: %s', (name, fixture) => {
  const original = readTree(path.join(REPOS, name));
  const flagsOf = (strategy: string) => {
    const flags: Record<string, unknown> = { username: 'dev', 'id-strategy': strategy };
    for (let i = 0; i < fixture.args.length; i += 2) flags[fixture.args[i].replace(/^--/, '')] = fixture.args[i + 1];
    return flags;
  };

  it('switches build-arg -> each strategy -> build-arg, keeping what it does not own', async () => {
    const first = await adopt(original, flagsOf('build-arg'), { name });
    let current = first;
    for (const strategy of [...strategyIds.filter((s) => s !== 'build-arg'), 'build-arg']) {
      let next;
      try {
        next = await adopt(current.files, flagsOf(strategy), { stored: current.stored, name });
      } catch (error) {
        // Shell-less images (distroless, scratch) cannot run an entrypoint script: refused, by name.
        expect(error).toBeInstanceOf(InputError);
        expect((error as InputError).problems.join('\n')).toMatch(SHELL_NEEDED);
        continue;
      }
      const lost = Object.fromEntries(
        Object.keys(original)
          .map(
            (file) =>
              [
                file,
                lostLines(file, original[file], next.files[file] ?? '').filter((line) => !fixture.switchDrops?.lines.includes(line.trim())),
              ] as const,
          )
          .filter(([, lines]) => lines.length > 0),
      );
      expect({ strategy, lost }).toEqual({ strategy, lost: {} });
      const again = await adopt(next.files, flagsOf(strategy), { stored: next.stored, name });
      expect({ strategy, rerun: again.files }).toEqual({ strategy, rerun: next.files });
      current = next;
    }
    // Files only another strategy writes (an entrypoint script) may stay behind; every shared file
    // is back as it was (JSON and YAML as configuration: a key removed and added again moves).
    const settled = (files: Record<string, string>) =>
      Object.fromEntries(
        Object.keys(first.files)
          .filter((file) => file !== fixture.switchDrops?.file)
          .map((file) => [
            file,
            file.endsWith('.json') ? parseJsonc(files[file], file) : /\.ya?ml$/.test(file) ? parseYaml(files[file]) : files[file],
          ]),
      );
    expect(settled(current.files)).toEqual(settled(first.files));
  });
});
