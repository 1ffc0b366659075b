// Does a manifest's `image:` name the image this repo builds (a compose service's, a Dockerfile's)?
// References are read with Docker's grammar (distribution/reference `normalize.go`): a first
// component with a `.` or `:`, or `localhost`, is a registry; none means docker.io, where a
// one-part name is `library/<name>`. The same repository matches with or without a registry and
// organisation in front (`app` is pushed as `ghcr.io/org/app`; Podman names a local build
// `localhost/app`), never across two registries both written out.
export interface ImageRef {
  /** The registry as written (lower-case), undefined when none is written. */
  domain?: string;
  /** Path components, `library/` of Docker Hub's official images taken off. */
  path: string[];
  tag?: string;
  digest?: string;
}

/** An image the repo builds; `implicitTag`: the build names no tag (compose builds `:latest`, CI pushes its own tags). */
export interface BuiltImage {
  ref: string;
  implicitTag?: boolean;
}

export type ImageMatch =
  { match: true; how: 'exact' | 'untagged-build' | 'digest' | 'variable-tag' } | { match: false; why: 'name' | 'tag' | 'unreadable' };

const VARIABLE = /\$|\{\{/;
const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
/** Registries that are this machine's own: a local build's name, not a place it was pushed to. */
const LOCAL = new Set(['localhost', 'localhost:5000', '127.0.0.1:5000']);

/** The `:` before the tag: the last one outside `${…}` (`app:${VERSION:-dev}`); -1 when none. */
function tagColon(named: string): number {
  let depth = 0;
  let found = -1;
  for (let i = 0; i < named.length; i += 1) {
    if (named.startsWith('${', i)) depth += 1;
    else if (named[i] === '}' && depth > 0) depth -= 1;
    else if (named[i] === ':' && depth === 0) found = i;
  }
  return found;
}

/** A reference's parts; undefined when it is not one (empty, or a variable in its name). */
export function parseImage(reference: string): ImageRef | undefined {
  const ref = reference.trim();
  if (ref === '') return undefined;
  const at = ref.indexOf('@');
  const digest = at === -1 ? undefined : ref.slice(at + 1);
  const named = at === -1 ? ref : ref.slice(0, at);
  const colon = tagColon(named);
  const tagged = colon > named.lastIndexOf('/');
  const tag = tagged ? named.slice(colon + 1) : undefined;
  const name = tagged ? named.slice(0, colon) : named;
  if (name === '' || VARIABLE.test(name) || /\s/.test(name)) return undefined;
  const parts = name.split('/');
  const hasDomain = parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === 'localhost');
  const written = hasDomain ? parts[0].toLowerCase() : undefined;
  const domain = written !== undefined && DOCKER_HUB.has(written) ? 'docker.io' : written;
  let path = hasDomain ? parts.slice(1) : parts;
  if ((domain === undefined || domain === 'docker.io') && path.length > 1 && path[0] === 'library') path = path.slice(1);
  return { domain, path, tag: tag === '' ? undefined : tag, digest };
}

const local = (ref: ImageRef) => ref.domain === undefined || LOCAL.has(ref.domain);

/** One path the other's tail: `app` and `org/app`, `org/app` and `org/app`; not `org/app` and `other/app`. */
function samePath(a: string[], b: string[]): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.every((part, i) => part === long[long.length - short.length + i]);
}

function sameName(a: ImageRef, b: ImageRef): boolean {
  if (!local(a) && !local(b)) return a.domain === b.domain && a.path.join('/') === b.path.join('/');
  // A name with a registry and one without (or a local one): the first is where the second was pushed.
  if (local(a) && local(b)) return a.path.join('/') === b.path.join('/');
  return samePath(a.path, b.path);
}

export function matchImage(manifestImage: string, built: string | BuiltImage): ImageMatch {
  const b = typeof built === 'string' ? { ref: built } : built;
  const m = parseImage(manifestImage);
  const ours = parseImage(b.ref);
  if (!m || !ours) return { match: false, why: 'unreadable' };
  if (!sameName(m, ours)) return { match: false, why: 'name' };
  if (m.digest !== undefined && ours.digest !== undefined)
    return m.digest === ours.digest ? { match: true, how: 'exact' } : { match: false, why: 'tag' };
  if (VARIABLE.test(m.tag ?? '') || VARIABLE.test(ours.tag ?? '') || VARIABLE.test(m.digest ?? ''))
    return { match: true, how: 'variable-tag' };
  // Pinned by digest alone: an earlier push of this build.
  if (m.digest !== undefined && m.tag === undefined) return { match: true, how: 'digest' };
  if (b.implicitTag && ours.tag === undefined) return { match: true, how: 'untagged-build' };
  return (m.tag ?? 'latest') === (ours.tag ?? 'latest') ? { match: true, how: 'exact' } : { match: false, why: 'tag' };
}

/** Whether a manifest's image is one of the images the repo builds. */
export const imageMatches = (manifestImage: string, built: readonly (string | BuiltImage)[]) =>
  built.some((b) => matchImage(manifestImage, b).match);

/**
 * The image a compose service with `build:` and no `image:` gets: `<project>-<service>`, tagged
 * latest (compose v2's `api.GetImageNameOrDefault`; v1 wrote `<project>_<service>`).
 */
export const composeImageName = (project: string, service: string): BuiltImage => ({
  ref: `${project.toLowerCase()}-${service}`,
  implicitTag: true,
});
