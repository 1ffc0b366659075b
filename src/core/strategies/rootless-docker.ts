// rootless-docker: under rootless Docker only container root is the host user; every other
// container UID is a subordinate UID on the host (https://github.com/moby/moby/issues/42134), and
// Docker has no keep-id. So on the developer's engine the container runs as root, which there is
// the developer's own unprivileged account, and the files it writes are theirs. The image itself
// still has the user and ends with a numeric non-root USER, so the same image deploys to
// Kubernetes (runAsNonRoot) or a rootful host unchanged: only compose and devcontainer.json say root.
import { sharedImageIds } from './fixed.js';
import type { Strategy } from './types.js';

export const rootlessDocker: Strategy = {
  id: 'rootless-docker',
  title: 'rootless-docker: you are container root under rootless Docker; the image keeps a non-root USER',
  asksIds: false,
  storesIds: true,
  imageIds: sharedImageIds,
  // Container root = the host user; the image's USER stays for deployment.
  compose: () => ({ args: {}, user: '0:0' }),
  envFile: () => undefined,
  runsAs: () => ({ uid: 0, gid: 0 }),
  devcontainer: () => ({ updateRemoteUserUID: false, runAs: 'root' }),
  idSays: () => 'prints 0:0: container root, which under rootless Docker is you',
  image: {},
  fits: (engine) => engine.name === 'docker' && engine.rootless,
};
