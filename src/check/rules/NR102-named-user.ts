// NR102: the built stage ends with a USER given by name.
// Its public source is cited in `why` below.
import { isNumericUser, isRootUser, stageUser } from '../../core/dockerfile/stage.js';
import { eachBuiltStage } from '../visit.js';
import type { Rule } from '../rule.js';

export const namedUser: Rule = {
  id: 'NR102',
  name: 'named-user',
  severity: 'warning',
  title: 'The built stage ends with a named USER',
  why:
    'Kubernetes `runAsNonRoot` cannot verify a named user and refuses the ' +
    'pod ("image has non-numeric user"); a numeric `USER uid:gid` passes ' +
    '(kubernetes/kubernetes#56503).',
  fix: '`yo nonroot` makes the stage end with the numeric `USER ${UID}:${GID}` of the user it creates.',
  peers: [],
  check: ({ dockerfiles }) =>
    eachBuiltStage(dockerfiles, (view, index, file) => {
      const found = stageUser(view, index);
      if (!found || isRootUser(found.user) || isNumericUser(found.user)) return [];
      return [{ file, line: found.line, message: `USER ${found.user} names a user; use its numeric UID:GID` }];
    }),
};
