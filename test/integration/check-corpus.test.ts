// The audit over the real-world corpus (test/fixtures/repos/) as the repos are: the findings per
// rule, kept as a table here so that a change in a count is a visible diff. After `yo nonroot`
// adopts each repo, corpus.test.ts checks what stays (test/support/check-counts.ts).
import path from 'node:path';
import { counts } from '../support/check-counts.js';
import { fixtures, REPOS } from '../support/corpus.js';

const BEFORE: Record<string, string> = {
  'compose-entrypoint-su-exec-alpine': 'NR101',
  'compose-flask-dev-envs-target': 'NR102',
  'compose-flask-redis-code-mount': 'NR101 NR202',
  'compose-frontend-backend-node-modules': 'NR101×2 NR203×2',
  'compose-long-syntax-volumes': 'NR102 NR202 NR203 NR205×2', // uploads and reports: volumes where the image has no folder of the user's
  'compose-nginx-two-webs-4space': 'NR101',
  'compose-node-guide-anon-node-modules': 'NR102 NR202 NR203', // NR203 the host side only: the image makes node_modules
  'compose-override-existing-uid-args': 'NR102 NR107 NR108 NR201×2 NR202 NR205×2',
  'compose-override-node-modules-volume': 'NR101 NR202 NR203',
  'compose-rails-bundle-volume': 'NR102 NR107 NR202',
  'compose-react-express-mysql-targets': 'NR101×2',
  'compose-two-services-two-users': 'NR102×2 NR202',
  'compose-yaml-anchors-flow': 'NR101 NR202×2',
  'devc-compose-extend-existing': 'NR101 NR202',
  'devc-compose-node-postgres': 'NR101',
  'devc-compose-python-mariadb-network': 'NR101 NR202',
  'devc-compose-rails-postgres-parent-context': 'NR101 NR202',
  'devc-dockerfile-bash-history-volume': 'NR101 NR107 NR304',
  'devc-dockerfile-build-context': 'NR101',
  'devc-dockerfile-go-gopath-group': 'NR102 NR103 NR107 NR304×2',
  'devc-dockerfile-legacy-root': 'NR205',
  'devc-dockerfile-node-modules-volume': 'NR101 NR203 NR304', // the docs' node_modules volume
  // /opt/venv, outside $HOME: the CLI's remap leaves it the old UID's (requirements.txt copied to /tmp is a file, no folder)
  'devc-dockerfile-python-opt-venv': 'NR102 NR107 NR304',
  'devc-image-mounts-object-workspacemount': 'NR203',
  'devc-image-root-dotfile': 'NR304',
  'devc-image-typescript-node': 'NR203',
  'devc-root-dotfile-dockerfile-binds': 'NR102 NR103',
  'devc-several-python-node': 'NR101×2 NR202×2',
  'dockerfile-entrypoint-gosu-node': 'NR101 NR107',
  'dockerfile-node-user-node-arg': 'NR102 NR107',
  'go-distroless': 'NR102',
  'go-scratch': 'NR102',
  'go-scratch-compose-proxy': 'NR101',
  'refused-context-outside-repo': 'NR202',
  'refused-devc-compose-file-missing': 'NR101 NR303',
  'refused-devc-service-missing': 'NR303',
  'refused-dockerfile-inline': 'NR202',
};

it('finds, per corpus repo, the rules in the table (before adoption)', () => {
  const found = Object.fromEntries(fixtures.map((f) => [f.name, counts(path.join(REPOS, f.name))]));
  expect(found).toEqual(BEFORE);
});
