// Pure validators: each returns true, or the rule the value broke (the caller adds the flag name).
// They are strict on purpose: every value lands in a Dockerfile, a shell script, YAML or JSON, and
// a value that passes here can neither inject shell into a RUN line nor structure into a file.
import { isPlainContainerPath } from '../core/names.js';

export type Verdict = true | string;

export const MAX_ID = 2 ** 31 - 2; // the largest UID/GID shadow and the kernel agree on (2^31-1 is reserved)

export function username(value: string): Verdict {
  if (value === 'root') return 'must not be root: the point is a non-root user, e.g. dev';
  if (!/^[a-z_][a-z0-9_-]{0,31}$/.test(value)) {
    return 'must start with a lowercase letter or _, then use only a-z, 0-9, _ or -, at most 32 characters, e.g. dev';
  }
  return true;
}

export function id(value: string): Verdict {
  if (!/^[0-9]+$/.test(value)) return `must be a whole number from 1 to ${MAX_ID}, e.g. 1000`;
  const n = Number(value);
  if (n < 1 || n > MAX_ID) return `must be from 1 to ${MAX_ID} (0 is root), e.g. 1000`;
  return true;
}

// Docker's reference grammar (distribution/reference): [domain/]path[:tag][@digest].
const alnum = '[a-z0-9]+';
const separator = '(?:[._]|__|-+)';
const pathComponent = `${alnum}(?:${separator}${alnum})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const host = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])`;
const domain = `${host}(?::[0-9]+)?`;
const name = `(?:${domain}/)?${pathComponent}(?:/${pathComponent})*`;
const tag = '[\\w][\\w.-]{0,127}';
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const reference = new RegExp(`^(${name})(?::${tag})?(?:@${digest})?$`);

export function imageReference(value: string): Verdict {
  const match = reference.exec(value);
  if (!match || match[1].length > 255) {
    return (
      'must be an image reference like debian:trixie-slim, node:22 or ' +
      'ghcr.io/org/image:tag (lowercase name, optional :tag and ' +
      '@sha256:digest)'
    );
  }
  return true;
}

// The compose spec's pattern for service names; the first character is narrowed to a letter or
// digit so the name reads as a plain YAML key and a container hostname.
export function serviceName(value: string): Verdict {
  if (!/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/.test(value) || value.length > 63) {
    return 'must start with a letter or digit, then use only letters, digits, ., _ or -, at most 63 characters, e.g. app';
  }
  return true;
}

// Paths the project folder must never be mounted over: the container would stop working.
const systemDirs = new Set([
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/lib',
  '/lib64',
  '/proc',
  '/root',
  '/run',
  '/sbin',
  '/sys',
  '/tmp',
  '/usr',
  '/var',
]);

/** A container path used in compose's short volume syntax, shell and YAML. */
function containerPath(value: string, example: string, what: string): Verdict {
  if (!value.startsWith('/')) return `must be an absolute path inside the container, ${example}`;
  // No ':' (it splits compose's short volume syntax), no spaces or quotes (they reach shell and YAML).
  if (!isPlainContainerPath(value)) {
    return `must be /-separated names made of letters, digits, ., _, @, + or - (no trailing /), ${example}`;
  }
  if (value.split('/').some((part) => part === '.' || part === '..')) return `must not contain . or .. segments, ${example}`;
  if (systemDirs.has(value)) return `must not be the system directory ${value}: ${what} is mounted there, ${example}`;
  return true;
}

export const workspacePath = (value: string) => containerPath(value, 'e.g. /workspace', 'the project folder');

/** Comma-separated container paths, each to become a named volume the user owns. */
export function volumePaths(value: string): Verdict {
  const example = 'e.g. /home/dev/.cache,/workspace/node_modules';
  for (const path of value.split(',')) {
    const verdict = containerPath(path, example, 'a volume');
    if (verdict !== true) return `${path}: ${verdict}`;
  }
  return true;
}

export function oneOf(allowed: readonly string[]) {
  return (value: string): Verdict => (allowed.includes(value) ? true : `must be one of ${allowed.join(', ')}, e.g. ${allowed[0]}`);
}

/** Comma-separated compose service names ('' only where the repo has no compose services to adopt). */
export function serviceNames(value: string): Verdict {
  const names = value.split(',');
  for (const name of names) {
    const verdict = serviceName(name);
    if (verdict !== true) return names.length === 1 ? `${verdict}; several: app,worker` : `${JSON.stringify(name)}: ${verdict}`;
  }
  return true;
}

/** A devcontainer.json inside the repo, as the repo-relative path the Dev Containers CLI would find. */
export function devcontainerPath(value: string): Verdict {
  if (!/^(\.devcontainer\/([A-Za-z0-9._-]+\/)?devcontainer\.json|\.devcontainer\.json)$/.test(value)) {
    return 'must be .devcontainer/devcontainer.json, .devcontainer.json or .devcontainer/<name>/devcontainer.json';
  }
  return true;
}
