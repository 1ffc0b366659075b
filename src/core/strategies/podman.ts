// podman: rootless Podman maps the host user onto one fixed image user when the container starts
// (`keep-id:uid=…,gid=…`, Podman >= 4.3; https://github.com/containers/podman/issues/15389;
// through compose, https://github.com/containers/podman-compose/issues/166). The image is built
// once with the user at 1000:1000 and every developer's files stay theirs, with no per-host
// rebuild and no .env.
// Without keep-id, container UID 1000 is a subordinate UID on the host and cannot write the
// project folder at all (the e2e suite shows both).
import type { EngineInfo } from '../engine.js';
import { sharedImageIds } from './fixed.js';
import type { Ids, Strategy } from './types.js';

export const keepId = ({ uid, gid }: Ids) => `keep-id:uid=${uid},gid=${gid}`;

export const podman: Strategy = {
  id: 'podman',
  title: 'podman: rootless Podman maps you onto a fixed image user at run time (userns keep-id)',
  asksIds: false,
  storesIds: true,
  imageIds: sharedImageIds,
  compose(input) {
    const ids = this.imageIds(input)!;
    return { args: {}, user: `${ids.uid}:${ids.gid}`, usernsMode: keepId(ids) };
  },
  envFile: () => undefined,
  // keep-id maps you onto the image user: inside, `id` is the image's.
  runsAs(input) {
    return this.imageIds(input)!;
  },
  devcontainer(input) {
    // keep-id already makes the image user you: the CLI's remap would have nothing to do.
    return { updateRemoteUserUID: false, runArgs: [`--userns=${keepId(this.imageIds(input)!)}`] };
  },
  idSays: (ids) => `prints the image user's ${ids!.uid}:${ids!.gid}, which keep-id maps onto you (rootless Podman)`,
  image: {},
  fits: (engine: EngineInfo) => engine.name === 'podman' && engine.rootless,
};
