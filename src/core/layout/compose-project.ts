// A compose project as compose itself sees it (tried with Compose 2.26): which files, merged in
// which order, the project directory every relative path resolves from (the first file's folder,
// https://github.com/docker/compose/issues/7928), the .env read from there, and per service its
// effective build and bind mounts.
import { posix } from 'node:path';
import { InputError } from '../errors.js';
import { nodeLine, parseYaml } from '../parse.js';
import { isMap, isScalar } from 'yaml';
import { isInside, relativeFrom, resolvePath, type Repo } from './repo.js';

/** compose's own lookup in a folder: the first base file, then the first override file. */
export const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
export const OVERRIDE_FILES = [
  'compose.override.yml',
  'compose.override.yaml',
  'docker-compose.override.yml',
  'docker-compose.override.yaml',
];

export interface Bind {
  /** Repo-relative ('.', 'src', '..') or absolute; undefined when it interpolates variables. */
  source?: string;
  target: string;
  /** The file and line that declare it. */
  file: string;
  line: number;
}

export interface Build {
  /** Repo-relative, or outside the repo ('../x', absolute, a URL): see `outside`. */
  context: string;
  dockerfile: string;
  target?: string;
  /** `dockerfile_inline`: no file to edit. */
  inline: boolean;
  /** The context or Dockerfile lies outside the repo (or is a git/URL context). */
  outside: boolean;
}

/** A named (`cache:/x`) or anonymous (`/x`) volume of a service. */
export interface Volume {
  name?: string;
  target: string;
  /** `nocopy`: a new volume is then root's, whatever the image has there. */
  nocopy?: boolean;
  file: string;
  line: number;
}

export interface Service {
  name: string;
  /** The first file (in merge order) that defines it: the generator's edits go there. */
  file: string;
  line: number;
  build?: Build;
  image?: string;
  binds: Bind[];
  volumes: Volume[];
  user?: string;
  groupAdd: string[];
  usernsMode?: string;
  /** `network_mode:` as written (`service:db` needs db running). */
  networkMode?: string;
}

export interface ComposeProject {
  files: string[];
  /** The project directory: relative paths and .env resolve from here. */
  dir: string;
  /** The .env compose reads for variable interpolation. */
  envFile: string;
  services: Service[];
}

