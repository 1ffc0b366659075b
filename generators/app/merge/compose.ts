// Merging the generator's service settings into a compose file people already have (pure).
// Owned, on the adopted services only: `build` (added when missing; its UID/GID args), `user`, the
// project mount's target (only when --workspace was given) or the mount itself when the service has
// none, and the --volumes mounts plus their top-level entries. Everything else (other services,
// keys, comments, anchors, `x-` fields, profiles, order) is kept byte for byte.
// A service is edited fully in the file that defines it (its 'owner'); a later file of the same
// project that sets an owned key itself ('override') gets that key updated too, since it would win.
import { isScalar, type Node, type YAMLMap } from 'yaml';
import { isRootOrAbove, resolvePath } from '../layout/repo.js';
import { asMap, asSeq, blockLines, YamlText, type Value } from './yaml-text.js';

export interface WantedService {
  name: string;
  role: 'owner' | 'override';
  /** The build to add when the service has none, paths as written in this project. */
  build: { context: string; dockerfile?: string };
  /** UID/GID build args; {} when the IDs are baked in. */
  args: Record<string, string>;
  user: string;
  mount: {
    /** Written when the project has no mount of its own: from the project directory ('.', '..'). */
    source: string;
    target: string;
    /** The project has no mount of the project folder for this service: add ours. */
    add: boolean;
    /** --workspace was given: an existing project mount is pointed at `target`. */
    retarget: boolean;
  };
  /** --volumes entries, `name:/path`. */
  volumes: string[];
}

