// The scripts a Dockerfile copies in and runs, read for the lines that name a user the run renames.
import { scriptsNaming } from '../../src/app/scripts.js';
import { View } from '../../src/core/dockerfile/view.js';
import { memoryRepo } from '../../src/core/layout/index.js';

const repo = memoryRepo({
  'docker/Dockerfile':
    'FROM alpine AS base\nCOPY entrypoint.sh /usr/local/bin/\nFROM base\nCOPY --from=base /etc/x /etc/x\n' +
    'COPY app.py setup.sh /app/\nENTRYPOINT ["entrypoint.sh"]\n',
  'docker/entrypoint.sh': '#!/bin/sh\n# su-exec app: drops to the user\nchown -R app:app /data\nexec su-exec app "$@"\n',
  'docker/setup.sh': 'id appuser\ngosu apple true\n',
  'docker/app.py': 'os.system("gosu app x")\n',
});

it('names each line of a copied script that runs as or gives files to the user, and nothing else', () => {
  const view = new View(repo.read('docker/Dockerfile')!, 'docker/Dockerfile');
  expect(scriptsNaming(repo, view, 1, 'docker', 'app')).toEqual([
    'docker/entrypoint.sh:3 chown -R app:app /data',
    'docker/entrypoint.sh:4 exec su-exec app "$@"',
  ]);
  expect(scriptsNaming(repo, view, 1, 'docker', 'nobody-here')).toEqual([]);
});
