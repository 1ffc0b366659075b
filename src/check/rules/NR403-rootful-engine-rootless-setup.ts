// NR403: the engine is rootful, and a service is set up for a rootless one: `user: "0:0"` over the
// project mount (rootless-docker's, where container root is you) or Podman's keep-id on Docker.
// The mirror of NR402. Its public sources are cited in `why` below.
import { projectMount } from '../../core/layout/index.js';
import type { Rule } from '../rule.js';

export const rootfulEngineRootlessSetup: Rule = {
  id: 'NR403',
  name: 'rootful-engine-rootless-setup',
  severity: 'warning',
  title: 'A rootful engine, and a service set up for a rootless one',
  why:
    'Container root is only the host user under a rootless engine; on a ' +
    'rootful one it is root, and files it writes into the project folder ' +
    "are root's. `userns_mode: keep-id` is Podman's: Docker rejects it " +
    '(moby/moby#42134, containers/podman-compose#166).',
  fix: '`yo nonroot --id-strategy build-arg` (or the strategy `yo nonroot` picks for this host) writes a user with your IDs instead.',
  peers: [],
  check: ({ engine, composeProjects }) =>
    engine && !engine.rootless && !engine.desktop
      ? composeProjects.flatMap((project) =>
          project.services.flatMap((service) => {
            const keepId = service.usernsMode?.startsWith('keep-id') && engine.name === 'docker';
            const root = service.user !== undefined && /^(0|root)(:|$)/.test(service.user) && projectMount(service) !== undefined;
            if (keepId)
              return [
                {
                  file: service.file,
                  line: service.line,
                  message: `${service.name} asks for Podman's userns_mode keep-id, which rootful Docker rejects`,
                },
              ];
            if (root)
              return [
                {
                  file: service.file,
                  line: service.line,
                  message:
                    `${service.name} runs as root over the project folder on rootful ` + `${engine.name}: files it writes there are root's`,
                },
              ];
            return [];
          }),
        )
      : [],
};