/** Args a build-arg run wrote (`${HOST_UID:?…}`): removed when the strategy no longer wants them. */
const writtenByUs = (value: unknown) => typeof value === 'string' && /^\$\{HOST_[UG]ID\b/.test(value);

/**
 * @param projectDir the compose project directory (repo-relative), from which bind sources resolve
 */
export function mergeCompose(existing: string, file: string, projectDir: string, wanted: WantedService[]): string {
  const yaml = new YamlText(existing, file);
  const merged = (yaml.doc.toJS({ maxAliasCount: -1 }) ?? {}) as { services?: Record<string, Record<string, unknown>> };
  const services = yaml.doc.get('services', true) as Node | null | undefined;
  const named = new Set<string>();
  const added: WantedService[] = [];
  if (services !== undefined && services !== null && !asMap(services)) yaml.fail(services, 'services is not a mapping');
  for (const service of wanted) {
    const pair = asMap(services) && yaml.pair(asMap(services)!, service.name);
    if (!pair || pair.value === null) {
      if (service.role === 'owner') added.push(service);
    } else {
      const map = asMap(pair.value) ?? yaml.fail(pair.value, `services.${service.name} is not a mapping`);
      // The file's own indentation step, from this service's keys (4-space files stay 4-space).
      const step = map.flow || map.items.length === 0 ? 2 : Math.max(1, yaml.columnOf(map.items[0]) - yaml.columnOf(pair.key));
      mergeService(yaml, map, service, merged.services?.[service.name] ?? {}, projectDir, step);
    }
    if (service.role === 'owner') for (const volume of service.volumes) named.add(volume.slice(0, volume.indexOf(':')));
  }
  if (added.length > 0) addServices(yaml, asMap(services), added);
  declareVolumes(yaml, [...named]);
  return yaml.result();
}

/** A whole new service's lines, as block YAML. */
function serviceLines(service: WantedService, step: number): string[] {
  const build: Record<string, Value> = { ...service.build };
  if (Object.keys(service.args).length > 0) build.args = service.args;
  const volumes = [...(service.mount.add ? [`${service.mount.source}:${service.mount.target}`] : []), ...service.volumes];
  const value: Record<string, Value> = { build, user: service.user, ...(volumes.length > 0 ? { volumes } : {}) };
  return blockLines(JSON.stringify(service.name), value, step);
}

function addServices(yaml: YamlText, services: YAMLMap | undefined, added: WantedService[]) {
  if (!services) {
    yaml.appendLines(['services:', ...added.flatMap((s) => serviceLines(s, 2).map((line) => `  ${line}`))]);
    return;
  }
  if (services.flow || services.items.length === 0) yaml.fail(services, 'services is an empty or flow mapping');
  const column = yaml.columnOf(services.items[0]);
  const step = yaml.step(asMap(services.items[0].value) ?? services, column);
  const last = services.items.at(-1)!;
  yaml.insertLinesAfter((last.value ?? last.key) as Node, column, added.flatMap((s) => serviceLines(s, step)));
}

function mergeService(yaml: YamlText, target: YAMLMap, wanted: WantedService, merged: Record<string, unknown>, projectDir: string, step: number) {
  const owner = wanted.role === 'owner';
  mergeBuild(yaml, target, wanted, merged.build, owner, step);
  if (owner || yaml.pair(target, 'user')) yaml.setScalar(target, 'user', wanted.user);
  mergeVolumes(yaml, target, wanted, merged.volumes, owner, projectDir, step);
}

function mergeBuild(yaml: YamlText, target: YAMLMap, wanted: WantedService, inherited: unknown, owner: boolean, step: number) {
  const { name } = wanted;
  const build = target.get('build', true);
  // A later file only has the args it already sets updated: compose merges the rest from the owner.
  const args = owner ? wanted.args : Object.fromEntries(Object.entries(wanted.args).filter(([key]) => hasArg(build, key)));
  const hasArgs = Object.keys(args).length > 0;
  if (build === undefined || build === null) {
    if (!owner) return;
    // A build inherited through a merge key (`<<: *base`) is written out in full: a `build:` of our own replaces it.
    const base = typeof inherited === 'string' ? { context: inherited } : (inherited as Record<string, Value> | undefined) ?? wanted.build;
    const { args: oldArgs, ...rest } = base as Record<string, Value>;
    const merged = hasArgs || oldArgs ? { ...rest, args: { ...(oldArgs as Record<string, Value>), ...args } } : rest;
    return yaml.insertPair(target, 'build', merged, step);
  }
  if (isScalar(build)) {
    if (!hasArgs) return;
    // `build: .` names only the context: args need the long form, written as a block in the file's
    // style, the context as it was written and any comment on the line kept.
    const key = yaml.pair(target, 'build')!.key;
    const colon = yaml.text.indexOf(':', key.range![1]);
    const context = yaml.text.slice(build.range![0], build.range![1]);
    yaml.replaceRange(colon + 1, build.range![1], '');
    yaml.insertLinesAfter(build, yaml.columnOf(key) + step, [`context: ${context}`, ...blockLines('args', args, step)]);
    return;
  }
  const buildMap = asMap(build) ?? yaml.fail(build as Node, `services.${name}.build is not a mapping`);
  const current = buildMap.get('args', true);
  if (current === undefined || current === null) return hasArgs ? yaml.insertPair(buildMap, 'args', args, step) : undefined;
  const list = asSeq(current);
  if (list) {
    // The list form: `- UID=1000`.
    for (const [key, value] of Object.entries(args)) {
      const item = list.items.find((i) => isScalar(i) && String(i.value).startsWith(`${key}=`));
      if (!item) yaml.append(list, `${key}=${value}`);
      else if (isScalar(item) && item.value !== `${key}=${value}`) yaml.replace(item, JSON.stringify(`${key}=${value}`));
    }
    return;
  }
  const argMap = asMap(current) ?? yaml.fail(current as Node, `services.${name}.build.args is neither a mapping nor a list`);
  for (const [key, value] of Object.entries(args)) yaml.setScalar(argMap, key, value);
  const stale = argMap.items.filter((p) => isScalar(p.key) && !(String(p.key.value) in args) && isScalar(p.value) && writtenByUs(p.value.value));
  if (stale.length > 0 && stale.length === argMap.items.length) yaml.removePair(buildMap, 'args');
  else for (const pair of stale) yaml.removePair(argMap, String((pair.key as { value: unknown }).value));
}

/** Whether a build mapping sets `key` among its args (map or `KEY=value` list form). */
function hasArg(build: unknown, key: string): boolean {
  const args = asMap(build)?.get('args', true);
  if (asMap(args)) return asMap(args)!.has(key);
  return asSeq(args)?.items.some((item) => isScalar(item) && String(item.value).startsWith(`${key}=`)) ?? false;
}

/** A short (`src:dst:opts`) or long (`{type: bind, source, target}`) volume entry's source and target. */
function parts(item: unknown): { source?: string; target?: string } {
  if (isScalar(item)) {
    const [source, target] = String(item.value).split(':');
    return target === undefined ? { target: source } : { source, target };
  }
  const long = asMap(item);
  return { source: long?.get('source') as string | undefined, target: long?.get('target') as string | undefined };
}

function mergeVolumes(yaml: YamlText, target: YAMLMap, wanted: WantedService, inherited: unknown, owner: boolean, projectDir: string, step: number) {
  const volumes = target.get('volumes', true);
  const { mount } = wanted;
  const adding = owner ? [...(mount.add ? [`${mount.source}:${mount.target}`] : []), ...wanted.volumes] : [];
  if (volumes === undefined || volumes === null) {
    if (adding.length === 0) return;
    // Volumes inherited through a merge key stay: a `volumes:` of our own replaces the inherited list.
    const kept = Array.isArray(inherited) ? inherited.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))) : [];
    return yaml.insertPair(target, 'volumes', [...kept, ...adding], step);
  }
  const list = asSeq(volumes) ?? yaml.fail(volumes as Node, `services.${wanted.name}.volumes is not a list`);
  const isProject = (source?: string) => source !== undefined && !source.includes('$') && /^[./]/.test(source) && isRootOrAbove(resolvePath(projectDir, source));
  const project = list.items.find((item) => isProject(parts(item).source));
  if (project && mount.retarget && parts(project).target !== mount.target) retarget(yaml, project, mount.target);
  if (!project && owner && mount.add) yaml.append(list, `${mount.source}:${mount.target}`);
  for (const volume of wanted.volumes) {
    const path = volume.slice(volume.indexOf(':') + 1);
    const item = list.items.find((i) => parts(i).target === path);
    if (!item) {
      if (owner) yaml.append(list, volume);
    } else if (isScalar(item) && item.value !== volume) yaml.replace(item, JSON.stringify(volume));
  }
}

/** Points a project mount at a new container path, keeping its source and options (`:cached`). */
function retarget(yaml: YamlText, item: unknown, path: string) {
  const long = asMap(item);
  if (long) return yaml.setScalar(long, 'target', path);
  const [source, , ...options] = String((item as { value: unknown }).value).split(':');
  yaml.replace(item as Node, JSON.stringify([source, path, ...options].join(':')));
}

/** Top-level entries for the named volumes, added when missing. */
function declareVolumes(yaml: YamlText, names: string[]) {
  if (names.length === 0) return;
  const top = yaml.doc.get('volumes', true);
  if (top === undefined || top === null) {
    yaml.appendLines(['volumes:', ...names.map((name) => `  ${JSON.stringify(name)}: {}`)]);
    return;
  }
  const map = asMap(top) ?? yaml.fail(top as Node, 'the top-level volumes is not a mapping');
  for (const name of names) if (!yaml.pair(map, name)) yaml.insertPair(map, name, {});
}
