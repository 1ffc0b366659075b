// fixed: the IDs are baked in as ARG defaults, for images shipped to servers and CI where no
// developer's host is involved. The host is only consulted for the default answer.
import type { Ids, Strategy, StrategyInput } from './types.js';

/** Compose for IDs baked into the image: no build args, and the same numeric `user:`. */
export const bakedCompose = ({ uid, gid }: Ids) => ({ args: {}, user: `${uid}:${gid}` });

/**
 * The one user an image shares among everyone (devcontainer, podman, rootless-docker, arbitrary,
 * runtime): 1000:1000, where ubuntu/node/vscode users live and the user block takes that UID over,
 * so the Dev Containers CLI's remap (which silently skips a UID another image user holds) works.
 */
export const SHARED_IDS: Ids = { uid: 1000, gid: 1000 };
export const sharedImageIds = ({ ids }: StrategyInput): Ids => ({ uid: ids.uid ?? SHARED_IDS.uid, gid: ids.gid ?? SHARED_IDS.gid });

export const fixed: Strategy = {
  id: 'fixed',
  title: 'fixed: one UID/GID baked into the image (servers, CI, Kubernetes)',
  asksIds: true,
  storesIds: true,
  imageIds: ({ host, ids }) => ({ uid: ids.uid ?? host.uid, gid: ids.gid ?? host.gid }),
  compose(input) {
    return bakedCompose(this.imageIds(input)!);
  },
  envFile: () => undefined,
  runsAs(input) {
    return this.imageIds(input)!;
  },
  devcontainer: () => ({ updateRemoteUserUID: false }),
  idSays: () => 'prints the IDs baked into the image',
  image: {},
  // Rootful engines map container IDs 1:1 to the host; a rootless one maps them to subordinate IDs.
  fits: (engine) => !engine.rootless,
};
