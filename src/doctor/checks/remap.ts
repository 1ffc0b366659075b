// The Dev Containers CLI re-IDs the devcontainer's user to the host's UID/GID (updateRemoteUserUID),
// but silently skips it when the host's UID belongs to another user of the image, and keeps the
// user's old GID when the host's GID is a group of the image (macOS 20 is Debian's dialout, Linux
// 100 is users): files then get the wrong owner or group (https://github.com/devcontainers/cli/issues/494,
// https://github.com/devcontainers/cli/issues/1284). Read from the known IDs of the base image.
import { View } from '../../core/dockerfile/view.js';
import { knownIds } from '../../core/known-ids.js';
import { serviceNamed } from '../../core/layout/index.js';
import type { DoctorFacts } from '../facts.js';
import type { Check } from './types.js';

export const remap: Check = {
  id: 'remap',
  title: "whether the Dev Containers CLI's UID remap will happen for you",
  run: (facts) => {
    const dc = facts.layout?.devcontainer;
    const user = dc?.user?.name;
    if (!dc || !dc.remap || !user || user === 'root' || facts.host.uid === 0) return [];
    const image = devcontainerImage(facts);
    const ids = image && knownIds(image);
    if (!image || !ids) return [];
    const { uid, gid } = facts.host;
    const owner = ids.users[uid];
    if (owner !== undefined && owner !== user)
      return [
        {
          status: 'fail',
          summary:
            `${dc.file}: the Dev Containers CLI will not re-ID "${user}" to UID ${uid}: in ${image} UID ${uid} is ${owner}'s, ` +
            'and the CLI then skips its remap without a word',
          fix: `run yo nonroot with --username ${owner}, which takes ${owner} over, or with --id-strategy build-arg`,
        },
      ];
    const group = ids.groups[gid];
    if (group !== undefined && group !== user)
      return [
        {
          status: 'warn',
          summary:
            `${dc.file}: the Dev Containers CLI keeps "${user}"'s old GID: in ${image} GID ${gid} is the group ${group}, ` +
            'so files the container writes get another group than yours',
          fix: 'run yo nonroot with --id-strategy build-arg, whose user block joins the existing group instead',
        },
      ];
    return [{ status: 'ok', summary: `${dc.file}: the Dev Containers CLI can re-ID "${user}" to ${uid}:${gid} in ${image}` }];
  },
};

/** The base image the devcontainer's container runs: its image, or the FROM its Dockerfile's built stage starts from. */
function devcontainerImage({ layout, repo }: DoctorFacts): string | undefined {
  const dc = layout?.devcontainer;
  if (!dc) return undefined;
  if (dc.kind === 'image') return dc.image;
  const service = dc.kind === 'compose' && dc.service ? serviceNamed(layout!, dc.service) : undefined;
  if (service && !service.build) return service.image;
  const built = dc.kind === 'dockerfile' ? dc : service?.build;
  const text = built && repo.read(built.dockerfile);
  if (!built || !text) return undefined;
  try {
    return new View(text, built.dockerfile).stage(built.target)?.image;
  } catch {
    return undefined; // check reports a Dockerfile it cannot read
  }
}
