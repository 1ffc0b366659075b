// NR104: a fixed UID/GID the base image already has.
// Sources: https://github.com/jupyterhub/repo2docker/issues/1346, https://github.com/devcontainers/images/issues/1056,
// https://github.com/devcontainers/features/issues/1514, https://github.com/Tecnativa/doodba/issues/273.
import { knownIds } from '../../core/known-ids.js';
import { option } from '../../core/dockerfile/stage.js';
import { eachCommand } from '../visit.js';
import type { Rule } from '../rule.js';

const USER_TOOLS = ['useradd', 'adduser'];
const GROUP_TOOLS = ['groupadd', 'addgroup'];

export const idTakenInBase: Rule = {
  id: 'NR104',
  name: 'id-taken-in-base',
  severity: 'error',
  title: 'A fixed UID/GID that the base image already uses',
  why:
    '`ubuntu` 23.04+, `node:*` and the devcontainers images ship a user at ' +
    '1000, and Debian and Alpine have GID 20 (dialout) and 100 (users): ' +
    '`useradd -u 1000` fails with "UID 1000 is not unique", `groupadd -g ' +
    '20` with "GID already exists" (devcontainers/features#531, ' +
    'devcontainers/cli#494).',
  fix:
    '`yo nonroot` creates the user with a script that takes such a UID over ' +
    "from the image's user and reuses a group that already has the GID.",
  peers: [],
  check: ({ dockerfiles }) =>
    eachCommand(dockerfiles, (words, { stage }) => {
      const known = knownIds(stage.image);
      // `-o` (--non-unique) asks for the duplicate on purpose.
      if (!known || words.includes('-o') || words.includes('--non-unique')) return undefined;
      const tool = words.find((w) => USER_TOOLS.includes(w) || GROUP_TOOLS.includes(w));
      if (!tool) return undefined;
      const isUser = USER_TOOLS.includes(tool);
      const id = Number(isUser ? option(words, '-u', '--uid') : option(words, '-g', '--gid'));
      const taken = (isUser ? known.users : known.groups)[id];
      return taken
        ? `${tool} ${isUser ? '-u' : '-g'} ${id}: ${stage.image} already has ${isUser ? 'user' : 'group'} '${taken}' at ${id}`
        : undefined;
    }),
};
