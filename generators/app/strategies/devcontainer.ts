// devcontainer: the image has one fixed user and the Dev Containers CLI remaps it to the host
// user at `devcontainer up` (updateRemoteUserUID, KNOWLEDGE #27). The CLI silently does nothing
// when the host UID belongs to another image user, so the image user sits at 1000, where
// ubuntu/node/vscode users live, and the user block takes that UID over from them.
import { bakedCompose } from './fixed.js';
import type { Ids, Strategy } from './types.js';

export const DEVCONTAINER_IDS: Ids = { uid: 1000, gid: 1000 };

export const devcontainer: Strategy = {
  id: 'devcontainer',
  title: 'devcontainer: a fixed user that the Dev Containers CLI remaps to you at `devcontainer up`',
  asksIds: false,
  storesIds: true,
  imageIds: ({ ids }) => ({ uid: ids.uid ?? DEVCONTAINER_IDS.uid, gid: ids.gid ?? DEVCONTAINER_IDS.gid }),
  compose(input) {
    return bakedCompose(this.imageIds(input)!);
  },
  envFile: () => undefined,
  devcontainer: () => ({ updateRemoteUserUID: true }),
  image: {},
  fits: (engine) => !engine.rootless,
};