/** The files compose would use at the repo root: COMPOSE_FILE in .env, else its default lookup. */
export function rootComposeFiles(repo: Repo): string[] {
  const fromEnv = /^COMPOSE_FILE=(.+)$/m
    .exec(repo.read('.env') ?? '')?.[1]
    ?.trim()
    .replace(/^["']|["']$/g, '');
  if (fromEnv)
    return fromEnv
      .split(':')
      .map((file) => resolvePath('.', file))
      .filter((file) => repo.read(file) !== undefined);
  const base = COMPOSE_FILES.find((file) => repo.read(file) !== undefined);
  const override = OVERRIDE_FILES.find((file) => repo.read(file) !== undefined);
  return base ? [base, ...(override ? [override] : [])] : [];
}

type Raw = Record<string, unknown>;
const isRecord = (value: unknown): value is Raw => value !== null && typeof value === 'object' && !Array.isArray(value);
const isUrl = (context: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith('git@');

/**
 * A service's volume entry, short (`src:dst:opts`) or long (`{type, source, target}`) syntax, as a bind
 * (a host path) or a volume (named, or anonymous without a source). The merge reads entries with it too.
 */
/**
 * The entry asks for `nocopy` (`data:/x:nocopy`, `volume: {nocopy: true}`): Docker then neither copies
 * the image's folder into a new volume nor gives the volume that folder's owner, so it is root's
 * (moby daemon/volumes: the owner is copied with the content; https://docs.docker.com/reference/compose-file/services/#volumes).
 */
export function nocopyOf(entry: unknown): boolean {
  if (typeof entry === 'string') return (entry.split(':')[2] ?? '').split(',').includes('nocopy');
  return isRecord(entry) && isRecord(entry.volume) && entry.volume.nocopy === true;
}

export function mountOf(entry: unknown): { kind: 'bind' | 'volume'; source?: string; target: string } | undefined {
  if (typeof entry === 'string') {
    const parts = entry.split(':');
    if (parts.length < 2) return { kind: 'volume', target: parts[0] };
    return { kind: /^[./~$]/.test(parts[0]) ? 'bind' : 'volume', source: parts[0], target: parts[1] };
  }
  if (isRecord(entry) && typeof entry.target === 'string') {
    const source = typeof entry.source === 'string' ? entry.source : undefined;
    return { kind: entry.type === 'bind' ? 'bind' : 'volume', source, target: entry.target };
  }
  return undefined;
}

export function readComposeProject(repo: Repo, files: string[]): ComposeProject {
  const dir = posix.dirname(files[0]);
  const services = new Map<string, Service>();
  for (const file of files) {
    const text = repo.read(file) ?? '';
    const doc = parseYaml(text, file);
    const defined = doc.get('services', true);
    const data = doc.toJS({ maxAliasCount: -1 }) as Raw | null;
    const all = isRecord(data) && isRecord(data.services) ? data.services : {};
    for (const [name, value] of Object.entries(all)) {
      if (!isRecord(value)) throw new InputError([`${file}: services.${name} is not a mapping — fix it and run again`]);
      const key = isMap(defined) ? defined.items.find((item) => isScalar(item.key) && String(item.key.value) === name)?.key : undefined;
      const line = nodeLine(text, key as { range?: [number, number, number] } | undefined);
      const service = services.get(name) ?? { name, file, line, binds: [], volumes: [], groupAdd: [] };
      overlayBuild(service, value.build, dir);
      if (typeof value.image === 'string') service.image = value.image;
      if (typeof value.user === 'string' || typeof value.user === 'number') service.user = String(value.user);
      if (typeof value.userns_mode === 'string') service.usernsMode = value.userns_mode;
      if (typeof value.network_mode === 'string') service.networkMode = value.network_mode;
      if (Array.isArray(value.group_add)) service.groupAdd = value.group_add.map(String);
      // Each entry's own line where the file lists it; a merge key's entries point at the service.
      const items = doc.getIn(['services', name, 'volumes'], true) as { items?: { range?: [number, number, number] }[] } | undefined;
      (Array.isArray(value.volumes) ? value.volumes : []).forEach((entry, index) => {
        const mount = mountOf(entry);
        if (!mount) return;
        const at = { file, line: items?.items?.[index] ? nodeLine(text, items.items[index]) : line };
        // compose merges volumes by target: a later file's mount replaces an earlier one's.
        service.binds = service.binds.filter((b) => b.target !== mount.target);
        service.volumes = service.volumes.filter((v) => v.target !== mount.target);
        if (mount.kind === 'volume')
          return service.volumes.push({ name: mount.source, target: mount.target, ...(nocopyOf(entry) ? { nocopy: true } : {}), ...at });
        const source = mount.source!.includes('$') || mount.source!.startsWith('~') ? undefined : resolvePath(dir, mount.source!);
        service.binds.push({ source, target: mount.target, ...at });
      });
      services.set(name, service);
    }
  }
  return {
    files,
    dir,
    envFile: posix.join(dir, '.env'),
    services: [...services.values()],
  };
}

/** A later file's `build` overlays the earlier key by key, as compose does; paths resolve from the project directory. */
function overlayBuild(service: Service, build: unknown, dir: string) {
  if (build === undefined || build === null) return;
  const given: Raw = typeof build === 'string' ? { context: build } : isRecord(build) ? build : {};
  const previous = service.build;
  const contextText = typeof given.context === 'string' ? given.context : undefined;
  const context =
    contextText !== undefined ? (isUrl(contextText) ? contextText : resolvePath(dir, contextText)) : (previous?.context ?? dir);
  const dockerfileText = typeof given.dockerfile === 'string' ? given.dockerfile : undefined;
  const dockerfile =
    dockerfileText !== undefined
      ? resolvePath(context, dockerfileText)
      : previous
        ? resolvePath(context, relativeFrom(previous.context, previous.dockerfile))
        : posix.join(context, 'Dockerfile');
  const target = typeof given.target === 'string' ? given.target : previous?.target;
  const inline = given.dockerfile_inline !== undefined || (previous?.inline ?? false);
  service.build = { context, dockerfile, target, inline, outside: isUrl(context) || !isInside(context) || !isInside(dockerfile) };
}
