// Merging the generator's service settings into a compose file people already have (pure).
// Owned, on the adopted services only: `build` (added when missing; its UID/GID args), `user`,
// Podman's `userns_mode` when it is keep-id (a value of the user's own, e.g. host, stays), the
// project mount's target (only when --workspace was given) or the mount itself when the service has
// none, and the --volumes mounts plus their top-level entries. Everything else (other services,
// keys, comments, anchors, `x-` fields, profiles, order) is kept byte for byte.
// A service is edited fully in the file that defines it (its 'owner'); a later file of the same
// project that sets an owned key itself ('override') gets that key updated too, since it would win.
import { isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import { mergeBuild } from './compose-build.js';
import { mergeVolumes } from './compose-volumes.js';
import type { WantedService } from './compose-wanted.js';
import { asMap, YamlText } from '../../core/text/yaml.js';
import { blockLines, plain, type Value } from '../../core/text/yaml-write.js';

export type { WantedService } from './compose-wanted.js';

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
      mergeService(yaml, map, service, merged.services?.[service.name] ?? {}, projectDir, childStep(yaml, pair));
    }
    if (service.role === 'owner') for (const volume of service.volumes) named.add(volume.slice(0, volume.indexOf(':')));
  }
  if (added.length > 0) addServices(yaml, asMap(services), added);
  declareVolumes(yaml, [...named]);
  return keepServices(yaml.result(), file, wanted);
}

/**
 * A service left with no keys (an override that set only what a strategy switch removed) stays a
 * service: `app: {}`, not `app:`, which is null.
 */
function keepServices(text: string, file: string, wanted: WantedService[]): string {
  // A service's owner file always keeps its build: only an override's entry can be left empty.
  if (!wanted.some((service) => service.role === 'override')) return text;
  const yaml = new YamlText(text, file);
  const services = asMap(yaml.doc.get('services', true));
  for (const service of wanted) {
    const pair = services && yaml.pair(services, service.name);
    const value = pair?.value;
    // `app:` with nothing after it: no node, or an empty null scalar.
    if (pair && (value === null || (isScalar(value) && value.value === null && value.range![0] === value.range![1]))) {
      const colon = text.indexOf(':', (pair.key as Node).range![1]);
      yaml.replaceRange(colon + 1, colon + 1, ' {}');
    }
  }
  return yaml.result();
}

/** The file's own indentation step, from a service's keys (4-space files stay 4-space). */
function childStep(yaml: YamlText, pair: Pair<Node, Node | null>): number {
  const map = asMap(pair.value);
  return !map || map.flow || map.items.length === 0 ? 2 : Math.max(1, yaml.columnOf(map.items[0]) - yaml.columnOf(pair.key));
}

/** A whole new service's lines, as block YAML. */
function serviceLines(service: WantedService, step: number): string[] {
  // `build: .` when only a context: the form a strategy switch comes back to (compose-build.ts).
  const hasArgs = Object.keys(service.args).length > 0;
  const build: Value = hasArgs
    ? { ...service.build, args: service.args }
    : service.build.dockerfile
      ? { ...service.build }
      : service.build.context;
  const volumes = [...(service.mount.add ? [`${service.mount.source}:${service.mount.target}`] : []), ...service.volumes];
  const value: Record<string, Value> = {
    build,
    ...(service.user !== undefined ? { user: service.user } : {}),
    ...(service.usernsMode !== undefined ? { userns_mode: service.usernsMode } : {}),
    ...(volumes.length > 0 ? { volumes } : {}),
  };
  return blockLines(plain(service.name), value, step);
}

function addServices(yaml: YamlText, services: YAMLMap | undefined, added: WantedService[]) {
  if (!services) {
    yaml.appendLines(['services:', ...added.flatMap((s) => serviceLines(s, 2).map((line) => `  ${line}`))]);
    return;
  }
  if (services.flow || services.items.length === 0) yaml.fail(services, 'services is an empty or flow mapping');
  const column = yaml.columnOf(services.items[0]);
  const step = childStep(yaml, services.items[0] as Pair<Node, Node | null>);
  const last = services.items.at(-1)!;
  yaml.insertLinesAfter(
    (last.value ?? last.key) as Node,
    column,
    added.flatMap((s) => serviceLines(s, step)),
  );
}

function mergeService(
  yaml: YamlText,
  target: YAMLMap,
  wanted: WantedService,
  merged: Record<string, unknown>,
  projectDir: string,
  step: number,
) {
  const owner = wanted.role === 'owner';
  mergeBuild(yaml, target, wanted, merged.build, owner, step);
  setOwned(yaml, target, 'user', wanted.user, owner, () => true);
  setOwned(yaml, target, 'userns_mode', wanted.usernsMode, owner, (value) => /^keep-id(:|$)/.test(String(value)));
  mergeVolumes(yaml, target, wanted, merged.volumes, owner, projectDir, step);
}

/**
 * An owned scalar key: set where the service's owner file is edited (or a later file sets it too,
 * since it would win); undefined removes it, but only a value `ours` recognises as one we write.
 */
function setOwned(
  yaml: YamlText,
  target: YAMLMap,
  key: string,
  value: string | undefined,
  owner: boolean,
  ours: (current: unknown) => boolean,
) {
  const pair = yaml.pair(target, key);
  if (value === undefined) {
    if (pair && ours(isScalar(pair.value) ? pair.value.value : undefined)) yaml.removePair(target, key);
  } else if (owner || pair) yaml.setScalar(target, key, value);
}

/** Top-level entries for the named volumes, added when missing. */
function declareVolumes(yaml: YamlText, names: string[]) {
  if (names.length === 0) return;
  const top = yaml.doc.get('volumes', true);
  if (top === undefined || top === null) {
    yaml.appendLines(['volumes:', ...names.map((name) => `  ${plain(name)}: {}`)]);
    return;
  }
  const map = asMap(top) ?? yaml.fail(top as Node, 'the top-level volumes is not a mapping');
  for (const name of names) if (!yaml.pair(map, name)) yaml.insertPair(map, name, {});
}
