// Which container engine answers on this host, and how it maps users: rootful Docker, rootless
// Docker, rootless Podman (also behind a `docker` command or Podman's Docker API), Docker Desktop.
// Asked with a short timeout; no engine is no answer, never a hang. The audit uses it
// (check --engine) and so does the strategy default (strategies/detect.ts).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

export interface EngineInfo {
  name: 'docker' | 'podman';
  /**
   * Container root is the host user; other container UIDs are subordinate IDs
   * (https://github.com/moby/moby/issues/42134, https://github.com/containers/podman/issues/15389).
   */
  rootless: boolean;
  /** Docker Desktop virtualises bind-mount ownership (https://github.com/docker/for-mac/issues/117). */
  desktop: boolean;
  /** The engine's machine name (`docker info`'s Name, `podman info`'s host.hostname): another than this one's is a VM or a remote host. */
  host?: string;
  /** The command that answered: `docker` also when it talks to Podman's Docker API (DOCKER_HOST). */
  client?: 'docker' | 'podman';
}

interface DockerInfo {
  SecurityOptions?: string[] | null;
  OperatingSystem?: string;
  Name?: string;
  ServerVersion?: string;
  Components?: { Name?: string }[] | null;
  DockerRootDir?: string;
}
interface PodmanInfo {
  host: { security?: { rootless?: boolean }; hostname?: string };
}

/** `docker info --format '{{json .}}'` (Docker, or Podman's Docker API) or `podman info --format json` -> facts. */
export function parseEngineInfo(info: DockerInfo | PodmanInfo): EngineInfo {
  if ('host' in info && info.host && typeof info.host === 'object') {
    return { name: 'podman', rootless: info.host.security?.rootless === true, desktop: false, host: info.host.hostname, client: 'podman' };
  }
  const docker = info as DockerInfo;
  // Podman 4.3's Docker API names neither itself nor rootless mode (recorded in
  // test/fixtures/engines/podman-docker-api.json); its storage root gives both away:
  // /var/lib/containers/storage rootful, ~/.local/share/containers/storage rootless.
  const root = docker.DockerRootDir ?? '';
  const podman =
    /\/containers\/storage$/.test(root) ||
    [docker.OperatingSystem, ...(docker.Components ?? []).map((c) => c.Name)].some((s) => /podman/i.test(s ?? ''));
  return {
    name: podman ? 'podman' : 'docker',
    rootless:
      (docker.SecurityOptions ?? []).some((option) => /(^|,)name=rootless(,|$)/.test(option)) || (podman && !root.startsWith('/var/lib/')),
    desktop: /Docker Desktop/i.test(docker.OperatingSystem ?? ''),
    host: docker.Name,
    client: 'docker',
  };
}

/** One line naming an engine, for messages. */
export function describeEngine(engine: EngineInfo): string {
  if (engine.desktop) return 'Docker Desktop';
  return `${engine.rootless ? 'rootless' : 'rootful'} ${engine.name === 'podman' ? 'Podman' : 'Docker'}`;
}

const ASK: [string, string[]][] = [
  ['docker', ['info', '--format', '{{json .}}']],
  ['podman', ['info', '--format', 'json']],
];

/**
 * Asks `docker info`, then `podman info`; undefined when neither answers within `timeout` ms each.
 * NONROOT_ENGINE_INFO names a recorded output to use instead (tests; `none`: no engine).
 */
export function probeEngine(timeout = 2000): EngineInfo | undefined {
  const recorded = process.env.NONROOT_ENGINE_INFO;
  if (recorded) return recorded === 'none' ? undefined : parseEngineInfo(JSON.parse(fs.readFileSync(recorded, 'utf8')));
  for (const [command, args] of ASK) {
    // env passed on purpose: under jest, process.env is the test's own copy.
    const ran = spawnSync(command, args, { encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'ignore'], env: process.env });
    if (ran.status !== 0 || !ran.stdout?.trim().startsWith('{')) continue;
    try {
      return parseEngineInfo(JSON.parse(ran.stdout));
    } catch {
      // Not JSON after all (an old client): try the next engine.
    }
  }
  return undefined;
}
