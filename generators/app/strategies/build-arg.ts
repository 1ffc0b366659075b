// build-arg: each developer's own IDs, read from a git-ignored .env at build time.
// compose cannot see bash's $UID (not exported) or $GID (does not exist), KNOWLEDGE #13, so the
// IDs live under names of our own. A clone without .env stops with a message saying what to run
// (`${VAR:?message}`), so nobody silently builds with someone else's IDs; the devcontainer
// refreshes .env on every `devcontainer up` through initializeCommand.
import type { Strategy } from './types.js';

export const HOST_IDS_SCRIPT = '.nonroot/host-ids.sh';

const required = (name: string) =>
  `\${${name}:?is not set - run sh ${HOST_IDS_SCRIPT} to write your IDs to .env}`;

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
  envFile: ({ host }) => ({ HOST_UID: String(host.uid), HOST_GID: String(host.gid) }),
  devcontainer: {
    // The image is already built with the host's IDs: nothing to remap.
    updateRemoteUserUID: false,
    initializeCommand: `sh "\${localWorkspaceFolder}/${HOST_IDS_SCRIPT}"`,
  },
};
