// The engine that answers, and whether it runs on this machine: a remote engine (DOCKER_HOST=ssh://,
// a context of another host) runs containers where this machine's IDs mean nothing, and a VM-based
// one shares files through the VM (https://github.com/microsoft/vscode-remote-release/issues/2402,
// https://github.com/loft-sh/devpod/issues/1284).
import { describeEngine } from '../../core/engine.js';
import { inVm } from '../facts.js';
import type { Check } from './types.js';

export const engine: Check = {
  id: 'engine',
  title: 'the container engine that answers, rootful or rootless, and where it runs',
  run: (facts) => {
    const { engine, endpoint, machine } = facts;
    const via = endpoint.address ? `${endpoint.address} (${endpoint.source})` : 'the default socket';
    if (endpoint.kind === 'remote')
      return [
        {
          status: 'warn',
          summary: `the engine is ${via}, another machine: containers run there, where your UID and GID mean nothing`,
          fix: 'run yo nonroot and doctor on the machine that runs the containers, or unset DOCKER_HOST / docker context use default',
        },
      ];
    if (!engine)
      return [
        {
          status: 'warn',
          summary: `no engine answered (docker info, podman info; 2 s each) at ${via}`,
          fix: 'start Docker or Podman, or join the group that may use its socket (docker); the rest of this report does not need it',
        },
      ];
    const name = describeEngine(engine);
    const elsewhere = engine.host !== undefined && engine.host !== machine;
    if (engine.desktop || inVm(facts))
      return [
        {
          status: 'info',
          summary:
            `${name} answers at ${via}, in a VM${elsewhere ? ` (${engine.host})` : ''}: bind mounts are shared through it, ` +
            'which usually gives your files to you whatever the container UID',
          details: ['teammates on Linux run the same files on a local engine: keep the strategy that fits theirs'],
        },
      ];
    return [{ status: 'ok', summary: `${name} answers at ${via}` }];
  },
};
