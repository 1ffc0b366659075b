// NR109: files given (chown, COPY --chown) to a user other than the one the image ends as.
// Node's guide teaches `RUN chown -R node:node /home/node/app` then `USER node`
// (nodejs/docker-node, docs/BestPractices.md); once the image ends as another user or UID (a
// `USER 1000` beside `useradd app`, or a user block that replaced node), the app cannot write its
// own folders: `npm install <pkg>` in the container fails with EACCES.
import { knownIds } from '../../core/known-ids.js';
import { isSystemUser, stageChain, userRefs, type UserRef } from '../../core/dockerfile/refs.js';
import { blockUser } from '../../core/dockerfile/users.js';
import type { Stage, View } from '../../core/dockerfile/view.js';
import { isRootUser, instructionLine, stageUser } from '../../core/dockerfile/stage.js';
import { eachBuiltStage } from '../visit.js';
import type { Rule } from '../rule.js';

export const filesForAnotherUser: Rule = {
  id: 'NR109',
  name: 'files-for-another-user',
  severity: 'error',
  title: 'Files given to a user the image does not end as',
  why:
    'A `chown` or `COPY --chown` to one user, and the stage ending as ' +
    "another user or UID, leaves the app's own folders to a UID the " +
    'container does not run as: writing its dependencies fails with EACCES ' +
    '(nodejs/docker-node docs/BestPractices.md teaches `chown -R node:node` ' +
    'then `USER node`; a later `USER`, or a user at another UID, breaks ' +
    'it).',
  fix:
    '`yo nonroot` takes over the user the Dockerfile names: it re-IDs that ' +
    'user in place (or renames it with --username) above the first step ' +
    'that gives it files, so they belong to the user the image ends as.',
  peers: [],
  check: ({ dockerfiles }) =>
    eachBuiltStage(dockerfiles, (view, index, file) => {
      const last = stageUser(view, index);
      if (!last || isRootUser(last.user)) return [];
      const stage = view.stages[index];
      const mine = identities(view, stage, last.user);
      if (!mine) return [];
      const refs = stageChain(view, stage).flatMap((s) => userRefs(view, s));
      return refs
        .filter((r) => gives(r) && !mine.has(r.user))
        .map((r) => ({
          file,
          line: instructionLine(r.instruction),
          message:
            `${r.via === '--chown' ? `${r.instruction.getKeyword()} --chown` : r.via} ` +
            `gives ${r.targets.join(' ') || 'files'} to ${r.user}, but the stage ends ` +
            `as ${last.user} (line ${last.line})`,
        }));
    }),
};

/** A chown, --chown or install -o to a named or numeric non-root user (a variable cannot be told). */
const gives = (ref: UserRef) =>
  ['chown', '--chown', 'install'].includes(ref.via) && ref.user !== '' && !ref.user.includes('$') && !isSystemUser(ref.user);

/**
 * The names and UIDs the stage's final user goes by: itself; for a number, the account the file
 * made at it and the image's known user there; for the generator's block, its user and the one it
 * took over (re-IDed or renamed to it). Undefined: a user given by a variable the audit cannot read.
 */
function identities(view: View, stage: Stage, user: string): Set<string> | undefined {
  const [name] = user.split(':');
  const block = blockUser(view, stage);
  if (!block && name.includes('$')) return undefined;
  const ids = new Set([name, block?.username, block?.takeover].filter((id): id is string => id !== undefined));
  const refs = stageChain(view, stage).flatMap((s) => userRefs(view, s));
  const known = knownIds(stage.image)?.users ?? {};
  for (const id of [...ids]) {
    if (/^\d+$/.test(id)) {
      if (known[Number(id)]) ids.add(known[Number(id)]);
      for (const r of refs) if (r.creates && r.uid === Number(id)) ids.add(r.user);
    } else {
      for (const r of refs) if (r.creates && r.user === id && r.uid !== undefined) ids.add(String(r.uid));
      const uid = Object.entries(known).find(([, n]) => n === id)?.[0];
      if (uid) ids.add(uid);
    }
  }
  return ids;
}
