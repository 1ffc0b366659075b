// NR105: BusyBox adduser with a UID above its limit.
// Sources: https://github.com/projectcalico/toolchain/issues/64, https://github.com/ansible/ansible/issues/30445.
import { knownIds } from '../../core/known-ids.js';
import { option } from '../../core/dockerfile/stage.js';
import { eachCommand } from '../visit.js';
import type { Rule } from '../rule.js';

export const busyboxUidLimit: Rule = {
  id: 'NR105',
  name: 'busybox-uid-limit',
  severity: 'error',
  title: 'BusyBox `adduser -u` above 256000, or with a UID that can be',
  why:
    'Alpine\'s BusyBox refuses UIDs above 256000 ("number 1069552525 is not ' +
    'in 0..256000 range"): directory (LDAP/AD) UIDs fail to build ' +
    '(projectcalico/toolchain#64).',
  fix: '`yo nonroot` writes the account entries itself on BusyBox too, so no tool limit applies.',
  peers: [],
  check: ({ dockerfiles }) =>
    eachCommand(dockerfiles, (words, { stage }) => {
      const limit = knownIds(stage.image)?.maxUid;
      const uid = words.includes('adduser') ? option(words, '-u', '--uid') : undefined;
      if (limit === undefined || uid === undefined || !(uid.includes('$') || Number(uid) > limit)) return undefined;
      return `adduser -u ${uid} on ${stage.image}: BusyBox refuses UIDs above ${limit}`;
    }),
};
