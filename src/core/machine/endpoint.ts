// Where the docker CLI sends its commands, read the way the CLI reads it, without running it:
// DOCKER_HOST, else the context DOCKER_CONTEXT or ~/.docker/config.json's currentContext names
// (its endpoint is in ~/.docker/contexts/meta/<sha256 of the name>/meta.json:
// https://docs.docker.com/engine/manage-resources/contexts/). A remote engine (ssh://, tcp:// to
// another host) runs containers where this machine's UID and GID mean nothing; a VM-based one
// (Docker Desktop, colima, lima, Rancher Desktop, podman machine) shares files through the VM
// (https://github.com/microsoft/vscode-remote-release/issues/2402).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Endpoint {
  /** The address (`unix:///var/run/docker.sock`, `ssh://me@build`); undefined: the default socket. */
  address?: string;
  /** What named it: `DOCKER_HOST`, `context <name>`, or `default`. */
  source: string;
  kind: 'local' | 'remote' | 'vm';
}

const VM_SOCKETS = /\.colima|\/\.lima\/|\/\.rd\/|podman-machine|\/\.docker\/(run|desktop)\/|docker_engine|npipe:/;

export function classifyAddress(address: string | undefined): Endpoint['kind'] {
  if (!address) return 'local';
  if (VM_SOCKETS.test(address)) return 'vm';
  if (/^ssh:\/\//.test(address)) return 'remote';
  const tcp = /^tcp:\/\/(\[[^\]]+\]|[^/:]+)/.exec(address);
  if (tcp) return /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(tcp[1]) ? 'local' : 'remote';
  return 'local';
}

/** The endpoint from the environment and the docker CLI's config folder (DOCKER_CONFIG, else ~/.docker). */
export function readEndpoint(env: NodeJS.ProcessEnv = process.env): Endpoint {
  if (env.DOCKER_HOST) return { address: env.DOCKER_HOST, source: 'DOCKER_HOST', kind: classifyAddress(env.DOCKER_HOST) };
  const config = env.DOCKER_CONFIG ?? path.join(env.HOME ?? os.homedir(), '.docker');
  const name =
    env.DOCKER_CONTEXT ?? (readJson(path.join(config, 'config.json')) as { currentContext?: unknown } | undefined)?.currentContext;
  if (typeof name !== 'string' || name === '' || name === 'default') return { source: 'default', kind: 'local' };
  const digest = createHash('sha256').update(name).digest('hex');
  const meta = readJson(path.join(config, 'contexts', 'meta', digest, 'meta.json')) as
    { Endpoints?: { docker?: { Host?: string } } } | undefined;
  const address = meta?.Endpoints?.docker?.Host;
  return { address, source: `context ${name}`, kind: classifyAddress(address) };
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
