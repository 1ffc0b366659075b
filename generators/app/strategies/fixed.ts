// fixed: the IDs are baked in as ARG defaults, for images shipped to servers and CI where no
// developer's host is involved. The host is only consulted for the default answer.
import type { Ids, Strategy } from './types.js';

/** Compose for IDs baked into the image: no build args, and the same numeric `user:`. */
export const bakedCompose = ({ uid, gid }: Ids) => ({ args: {}, user: `${uid}:${gid}` });

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
  devcontainer: () => ({ updateRemoteUserUID: false }),
  image: {},
  // Rootful engines map container IDs 1:1 to the host; a rootless one maps them to subordinate IDs.
  fits: (engine) => !engine.rootless,
};
