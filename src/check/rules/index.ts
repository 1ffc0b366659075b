// The rule table: adding a rule means adding a module and a row here. docs/rules.md is generated
// from it (`npm run docs`; test/unit/docs.test.ts fails when the page is stale).
import type { Rule } from '../rule.js';
import { idArgsAboveSlowSteps } from './NR108-id-args-above-slow-steps.js';
import { projectMountWithoutUser } from './NR202-project-mount-without-user.js';
import { brokenReference } from './NR303-broken-reference.js';
import { busyboxUidLimit } from './NR105-busybox-uid-limit.js';
import { chownRecursive } from './NR107-chown-recursive.js';
import { uidVariableInCompose } from './NR201-uid-variable-in-compose.js';
import { copyWithoutChown } from './NR106-copy-without-chown.js';
import { devcontainerUserMismatch } from './NR301-devcontainer-user-mismatch.js';
import { hostIdsCommitted } from './NR401-host-ids-committed.js';
import { filesForAnotherUser } from './NR109-files-for-another-user.js';
import { idTakenInBase } from './NR104-id-taken-in-base.js';
import { namedUser } from './NR102-named-user.js';
import { nestedVolumeMountPoint } from './NR203-nested-volume-mount-point.js';
import { uidRemapSkipped } from './NR302-uid-remap-skipped.js';
import { rootfulEngineRootlessSetup } from './NR403-rootful-engine-rootless-setup.js';
import { rootlessEngineUser } from './NR402-rootless-engine-user.js';
import { runsAsRoot } from './NR101-runs-as-root.js';
import { userDropsSocketGroup } from './NR204-user-drops-socket-group.js';
import { volumeNotTheUsers } from './NR205-volume-not-the-users.js';
import { remapMissesOutsideHome } from './NR304-remap-misses-outside-home.js';
import { useraddWithoutL } from './NR103-useradd-without-l.js';
import { kubeletRefusesImageUser } from './NR501-kubelet-refuses-image-user.js';
import { runsAsRootInPod } from './NR502-runs-as-root-in-pod.js';
import { privilegeEscalationAllowed } from './NR503-privilege-escalation-allowed.js';
import { capabilitiesNotDropped } from './NR504-capabilities-not-dropped.js';
import { seccompProfileUnset } from './NR505-seccomp-profile-unset.js';
import { runAsNonRootUnset } from './NR506-run-as-non-root-unset.js';
import { claimWithoutFsGroup } from './NR507-claim-without-fsgroup.js';
import { fsGroupWithoutOnRootMismatch } from './NR508-fsgroup-without-on-root-mismatch.js';
import { fixedIdsOnOpenShift } from './NR509-fixed-ids-on-openshift.js';
import { manifestNotYaml } from './NR510-manifest-not-yaml.js';

export const RULES: readonly Rule[] = [
  runsAsRoot,
  namedUser,
  useraddWithoutL,
  idTakenInBase,
  busyboxUidLimit,
  copyWithoutChown,
  chownRecursive,
  idArgsAboveSlowSteps,
  filesForAnotherUser,
  uidVariableInCompose,
  projectMountWithoutUser,
  nestedVolumeMountPoint,
  userDropsSocketGroup,
  volumeNotTheUsers,
  devcontainerUserMismatch,
  uidRemapSkipped,
  remapMissesOutsideHome,
  brokenReference,
  hostIdsCommitted,
  rootlessEngineUser,
  rootfulEngineRootlessSetup,
  kubeletRefusesImageUser,
  runsAsRootInPod,
  privilegeEscalationAllowed,
  capabilitiesNotDropped,
  seccompProfileUnset,
  runAsNonRootUnset,
  claimWithoutFsGroup,
  fsGroupWithoutOnRootMismatch,
  fixedIdsOnOpenShift,
  manifestNotYaml,
];

export const ruleById = (id: string) => RULES.find((rule) => rule.id === id);
