// NR107: RUN chown -R over a tree.
// Its public source is cited in `why` below.
import { eachCommand } from '../visit.js';
import type { Rule } from '../rule.js';

export const chownRecursive: Rule = {
  id: 'NR107',
  name: 'chown-recursive',
  severity: 'warning',
  title: '`RUN chown -R` copies every file it touches into a new layer',
  why:
    'A recursive chown rewrites the metadata of every file, so the layer ' +
    'holds a second copy of the whole tree (5.4 GiB down to 1.6 GiB once ' +
    'removed in one report) (stackabletech/docker-images#961).',
  fix: "`yo nonroot` creates only the user's empty folders owned by it and copies files in with `--chown`.",
  peers: [],
  check: ({ dockerfiles }) =>
    eachCommand(dockerfiles, (words) =>
      words[0] === 'chown' && words.some((w) => w === '--recursive' || /^-[a-zA-Z]*R/.test(w)) ? words.join(' ') : undefined,
    ),
};
