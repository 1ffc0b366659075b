// runtime: one image for everyone, remapped when the container starts. The image starts as root;
// its entrypoint takes the target IDs from HOST_UID/HOST_GID, or else from the owner of the mounted
// workspace, re-IDs the user with the same script the build uses (with every collision it handles:
// IDs the base already has, BusyBox's tools and UID cap, large UIDs, a root host; e.g.
// https://github.com/devcontainers/features/issues/531), re-owns $HOME only when the IDs changed,
// and drops to the user with a tool the image already has (util-linux setpriv, BusyBox chpst,
// su-exec or gosu), then execs the command.
// The price: the image's USER is root, so Kubernetes' runAsNonRoot rejects it (docs/strategies.md).
import { sharedImageIds } from './fixed.js';
import type { Strategy } from './types.js';

export const runtime: Strategy = {
  id: 'runtime',
  title: 'runtime: one image for everyone, remapped to you when the container starts (shared dev/CI images)',
  asksIds: false,
  storesIds: true,
  imageIds: sharedImageIds,
  // No `user:`: the entrypoint must start as root to remap; it finds you from the workspace's owner.
  compose: () => ({ args: {} }),
  envFile: () => undefined,
  // The entrypoint remaps the user to the workspace's owner: you.
  runsAs: ({ host }) => ({ uid: host.uid, gid: host.gid }),
  // Dev Containers replace the entrypoint (overrideCommand): there the CLI remaps the user itself.
  devcontainer: () => ({ updateRemoteUserUID: true }),
  image: { entrypoint: 'runtime-entrypoint.sh', endsAsRoot: true },
  needsShell: true,
  fits: (engine) => !engine.rootless,
};
