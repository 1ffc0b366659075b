// NR204: user: set, the Docker socket mounted, no group_add.
// Its public source is cited in `why` below.
import type { Rule } from '../rule.js';

export const userDropsSocketGroup: Rule = {
  id: 'NR204',
  name: 'user-drops-socket-group',
  severity: 'warning',
  title: '`user:` with the Docker socket mounted and no `group_add`',
  why:
    '`user: uid:gid` drops the supplementary groups, so the container user ' +
    'can no longer reach /var/run/docker.sock (or devices such as video, ' +
    'dialout) (docker/compose#3328).',
  fix:
    'Add the socket\'s group to the service: `group_add: ["${DOCKER_GID}"]` ' +
    "(the host's docker group ID, e.g. from `stat -c %g " +
    '/var/run/docker.sock`).',
  peers: [],
  check: ({ composeProjects }) =>
    composeProjects.flatMap((project) =>
      project.services.flatMap((service) => {
        const socket = service.binds.find((bind) => /docker\.sock$/.test(bind.target));
        if (!socket || service.user === undefined || service.groupAdd.length > 0) return [];
        return [
          {
            file: socket.file,
            line: socket.line,
            message: `${service.name} runs as ${service.user} and mounts ${socket.target} without group_add`,
          },
        ];
      }),
    ),
};
