// The audit's findings on an adopted corpus repo (test/fixtures/repos/), as counts per rule: what
// corpus.test.ts checks on each repo it adopts, so that a change in a count is a visible diff.
import { InputError } from '../../src/core/errors.js';
import { audit } from '../../src/check/audit.js';
import { diskRepo } from '../../src/core/layout/index.js';

/** `NR107 NR203×2`: the rules found in the repo at `dir`, with their counts. */
export const counts = (dir: string): string => {
  try {
    const per = new Map<string, number>();
    for (const finding of audit(diskRepo(dir)).findings) per.set(finding.rule, (per.get(finding.rule) ?? 0) + 1);
    return [...per]
      .sort()
      .map(([rule, n]) => (n > 1 ? `${rule}×${n}` : rule))
      .join(' ');
  } catch (error) {
    if (error instanceof InputError) return 'unreadable';
    throw error;
  }
};

// Left after adoption: a docker.sock mount that now needs group_add (NR204), the repo's own chown -R
// and ARG UID (NR107, NR108), a useradd of the repo's (NR103). A service the user did not pick
// but that builds an adopted Dockerfile runs as the user too (no NR202). Every volume is the user's
// (NR203, NR205) and nothing is left to the CLI's remap (NR304).
export const AFTER: Record<string, string> = {
  'compose-flask-dev-envs-target': 'NR204',
  'compose-override-existing-uid-args': 'NR107 NR108',
  'compose-rails-bundle-volume': 'NR107',
  'devc-dockerfile-bash-history-volume': 'NR107',
  'devc-dockerfile-go-gopath-group': 'NR103 NR107',
  'devc-dockerfile-python-opt-venv': 'NR107 NR108', // NR108 counts pip into the user's own venv, as the user, as a root step
  'devc-root-dotfile-dockerfile-binds': 'NR103',
  'dockerfile-entrypoint-gosu-node': 'NR107',
  'dockerfile-node-user-node-arg': 'NR107',
};
