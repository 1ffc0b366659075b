// NR304: the Dev Containers CLI's UID remap re-owns only the user's home, and the image gives the
// user folders elsewhere (src/core/layout/remap.ts). Source: devcontainers/cli
// scripts/updateUID.Dockerfile (`chown -R $NEW_UID:$NEW_GID $HOME_FOLDER`, nothing else).
import { missedByRemap } from '../../core/layout/remap.js';
import type { Rule } from '../rule.js';

export const remapMissesOutsideHome: Rule = {
  id: 'NR304',
  name: 'remap-misses-outside-home',
  severity: 'warning',
  title: "The Dev Containers CLI's remap re-owns only $HOME, and the image gives its user folders elsewhere",
  why:
    'With `updateRemoteUserUID` the Dev Containers CLI rewrites the user to your UID/GID at ' +
    '`devcontainer up` and re-owns only its home (devcontainers/cli scripts/updateUID.Dockerfile); ' +
    'a volume or image folder elsewhere (`/workspaces/app/node_modules`, `/opt/venv`, ' +
    "`/usr/local/bundle`) stays the old UID's, and `npm install` or `pip install` fails there.",
  fix:
    'Build the image with your IDs so nothing is left to remap (`yo nonroot` with build-arg on a ' +
    'compose-based Dev Container), or keep those folders under $HOME.',
  peers: [],
  check: (model) =>
    model.containers.flatMap((container) => {
      const found = missedByRemap(model, container);
      if (!found) return [];
      const dc = container.devcontainer!.file;
      return found.missed.map((m) => ({
        file: m.file,
        line: m.line,
        message:
          m.kind === 'volume'
            ? `${dc} remaps ${found.user} to your IDs, but the volume at ${m.path} is outside its home: it stays the old UID's`
            : `${dc} remaps ${found.user} to your IDs, but ${m.path} (given to it here) is outside its home: it stays the old UID's`,
      }));
    }),
};
