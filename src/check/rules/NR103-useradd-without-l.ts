// NR103: useradd without -l where the UID can be large.
// Sources: https://github.com/bazelbuild/bazel/issues/13506, hadolint DL3046,
// https://github.com/ucam-department-of-psychiatry/crate/issues/183, Docker's Dockerfile best practices (USER).
import { option } from '../../core/dockerfile/stage.js';
import { eachCommand } from '../visit.js';
import type { Rule } from '../rule.js';

export const useraddWithoutL: Rule = {
  id: 'NR103',
  name: 'useradd-without-l',
  severity: 'error',
  title: '`useradd` without `-l` for a UID that can be large',
  why:
    '`useradd` writes sparse /var/log/lastlog and faillog entries that ' +
    'image layers store expanded: a directory UID like 1234567890 adds ' +
    'hundreds of GB (bazelbuild/bazel#13506, hadolint DL3046).',
  fix:
    '`yo nonroot` creates the user by writing the passwd, group and shadow ' +
    'entries itself: no lastlog or faillog is touched, whatever the UID.',
  peers: ['hadolint DL3046'],
  check: ({ dockerfiles }) =>
    eachCommand(dockerfiles, (words) => {
      if (!words.includes('useradd') || words.some((w) => w === '--no-log-init' || /^-[a-zA-Z]*l[a-zA-Z]*$/.test(w))) return undefined;
      // A build arg (`-u $UID`) can be any UID; a literal one is large past 65535.
      const uid = option(words, '-u', '--uid');
      return uid !== undefined && (uid.includes('$') || Number(uid) > 65535) ? `useradd -u ${uid} without -l (--no-log-init)` : undefined;
    }),
};
