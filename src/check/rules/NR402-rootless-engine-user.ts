// NR402: the engine is rootless and a service's user: does not account for it.
// Sources: https://github.com/moby/moby/issues/42134, https://github.com/microsoft/vscode-remote-release/issues/4646,
// https://github.com/containers/podman/issues/15389.
import type { Rule } from '../rule.js';

export const rootlessEngineUser: Rule = {
  id: 'NR402',
  name: 'rootless-engine-user',
  severity: 'warning',
  title: 'A rootless engine, and `user:` host IDs without a user-namespace mapping',
  why:
    'Under rootless Docker or Podman only container root is the host user; ' +
    'a container UID like 1000 is a subordinate ID on the host, so files it ' +
    'writes are not yours or writing fails with "Permission denied" ' +
    '(moby/moby#42134, containers/podman#15389).',
  fix:
    'Under rootless Podman set `userns_mode: "keep-id:uid=1000,gid=1000"` ' +
    'on the service; under rootless Docker run as container root, which is ' +
    'you on the host.',
  peers: [],
  check: ({ engine, composeProjects }) =>
    engine?.rootless
      ? composeProjects.flatMap((project) =>
          project.services
            .filter((service) => service.user !== undefined && !/^(0|root)(:|$)/.test(service.user) && service.usernsMode === undefined)
            .map((service) => ({
              file: service.file,
              line: service.line,
              message:
                `${service.name} runs as ${service.user} on rootless ${engine.name}: files ` + `it writes in bind mounts will not be yours`,
            })),
        )
      : [],
};
