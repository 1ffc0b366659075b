// NR108: ARG UID/GID declared above the slow, root steps of a stage.
// Its public source is cited in `why` below.
import { needsRoot } from '../../core/dockerfile/steps.js';
import { userRefs } from '../../core/dockerfile/refs.js';
import { instructionLine } from '../../core/dockerfile/stage.js';
import type { Rule } from '../rule.js';

const ID_ARG = /^(USER_|HOST_)?(UID|GID)(=|$)/;

export const idArgsAboveSlowSteps: Rule = {
  id: 'NR108',
  name: 'id-args-above-slow-steps',
  severity: 'warning',
  title: '`ARG UID`/`GID` declared above package installs',
  why:
    'Every RUN after an ARG sees it in its environment, so changing the UID ' +
    'rebuilds all of them, package installs included; declared right before ' +
    'the user is created, only what follows it rebuilds (the Dockerfile ' +
    'reference, "Impact on build caching").',
  fix: '`yo nonroot` declares the ID args inside its user block, below the steps that need root.',
  peers: [],
  check: ({ dockerfiles }) =>
    dockerfiles.flatMap(({ file, view }) =>
      view.stages.flatMap((_, index) => {
        const own = view.instructions(view.stages[index], { blocks: true });
        const arg = own.find((i) => i.getKeyword() === 'ARG' && ID_ARG.test(i.getArgumentsContent()?.trim() ?? ''));
        if (!arg) return [];
        // The generator's own user block (the script it runs) is the user creation, not a slow step.
        const mine = view.instructions(view.stages[index]);
        // A step that makes or uses a user (`chown -R app /app`) must follow the user's creation: not slow.
        const withUsers = new Set(userRefs(view, view.stages[index]).map((r) => r.instruction));
        const slow = mine.filter(
          (i) => i.getRange().start.line > arg.getRange().start.line && i.getKeyword() === 'RUN' && needsRoot(i) && !withUsers.has(i),
        );
        return slow.length > 0
          ? [
              {
                file,
                line: instructionLine(arg),
                message:
                  `ARG ${arg.getArgumentsContent()?.trim()} is above ${slow.length} root step(s), ` +
                  `first at line ${instructionLine(slow[0])}`,
              },
            ]
          : [];
      }),
    ),
};
