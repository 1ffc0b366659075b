// NR302: updateRemoteUserUID relied on where the Dev Containers CLI skips it.
// Sources: devcontainers/cli, src/spec-node/containerFeatures.ts and scripts/updateUID.Dockerfile.
import { isNumericUser, isRootUser } from '../../core/dockerfile/stage.js';
import type { Rule } from '../rule.js';
import { jsonLine } from '../../core/parse.js';

export const uidRemapSkipped: Rule = {
  id: 'NR302',
  name: 'uid-remap-skipped',
  severity: 'warning',
  title: '`updateRemoteUserUID` relied on where the CLI skips it',
  why:
    "The Dev Containers CLI remaps the remote user's UID/GID only on Linux " +
    'hosts and only for a named, non-root user; for root or a numeric user ' +
    'it silently does nothing, and files in the workspace keep the ' +
    "container's IDs (devcontainers/cli containerFeatures.ts).",
  fix:
    '`yo nonroot` names the user it creates in containerUser/remoteUser, or ' +
    'builds the image with your IDs (build-arg) and turns the remap off.',
  peers: [],
  check: ({ devcontainers, repo }) =>
    devcontainers.flatMap((dc) => {
      if (dc.json.updateRemoteUserUID === false) return [];
      const user = (dc.json.remoteUser ?? dc.json.containerUser) as string | undefined;
      if (typeof user !== 'string' || !(isRootUser(user) || /^\d+(:\d+)?$/.test(user) || isNumericUser(user))) return [];
      const key = dc.json.remoteUser !== undefined ? 'remoteUser' : 'containerUser';
      return [
        {
          file: dc.file,
          line: jsonLine(repo.read(dc.file) ?? '', [key]),
          message: `"${key}": "${user}" is ${isRootUser(user) ? 'root' : 'numeric'}: updateRemoteUserUID does nothing for it`,
        },
      ];
    }),
};
