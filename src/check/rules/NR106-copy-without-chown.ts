// NR106: COPY/ADD without --chown into the app's folders after the stage switched to a user.
// Sources: https://github.com/moby/moby/issues/36677, https://github.com/moby/moby/issues/20295,
// https://github.com/moby/moby/issues/36408.
import { destination, isSystemPath, workdirs } from '../../core/dockerfile/steps.js';
import { isRootUser, instructionLine } from '../../core/dockerfile/stage.js';
import { eachBuiltStage } from '../visit.js';
import type { Rule } from '../rule.js';

export const copyWithoutChown: Rule = {
  id: 'NR106',
  name: 'copy-without-chown',
  severity: 'warning',
  title: '`COPY`/`ADD` without `--chown` after the stage switched to its user',
  why: '`COPY` and `ADD` create root-owned files whatever `USER` says, so the user cannot change what it was given (moby/moby#36677).',
  fix:
    '`yo nonroot` adds `--chown=${UID}:${GID}` to copies into places the ' +
    "user owns (the workspace, home, WORKDIRs, the app's folders), never " +
    'into system paths.',
  peers: [],
  check: ({ dockerfiles }) =>
    eachBuiltStage(dockerfiles, (view, index, file) => {
      const own = view.instructions(view.stages[index], { blocks: true });
      const at = workdirs(own);
      let user: string | undefined;
      return own.flatMap((instruction) => {
        const keyword = instruction.getKeyword();
        if (keyword === 'USER') user = instruction.getArgumentsContent()?.trim();
        if ((keyword !== 'COPY' && keyword !== 'ADD') || user === undefined || isRootUser(user)) return [];
        const flags = (instruction as unknown as { getFlags(): { getName(): string }[] }).getFlags?.() ?? [];
        if (flags.some((f) => f.getName() === 'chown' || f.getName() === 'from')) return [];
        const target = destination(instruction, at.get(instruction) ?? '/');
        if (target === undefined || isSystemPath(target)) return [];
        return [
          { file, line: instructionLine(instruction), message: `${keyword} into ${target} after USER ${user} leaves the files root's` },
        ];
      });
    }),
};
