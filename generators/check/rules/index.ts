// The rule table: adding a rule means adding a module and a row here. The README's rule table
// lists the same rows (a test keeps the two in step).
import type { Rule } from '../rule.js';
import { argUidCache } from './arg-uid-cache.js';
import { bindWithoutUser } from './bind-without-user.js';
import { brokenReference } from './NR303-broken-reference.js';
import { busyboxUidLimit } from './busybox-uid-limit.js';
import { chownRecursive } from './chown-recursive.js';
import { composeUidVariable } from './compose-uid-variable.js';
import { copyWithoutChown } from './copy-without-chown.js';
import { devcontainerUserMismatch } from './devcontainer-user-mismatch.js';
import { envTracked } from './env-tracked.js';
import { filesForAnotherUser } from './NR109-files-for-another-user.js';
import { knownIdCollision } from './known-id-collision.js';
import { namedUser } from './named-user.js';
import { nestedVolume } from './nested-volume.js';
import { remapSkipped } from './remap-skipped.js';
import { rootfulEngine } from './rootful-engine.js';
import { rootlessEngine } from './rootless-engine.js';
import { rootUser } from './root-user.js';
import { socketWithoutGroup } from './socket-without-group.js';
import { useraddLastlog } from './useradd-lastlog.js';

export const RULES: readonly Rule[] = [
  rootUser,
  namedUser,
  useraddLastlog,
  knownIdCollision,
  busyboxUidLimit,
  copyWithoutChown,
  chownRecursive,
  argUidCache,
  filesForAnotherUser,
  composeUidVariable,
  bindWithoutUser,
  nestedVolume,
  socketWithoutGroup,
  devcontainerUserMismatch,
  remapSkipped,
  brokenReference,
  envTracked,
  rootlessEngine,
  rootfulEngine,
];

export const ruleById = (id: string) => RULES.find((rule) => rule.id === id);
