// build-arg: each developer's own IDs, read from a git-ignored .env at build time.
// compose cannot see bash's $UID (not exported) or $GID (does not exist), so the IDs live under
// names of our own (https://github.com/docker/compose/issues/2380). A clone without .env stops
// with a message saying what to run (`${VAR:?message}`), so nobody silently builds with someone
// else's IDs; the devcontainer refreshes .env on every `devcontainer up` through initializeCommand.
import type { Strategy, StrategyInput } from './types.js';
import { HOST_IDS_SCRIPT } from '../names.js';

/** A compose interpolation that stops a clone without .env with the command to run (compose names the variable itself). */
export const required = (name: string) => `\${${name}:?run sh ${HOST_IDS_SCRIPT}}`;

/** The devcontainer's initializeCommand: refreshes .env on the host before the container starts. */
export const HOST_IDS_COMMAND = `sh "\${localWorkspaceFolder}/${HOST_IDS_SCRIPT}"`;

/** The .env lines host-ids.sh keeps up to date. */
export const hostIdsEnv = ({ host }: StrategyInput) => ({ HOST_UID: String(host.uid), HOST_GID: String(host.gid) });

export const buildArg: Strategy = {
  id: 'build-arg',
  title: "build-arg: each developer's own UID/GID, from a git-ignored .env (recommended)",
  asksIds: false,
  storesIds: false,
  imageIds: () => undefined,
  compose: () => ({
    args: { UID: required('HOST_UID'), GID: required('HOST_GID') },
    user: `${required('HOST_UID')}:${required('HOST_GID')}`,
  }),
  envFile: hostIdsEnv,
  runsAs: ({ host }) => ({ uid: host.uid, gid: host.gid }),
  devcontainer: () => ({
    // The image is already built with the host's IDs: nothing to remap.
    updateRemoteUserUID: false,
    initializeCommand: HOST_IDS_COMMAND,
  }),
  image: {},
  // Under a rootless engine the host's UID inside the container is a subordinate UID outside.
  fits: (engine) => !engine.rootless,
};
