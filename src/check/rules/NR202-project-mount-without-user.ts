// NR202: a service mounts the project folder and sets no user.
// Sources: https://github.com/moby/moby/issues/13121 (a missing bind source is created as root),
// https://github.com/project-oak/oak/issues/1121 (a user with no passwd entry).
import { projectMount } from '../../core/layout/index.js';
import { dropsToUserAtStart, isRootUser, stageUser } from '../../core/dockerfile/stage.js';
import type { Rule } from '../rule.js';
import type { Subject } from '../subject.js';

/** The user the image a service builds ends as ('' when unknown: an image from a registry). */
function imageUser({ dockerfiles }: Subject, dockerfile: string | undefined, target: string | undefined): string | undefined {
  const found = dockerfiles.find((d) => d.file === dockerfile);
  const stage = found?.view.stage(target);
  if (!found || !stage) return undefined;
  return dropsToUserAtStart(found.view, stage.index) ? REMAPPED : (stageUser(found.view, stage.index)?.user ?? 'root');
}

/** The image re-IDs its user to the workspace's owner at start (the runtime strategy): no user: needed. */
const REMAPPED = 'remapped at start';

export const projectMountWithoutUser: Rule = {
  id: 'NR202',
  name: 'project-mount-without-user',
  severity: 'error',
  title: 'A service mounts the project folder and sets no `user:`',
  why:
    "Files the container writes into a bind mount get the container user's " +
    "IDs on the host: root's, or an image user's that need not match yours " +
    '(docker/compose#7853).',
  fix: "`yo nonroot` sets the service's `user:` to your IDs (HOST_UID/HOST_GID from .env) and builds the image with a user at those IDs.",
  peers: [],
  check: (subject) =>
    subject.composeProjects.flatMap((project) =>
      project.services.flatMap((service) => {
        const mount = projectMount(service);
        if (!mount || service.user !== undefined) return [];
        const user = imageUser(subject, service.build?.dockerfile, service.build?.target);
        if (user === REMAPPED) return [];
        const as =
          user === undefined
            ? "its image's user (root for most images)"
            : isRootUser(user)
              ? 'root'
              : `the image's user ${user}, whose IDs need not be yours`;
        return [
          {
            file: mount.file,
            line: mount.line,
            message: `${service.name} mounts the project at ${mount.target} and writes there as ${as}`,
          },
        ];
      }),
    ),
};
