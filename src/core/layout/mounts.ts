// The mounts a container of the repo gets, whoever declares them: a compose service's `volumes`
// (short and long syntax), a Dev Container config's `mounts` (docker's --mount string, or the
// object form) and `workspaceMount`, with the config's variables resolved the way the Dev Containers
// CLI resolves them for this checkout (https://containers.dev/implementors/json_reference/#variables-in-devcontainerjson).
// A fresh named volume takes its owner from the image's folder at its mount point, and a mount
// point nested in a bind mount is created on the host by the engine, as root
// (https://github.com/microsoft/vscode-remote-release/issues/6669): every command asks these.
import { posix } from 'node:path';

export interface Mount {
  kind: 'bind' | 'volume' | 'tmpfs';
  /**
   * bind: the host folder, repo-relative ('.', 'src', '..') or absolute; volume: its name.
   * Undefined: an anonymous volume, or a source made of variables this checkout cannot know.
   */
  source?: string;
  /** The container path, absolute. */
  target: string;
  /** Where it is declared. */
  file: string;
  line: number;
  /** A volume that asks for `nocopy`: new, it is root's whatever the image has at its target. */
  nocopy?: boolean;
}

/** What the config's variables stand for in this checkout. */
export interface Variables {
  /** The checkout's folder name (`${localWorkspaceFolderBasename}`). */
  basename: string;
  /** The container's workspace folder (`${containerWorkspaceFolder}`), once known. */
  workspace?: string;
}

/**
 * `text` with the spec's variables replaced; undefined when one of them cannot be known here
 * (`${localEnv:X}` without a default, `${containerEnv:X}`, `${devcontainerId}`). Host paths
 * (`${localWorkspaceFolder}`) become repo-relative: '.' is the checkout.
 */
export function resolveVariables(text: string, vars: Variables): string | undefined {
  let unknown = false;
  const out = text.replace(/\$\{([^}:]+)(?::([^}:]*))?(?::([^}]*))?\}/g, (whole, name: string, arg?: string, fallback?: string) => {
    const value =
      name === 'localWorkspaceFolderBasename'
        ? vars.basename
        : name === 'localWorkspaceFolder'
          ? '.'
          : name === 'containerWorkspaceFolder'
            ? vars.workspace
            : name === 'containerWorkspaceFolderBasename'
              ? vars.workspace && posix.basename(vars.workspace)
              : name === 'localEnv' && arg !== undefined
                ? fallback
                : undefined;
    if (value === undefined) unknown = true;
    return value ?? whole;
  });
  return unknown ? undefined : out;
}

/** A `--mount` string (`type=volume,source=x,target=/y,readonly`) as its keys; docker's aliases folded. */
function mountKeys(spec: string): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const part of spec.split(',')) {
    const at = part.indexOf('=');
    const key = (at === -1 ? part : part.slice(0, at)).trim();
    const name = key === 'src' ? 'source' : key === 'dst' || key === 'destination' ? 'target' : key;
    keys[name] = at === -1 ? 'true' : part.slice(at + 1).trim();
  }
  return keys;
}

/**
 * One entry of a config's `mounts` (or its `workspaceMount`), string or object form; undefined when
 * it names no target, or a target made of variables this checkout cannot know.
 */
export function devcontainerMount(entry: unknown, vars: Variables, at: { file: string; line: number }): Mount | undefined {
  const keys =
    typeof entry === 'string'
      ? mountKeys(entry)
      : entry !== null && typeof entry === 'object' && !Array.isArray(entry)
        ? (entry as Record<string, unknown>)
        : undefined;
  if (!keys || typeof keys.target !== 'string') return undefined;
  const target = resolveVariables(keys.target, vars);
  if (target === undefined || !posix.isAbsolute(target)) return undefined;
  const kind = keys.type === 'bind' ? 'bind' : keys.type === 'tmpfs' ? 'tmpfs' : 'volume';
  const raw = typeof keys.source === 'string' && keys.source !== '' ? resolveVariables(keys.source, vars) : undefined;
  // A bind's host path: the checkout's own ('${localWorkspaceFolder}/x' -> 'x'), else as written.
  const source = raw !== undefined && kind === 'bind' && !posix.isAbsolute(raw) ? posix.normalize(raw) : raw;
  return { kind, source, target: posix.normalize(target).replace(/(.)\/$/, '$1'), ...at };
}

/** `path` lies strictly inside folder `dir` (both container paths). */
export const isBelow = (path: string, dir: string) => path.startsWith(`${dir.replace(/\/$/, '')}/`);

/**
 * Volumes whose mount point lies inside a bind mount of a host folder: the engine creates that
 * folder on the host (as root, on a rootful engine) before it mounts the volume. Each with the
 * host folder it creates, relative to the bind's source.
 */
export function nestedInBinds(mounts: Mount[]): { volume: Mount; bind: Mount; hostPath: string }[] {
  const binds = mounts.filter((m) => m.kind === 'bind' && m.source !== undefined);
  return mounts
    .filter((m) => m.kind === 'volume')
    .flatMap((volume) => {
      // The innermost bind that holds it: a bind mounted over a sub-folder shadows the outer one.
      const bind = binds.filter((b) => isBelow(volume.target, b.target)).sort((a, b) => b.target.length - a.target.length)[0];
      return bind ? [{ volume, bind, hostPath: posix.join(bind.source!, posix.relative(bind.target, volume.target)) }] : [];
    });
}
