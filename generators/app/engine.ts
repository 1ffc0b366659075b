// Which container engine answers on this host, and how it maps users: rootful Docker, rootless
// Docker, rootless Podman (also behind a `docker` command), Docker Desktop. Asked with a short
// timeout; no engine is no answer, never a hang. The audit uses it (check --engine); the strategy
// default can too.
import { spawnSync } from 'node:child_process';

export interface EngineFacts {
  name: 'docker' | 'podman';
  /** Container root is the host user; other container UIDs are subordinate IDs (KNOWLEDGE #22, #23). */
  rootless: boolean;
  /** Docker Desktop virtualises bind-mount ownership (KNOWLEDGE #24). */
  desktop: boolean;
}

/** `docker info --format '{{json .}}'` (Docker or Podman's Docker API) -> facts. */
export function parseDockerInfo(info: { SecurityOptions?: string[]; OperatingSystem?: string; Name?: string; ServerVersion?: string; Components?: { Name?: string }[] | null }): EngineFacts {
  const podman = [info.OperatingSystem, ...(info.Components ?? []).map((c) => c.Name)].some((s) => /podman/i.test(s ?? ''));
  return {
    name: podman ? 'podman' : 'docker',
    rootless: (info.SecurityOptions ?? []).some((option) => /(^|,)name=rootless(,|$)/.test(option)),
    desktop: /Docker Desktop/i.test(info.OperatingSystem ?? ''),
  };
}

export function probeEngine(timeout = 3000): EngineFacts | undefined {
  const ran = spawnSync('docker', ['info', '--format', '{{json .}}'], { encoding: 'utf8', timeout });
  if (ran.status !== 0 || !ran.stdout.trim().startsWith('{')) return undefined;
  try {
    return parseDockerInfo(JSON.parse(ran.stdout));
  } catch {
    return undefined;
  }
}
