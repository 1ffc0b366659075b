// The Dev Containers CLI re-IDs the devcontainer's user to the host's UID/GID (updateRemoteUserUID),
// but silently skips it when the host's UID belongs to another user of the image, and keeps the
// user's old GID when the host's GID is a group of the image (macOS 20 is Debian's dialout, Linux
// 100 is users): files then get the wrong owner or group (https://github.com/devcontainers/cli/issues/494,
// https://github.com/devcontainers/cli/issues/1284). Read from the base image's /etc/passwd and
// /etc/group when it is on this machine, else from the known IDs of its name.
import { knownIds } from '../../core/known-ids.js';
import { devcontainerImage } from '../facts.js';
import { missedByRemap } from '../../core/layout/remap.js';
import type { Check } from './types.js';

export const remap: Check = {
  id: 'remap',
  title: "whether the Dev Containers CLI's UID remap will happen for you",
  run: (facts) => {
    const dc = facts.layout?.devcontainer;
    const user = dc?.user?.name;
    if (!dc || !dc.remap || !user || user === 'root' || facts.host.uid === 0) return [];
    const image = devcontainerImage(facts);
    // The image's own /etc/passwd when it is on this machine, else what is known of its name.
    const ids = facts.imageIds ?? (image && knownIds(image));
    if (!image || !ids) return [];
    const { uid, gid } = facts.host;
    const seen = facts.imageIds ? ' (its /etc/passwd here)' : '';
    const owner = ids.users[uid];
    if (owner !== undefined && owner !== user)
      return [
        {
          status: 'fail',
          summary:
            `${dc.file}: the Dev Containers CLI will not re-ID "${user}" to UID ${uid}: in ${image}${seen} UID ${uid} is ${owner}'s, ` +
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
    const ok = { status: 'ok' as const, summary: `${dc.file}: the Dev Containers CLI can re-ID "${user}" to ${uid}:${gid} in ${image}` };
    // It re-owns only the home: what the image gave the user elsewhere keeps the image's UID.
    const container = facts.model?.containers.find((c) => c.devcontainer?.file === dc.file);
    const missed = container && facts.model ? (missedByRemap(facts.model, container)?.missed ?? []) : [];
    const before = Object.entries(ids.users).find(([, name]) => name === user)?.[0];
    if (missed.length === 0 || before === String(uid)) return [ok];
    return [
      ok,
      {
        status: 'fail',
        summary:
          `${dc.file}: the CLI re-owns only ${user}'s home, so ${missed.map((m) => `${m.path} (${m.file}:${m.line})`).join(', ')} ` +
          `stay${missed.length === 1 ? 's' : ''} the image's UID, not yours: writing there fails (EACCES)`,
        fix: 'generator-nonroot check names them (NR304); keep them under $HOME, or build the image with your IDs (yo nonroot)',
      },
    ];
  },
};
