// devcontainer: the image has one fixed user and the Dev Containers CLI remaps it to the host
// user at `devcontainer up` (updateRemoteUserUID; devcontainers/cli, scripts/updateUID.Dockerfile).
// The CLI silently does nothing when the host UID belongs to another image user, so the image user
// sits at 1000 (SHARED_IDS).
import { bakedCompose, sharedImageIds } from './fixed.js';
import type { Strategy } from './types.js';

export const devcontainer: Strategy = {
  id: 'devcontainer',
  title: 'devcontainer: a fixed user that the Dev Containers CLI remaps to you at `devcontainer up`',
  asksIds: false,
  storesIds: true,
  imageIds: sharedImageIds,
  compose(input) {
    return bakedCompose(this.imageIds(input)!);
  },
  envFile: () => undefined,
  runsAs(input) {
    return this.imageIds(input)!;
  },
  devcontainer: () => ({ updateRemoteUserUID: true }),
  idSays: (ids) => `prints ${ids!.uid}:${ids!.gid}; devcontainer up remaps it to you`,
  image: {},
  fits: (engine) => !engine.rootless,
};
