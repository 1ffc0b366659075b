// NR201: ${UID}/${GID} interpolated in a compose file.
// Sources: https://github.com/docker/compose/issues/2380, https://github.com/docker/compose/issues/4725;
// in devcontainer.json, ${localEnv:UID} is empty too: https://github.com/microsoft/vscode-remote-release/issues/6834.
import type { Rule } from '../rule.js';

/** `$UID`, `${GID}`, `${UID:-1000}`: bash's variables, which compose cannot see. */
const SHELL_IDS = /\$\{(UID|GID|EUID|EGID)(?:[:?+-][^}]*)?\}|\$(UID|GID|EUID|EGID)(?![A-Za-z0-9_])/;

export const uidVariableInCompose: Rule = {
  id: 'NR201',
  name: 'uid-variable-in-compose',
  severity: 'error',
  title: '`${UID}`/`${GID}` in a compose file',
  why:
    "bash's UID is a shell variable that is not exported and there is no " +
    'GID at all, so compose substitutes an empty string (or the `:-` ' +
    'default) and warns "The UID variable is not set" (docker/compose#2380, ' +
    '#4725).',
  fix:
    '`yo nonroot` uses HOST_UID/HOST_GID, written as numbers into the .env ' +
    "compose reads by `sh .nonroot/host-ids.sh` (and the devcontainer's " +
    'initializeCommand).',
  peers: [],
  check: ({ repo, composeProjects }) =>
    [...new Set(composeProjects.flatMap((p) => p.files))].flatMap((file) =>
      (repo.read(file) ?? '').split('\n').flatMap((line, i) => {
        const code = line.replace(/(^|\s)#.*$/, '');
        const match = SHELL_IDS.exec(code);
        return match ? [{ file, line: i + 1, message: `${match[0]}: compose never sees bash's ${match[1] ?? match[2]}` }] : [];
      }),
    ),
};
