// NR105: BusyBox adduser with a UID above its limit.
// The trap, with its sources: KNOWLEDGE #4 (the project's shared notes).
import { knownIds } from '../known-ids.js';
import { commands, lineOf, option, stageInstructions } from '../dockerfile-facts.js';
import type { Rule } from '../rule.js';

export const busyboxUidLimit: Rule = {
  id: 'NR105',
  name: 'busybox-uid-limit',
  severity: 'error',
  title: 'BusyBox `adduser -u` above 256000, or with a UID that can be',
  why: 'Alpine\'s BusyBox refuses UIDs above 256000 ("number 1069552525 is not in 0..256000 range"): directory (LDAP/AD) UIDs fail to build (projectcalico/toolchain#64).',
  fix: '`yo nonroot` writes the account entries itself on BusyBox too, so no tool limit applies.',
  check: ({ dockerfiles }) =>
    dockerfiles.flatMap(({ file, view }) =>
      view.stages.flatMap((stage, index) => {
        const limit = knownIds(stage.image)?.maxUid;
        if (limit === undefined) return [];
        return stageInstructions(view, index)
          .filter((i) => i.getKeyword() === 'RUN')
          .flatMap((run) =>
            commands(run)
              .filter((words) => words.includes('adduser'))
              .map((words) => option(words, '-u', '--uid'))
              .filter((uid): uid is string => uid !== undefined && (uid.includes('$') || Number(uid) > limit))
              .map((uid) => ({ file, line: lineOf(run), message: `adduser -u ${uid} on ${stage.image}: BusyBox refuses UIDs above ${limit}` })),
          );
      }),
    ),
};
