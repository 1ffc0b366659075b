// NR205: a volume mounted over a path where the image has no folder of its user's.
// Its public source is cited in `why` below.
import { givesUser, stageFolders } from '../../core/dockerfile/folders.js';
import { isRootUser, stageUser } from '../../core/dockerfile/stage.js';
import type { Rule } from '../rule.js';

export const volumeNotTheUsers: Rule = {
  id: 'NR205',
  name: 'volume-not-the-users',
  severity: 'warning',
  title: "A volume mounted where the image has no folder of its user's",
  why:
    "A fresh named or anonymous volume takes its owner and mode from the image's folder at its " +
    "mount point; where the image has none, or root's, the volume is root's and the non-root user " +
    'cannot write it (`npm install`: EACCES) — the Dev Containers docs add `sudo chown` to ' +
    'postCreateCommand for it (https://code.visualstudio.com/remote/advancedcontainers/improve-performance).',
  fix:
    "`yo nonroot` makes every folder the repo mounts a volume on (compose, devcontainer.json `mounts`) the user's in the image, " +
    'and drops `nocopy` from the volumes of the services it adopts.',
  peers: [],
  check: ({ containers, dockerfiles }) =>
    containers.flatMap((container) => {
      const entry = container.build && dockerfiles.find((d) => d.file === container.build!.dockerfile);
      const stage = entry?.view.stage(container.build!.target);
      if (!entry || !stage) return [];
      // An image that runs as root owns everything (NR101 says so); the rule is about a non-root user.
      const user = stageUser(entry.view, stage.index)?.user;
      if (!user || isRootUser(user)) return [];
      const folders = stageFolders(entry.view, stage);
      return container.mounts
        .filter((m) => m.kind === 'volume' && (m.nocopy || !givesUser(folders, m.target)))
        .map((m) => ({
          file: m.file,
          line: m.line,
          message:
            `${container.name}: ${m.source ? `the volume ${m.source}` : 'an anonymous volume'} at ${m.target}: ` +
            (m.nocopy
              ? "it says nocopy, and Docker gives a new volume its folder's owner only when it copies the folder in, so it is root's"
              : `${entry.file} makes no folder of its user's there, so the volume is root's`),
        }));
    }),
};
