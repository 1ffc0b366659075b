// NR101: the image a service or Dev Container runs ends as root.
// Its public source is cited in `why` below.
import { dropsToUserAtStart, isRootUser, stageUser } from '../../core/dockerfile/stage.js';
import { eachBuiltStage } from '../visit.js';
import type { Rule } from '../rule.js';

export const runsAsRoot: Rule = {
  id: 'NR101',
  name: 'runs-as-root',
  severity: 'error',
  title: 'The built stage runs as root',
  why:
    'A container that runs as root writes root-owned files into the ' +
    'bind-mounted project folder, and `docker run --user` alone leaves no ' +
    'passwd entry, no home and no write access (project-oak/oak#1121).',
  fix:
    '`yo nonroot` adds a user block that creates a user with your UID/GID, ' +
    'a home it owns, and ends the stage with `USER ${UID}:${GID}`.',
  peers: [
    'hadolint DL3002',
    'Trivy DS002',
    'checkov CKV_DOCKER_3',
    'checkov CKV_DOCKER_8',
    'dockle CIS-DI-0001',
    'KICS Missing User Instruction',
  ],
  check: ({ dockerfiles }) =>
    eachBuiltStage(dockerfiles, (view, index, file) => {
      const found = stageUser(view, index);
      const stage = view.stages[index];
      if (!found)
        return [
          {
            file,
            line: stage.from.getRange().start.line + 1,
            message:
              `stage ${stage.name ?? stage.index + 1} (FROM ${stage.image}) has no USER: ` +
              `it runs as the image's default user, root for most images`,
          },
        ];
      // The runtime strategy's entrypoint starts as root only to re-ID the user, then drops to it.
      return isRootUser(found.user) && !dropsToUserAtStart(view, index)
        ? [{ file, line: found.line, message: `stage ${stage.name ?? stage.index + 1} ends with USER ${found.user}` }]
        : [];
    }),
};
