// The names a repo without a compose build gives the image its Dockerfile builds, so that a
// manifest's `image:` can be followed to it (built.ts). Read, in this order:
// - skaffold.yaml's `build.artifacts[]`: `image`, built from `context` (default `.`) with
//   `docker.dockerfile` (default `Dockerfile`) and `docker.target`
//   (https://skaffold.dev/docs/references/yaml/);
// - a Makefile's `docker build`, `docker buildx build`, `podman build` or `buildah bud` lines:
//   each `-t`/`--tag`, built from `-f`/`--file`, else `<context>/Dockerfile`, with `--target`;
// - the repo's folder name, when the repo has one Dockerfile: `ghcr.io/acme/shop:1.2` runs the
//   image of `shop/Dockerfile` (what `docker init`, Dev Containers' `build.dockerfile` and most
//   CI pipelines leave unnamed in the repo: the name is given where it is pushed).
// Only builds from a Dockerfile the repo has count, and only the repository decides, not the tag:
// a build tags `:dev`, the cluster runs the release.
import { posix } from 'node:path';
import { parse } from 'yaml';
import type { RepoModel } from '../layout/model.js';
import { parseImage } from './images.js';

export interface NamedBuild {
  /** The repository, tag and digest taken off: `ghcr.io/acme/shop`. */
  ref: string;
  dockerfile: string;
  /** The build context, repo-relative (`.` when the name says none: a Dockerfile's builds from the root). */
  context: string;
  target?: string;
  /** Where the name was found: `skaffold.yaml`, `Makefile`, `the repo's folder name`. */
  source: string;
}

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => value !== null && typeof value === 'object' && !Array.isArray(value);
const str = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** The repository of a reference (`ghcr.io/acme/shop:1.2` → `ghcr.io/acme/shop`); undefined when it is not one. */
function repository(ref: string): string | undefined {
  const parsed = parseImage(ref);
  return parsed && [...(parsed.domain ? [parsed.domain] : []), ...parsed.path].join('/');
}

function skaffold(model: RepoModel): NamedBuild[] {
  let data: unknown;
  try {
    data = parse(model.repo.read('skaffold.yaml') ?? '');
  } catch {
    return []; // not YAML: nothing named
  }
  const artifacts = isObj(data) && isObj(data.build) && Array.isArray(data.build.artifacts) ? data.build.artifacts : [];
  return artifacts.flatMap((a: unknown): NamedBuild[] => {
    const ref = isObj(a) ? repository(str(a.image) ?? '') : undefined;
    if (!isObj(a) || !ref) return [];
    const docker = isObj(a.docker) ? a.docker : {};
    const dockerfile = posix.normalize(posix.join(str(a.context) ?? '.', str(docker.dockerfile) ?? 'Dockerfile'));
    return [{ ref, dockerfile, context: posix.normalize(str(a.context) ?? '.'), target: str(docker.target), source: 'skaffold.yaml' }];
  });
}

const BUILD = /\b(?:(?:docker|podman)\s+(?:buildx\s+)?build|buildah\s+(?:bud|build))\s+(.*)$/;
const VALUE_FLAGS = new Set([
  '-t',
  '--tag',
  '-f',
  '--file',
  '--target',
  '--build-arg',
  '--platform',
  '--label',
  '--secret',
  '--cache-from',
]);

function makefile(model: RepoModel): NamedBuild[] {
  const text = (model.repo.read('Makefile') ?? '').replace(/\\\r?\n/g, ' ');
  return text.split('\n').flatMap((line): NamedBuild[] => {
    const args = BUILD.exec(line.replace(/\s(&&|;|\|).*$/, ''))?.[1]
      .split(/\s+/)
      .filter(Boolean)
      .map((a) => a.replace(/^["']|["']$/g, ''));
    if (!args) return [];
    const tags: string[] = [];
    const given: Obj = {};
    let context = '.';
    for (let i = 0; i < args.length; i += 1) {
      const [flag, inline] = args[i].startsWith('--') ? args[i].split(/=(.*)/s) : [args[i]];
      if (VALUE_FLAGS.has(flag)) {
        const value = inline ?? args[++i];
        if (flag === '-t' || flag === '--tag') tags.push(value);
        else given[flag] = value;
      } else if (!flag.startsWith('-')) context = flag;
    }
    const file = str(given['-f']) ?? str(given['--file']);
    const dockerfile = posix.normalize(file ?? posix.join(context, 'Dockerfile'));
    if (/\$/.test(dockerfile)) return []; // a make variable: which file is not known here
    return tags.flatMap((tag) => {
      const ref = repository(tag);
      return ref ? [{ ref, dockerfile, context: posix.normalize(context), target: str(given['--target']), source: 'Makefile' }] : [];
    });
  });
}

/** Dockerfiles at the root besides those the model reads (`Dockerfile.prod`, `worker.Dockerfile`, `Containerfile`). */
const rootDockerfiles = (model: RepoModel) => model.repo.files('.').filter((f) => /(^|\.)(Dockerfile|Containerfile)(\.|$)/i.test(f));

function folderName(model: RepoModel): NamedBuild[] {
  const files = new Set([...model.dockerfiles.map((d) => d.file), ...rootDockerfiles(model)]);
  const root = model.repo.root;
  if (files.size !== 1 || !root) return [];
  const name = posix.basename(root.replace(/\\/g, '/')).toLowerCase();
  const ref = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(name) ? name : undefined;
  const dockerfile = [...files][0];
  // A Dev Container's build says its context; else the Dockerfile's folder, as `docker build -f x/Dockerfile x` does.
  const config = model.devcontainers.map((d) => d.config).find((c) => c.kind === 'dockerfile' && c.dockerfile === dockerfile);
  const context = config?.kind === 'dockerfile' ? config.context : posix.dirname(dockerfile);
  return ref ? [{ ref, dockerfile, context, source: "the repo's folder name" }] : [];
}

/** Every name the repo gives a build of one of its Dockerfiles outside compose. */
export function namedBuilds(model: RepoModel): NamedBuild[] {
  return [...skaffold(model), ...makefile(model), ...folderName(model)].filter((b) => model.repo.read(b.dockerfile) !== undefined);
}
