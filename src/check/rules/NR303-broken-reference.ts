// NR303: a devcontainer.json names a compose file or a service that does not exist.
import type { Rule } from '../rule.js';

export const brokenReference: Rule = {
  id: 'NR303',
  name: 'broken-reference',
  severity: 'error',
  title: 'A devcontainer.json names a compose file or service that does not exist',
  why:
    'The Dev Containers CLI resolves `dockerComposeFile` relative to the ' +
    "devcontainer.json's folder and attaches to `service`; a name that is " +
    'not there stops `devcontainer up` before any container runs (the Dev ' +
    'Container spec, "dockerComposeFile").',
  fix: "Fix the path (relative to the devcontainer.json's folder) or the service name; `yo nonroot` adopts the config once it resolves.",
  peers: [],
  check: ({ broken }) => broken.map((b) => ({ file: b.file, line: b.line, message: b.reason })),
};
