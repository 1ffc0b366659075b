// arbitrary: the image works under any UID with GID 0, as OpenShift and other Kubernetes
// platforms run it. Following OpenShift's image guidelines, without setuid helpers:
// the home, workspace and volume folders belong to group 0 with group permissions equal to the
// owner's (`g=u`), HOME is set in the image, the final USER is `UID:0`, and /etc/passwd is
// group-writable so the entrypoint can add an entry for the running UID (whoami, ssh, git, npm).
// On a developer's engine compose runs it as the host UID with group 0: the arbitrary-UID path,
// with files that belong to the developer.
import { HOST_IDS_COMMAND, hostIdsEnv, required } from './build-arg.js';
import { sharedImageIds } from './fixed.js';
import type { Strategy } from './types.js';

export const arbitrary: Strategy = {
  id: 'arbitrary',
  title: 'arbitrary: runs under any UID with group 0 (OpenShift, Kubernetes platforms with random UIDs)',
  asksIds: false,
  storesIds: true,
  // The image's own default user; OpenShift replaces the UID, never needs the GID.
  imageIds: sharedImageIds,
  compose: () => ({ args: {}, user: `${required('HOST_UID')}:0` }),
  envFile: hostIdsEnv,
  runsAs: ({ host }) => ({ uid: host.uid, gid: 0 }),
  // In a Dev Container the CLI remaps the named user (its group is the user's own, never 0).
  devcontainer: () => ({ updateRemoteUserUID: true, initializeCommand: HOST_IDS_COMMAND }),
  idSays: () => 'prints your UID with group 0, as OpenShift runs it',
  image: { groupZero: true, entrypoint: 'arbitrary-entrypoint.sh' },
  needsShell: true,
  // Files written under the host UID are the host user's on a rootful engine.
  fits: (engine) => !engine.rootless,
};
