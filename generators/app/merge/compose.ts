// Merging the generator's service settings into a compose file people already have (pure).
// Owned, on the generator's service only: `build` (added when missing; its UID/GID args),
// `user`, the bind mount of the project folder (source `.`) and the --volumes mounts, plus those
// volumes' top-level entries. Everything else — other services, keys, comments, anchors, `x-`
// fields, profiles, order — is kept byte for byte.
import { isMap, isScalar, parseDocument, type Node, type YAMLMap } from 'yaml';
import { posix } from 'node:path';
import { InputError } from '../errors.js';
import { asMap, asSeq, YamlText } from './yaml-text.js';

/** The compose file names compose itself looks for, in its order. */
export const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

interface WantedService {
  build: { context: string; args?: Record<string, string> };
  user: string;
  volumes: string[];
}

/**
 * Where an existing service builds from (context and Dockerfile, relative to the project), so
 * the generator adopts that Dockerfile rather than writing another one nobody builds. Undefined
 * when the file, the service or its build section is not there, or the file cannot be read
 * (the merge reports that).
 */
export function serviceBuild(text: string, service: string, file: string): { context: string; dockerfile: string } | undefined {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return undefined;
  const build = doc.getIn(['services', service, 'build']) as unknown;
  if (build === undefined || build === null) return undefined;
  const { context = '.', dockerfile = 'Dockerfile', dockerfile_inline: inline } =
    typeof build === 'string' ? { context: build } : ((build as { toJSON(): Record<string, string> }).toJSON?.() ?? {});
  const where = `${file}: services.${service}.build`;
  if (inline !== undefined) throw new InputError([`${where} uses dockerfile_inline; move it into a Dockerfile the generator can edit`]);
  const resolved = [context, posix.join(context, dockerfile)].map((p) => posix.normalize(p));
  if (resolved.some((p) => p.startsWith('/') || p.startsWith('..') || /^[a-z][a-z0-9+.-]*:/i.test(p))) {
    throw new InputError([`${where} points outside the project (${context}, ${dockerfile}); the generator edits files inside it only`]);
  }
  return { context: resolved[0], dockerfile: resolved[1] };
}

/** Args a build-arg run wrote (`${HOST_UID:?…}`): removed when the strategy no longer wants them. */
const writtenByUs = (value: unknown) => typeof value === 'string' && /^\$\{HOST_[UG]ID\b/.test(value);
const isProjectMount = (source: unknown) => source === '.' || source === './';

export function mergeCompose(existing: string, rendered: string, service: string, file: string): string {
  const yaml = new YamlText(existing, file);
  const services = yaml.doc.get('services', true);
  if (services === undefined || services === null) {
    yaml.appendLines(rendered.slice(rendered.indexOf('services:')));
    return yaml.result();
  }
  if (!isMap(services)) return yaml.fail(yaml.doc.contents, 'services is not a mapping');
  const node = services.get(service, true);
  if (node === undefined) {
    addService(yaml, services, service, rendered);
    const named = parseDocument(rendered).get('volumes') as { toJSON(): Record<string, unknown> } | undefined;
    declareVolumes(yaml, Object.keys(named?.toJSON() ?? {}));
    return yaml.result();
  }
  const target = asMap(node) ?? yaml.fail(node as Node, `services.${service} is not a mapping`);
  const wanted = parseDocument(rendered).getIn(['services', service], true) as { toJSON(): WantedService };
  const { build, user, volumes } = wanted.toJSON();
  mergeBuild(yaml, target, build, service);
  yaml.setScalar(target, 'user', user);
  mergeVolumes(yaml, target, volumes, service);
  declareVolumes(yaml, volumes.slice(1).map((volume) => volume.slice(0, volume.indexOf(':'))));
  return yaml.result();
}

/** The template's service block, re-indented to sit after the existing services. */
function addService(yaml: YamlText, services: YAMLMap, service: string, rendered: string) {
  if (services.flow || services.items.length === 0) yaml.fail(services, 'services is an empty or flow mapping');
  const lines = rendered.split('\n');
  const after = lines.slice(lines.findIndex((line) => line.startsWith(`  ${JSON.stringify(service)}:`)));
  const end = after.findIndex((line, i) => i > 0 && line.trim() !== '' && !line.startsWith(' '));
  const block = after.slice(0, end === -1 ? undefined : end).filter((l) => l.trim());
  const last = services.items.at(-1)!;
  const column = yaml.columnOf(services.items[0].key as Node);
  yaml.insertLinesAfter((last.value ?? last.key) as Node, column, block.map((line) => line.slice(2)));
}

function mergeBuild(yaml: YamlText, target: YAMLMap, wanted: WantedService['build'], service: string) {
  const args = wanted.args ?? {};
  const hasArgs = Object.keys(args).length > 0;
  const build = target.get('build', true);
  if (build === undefined) return yaml.insertPair(target, 'build', hasArgs ? { context: wanted.context, args } : { context: wanted.context });
  if (isScalar(build)) {
    // `build: .` names only the context: args need the long form; the context stays as written.
    if (hasArgs) yaml.replace(build, JSON.stringify({ context: String(build.value), args }));
    return;
  }
  const buildMap = asMap(build) ?? yaml.fail(build as Node, `services.${service}.build is not a mapping`);
  const current = buildMap.get('args', true);
  if (current === undefined) return hasArgs ? yaml.insertPair(buildMap, 'args', args) : undefined;
  const list = asSeq(current);
  if (list) {
    // The list form: `- UID=1000`.
    for (const [name, value] of Object.entries(args)) {
      const item = list.items.find((i) => isScalar(i) && String(i.value).startsWith(`${name}=`));
      if (!item) yaml.append(list, `${name}=${value}`);
      else if (isScalar(item) && item.value !== `${name}=${value}`) yaml.replace(item, JSON.stringify(`${name}=${value}`));
    }
    return;
  }
  const argMap = asMap(current) ?? yaml.fail(current as Node, `services.${service}.build.args is neither a mapping nor a list`);
  for (const [name, value] of Object.entries(args)) yaml.setScalar(argMap, name, value);
  const stale = argMap.items.filter((p) => isScalar(p.key) && !(String(p.key.value) in args) && isScalar(p.value) && writtenByUs(p.value.value));
  if (stale.length > 0 && stale.length === argMap.items.length) yaml.removePair(buildMap, 'args');
  else for (const pair of stale) yaml.removePair(argMap, String((pair.key as { value: unknown }).value));
}

/** The project mount (source `.`) and each named volume (matched by its target path). */
function mergeVolumes(yaml: YamlText, target: YAMLMap, wanted: string[], service: string) {
  const volumes = target.get('volumes', true);
  if (volumes === undefined) return yaml.insertPair(target, 'volumes', wanted);
  const list = asSeq(volumes) ?? yaml.fail(volumes as Node, `services.${service}.volumes is not a list`);
  const [mount, ...named] = wanted;
  const targetOf = (volume: string) => volume.slice(volume.indexOf(':') + 1);
  const isOurs = (item: unknown, wantedVolume: string) => {
    const long = asMap(item);
    if (wantedVolume === mount) return isScalar(item) ? isProjectMount(String(item.value).split(':')[0]) : isProjectMount(long?.get('source'));
    return isScalar(item) ? String(item.value).split(':')[1] === targetOf(wantedVolume) : long?.get('target') === targetOf(wantedVolume);
  };
  for (const volume of [mount, ...named]) {
    const item = list.items.find((i) => isOurs(i, volume));
    if (!item) yaml.append(list, volume);
    else if (isScalar(item) && item.value !== volume) yaml.replace(item, JSON.stringify(volume));
    else if (volume === mount && asMap(item)) yaml.setScalar(asMap(item)!, 'target', targetOf(mount));
  }
}

/** Top-level entries for the named volumes, added when missing. */
function declareVolumes(yaml: YamlText, names: string[]) {
  if (names.length === 0) return;
  const top = yaml.doc.get('volumes', true);
  if (top === undefined || top === null) {
    yaml.appendLines(`volumes:\n${names.map((name) => `  ${JSON.stringify(name)}: {}`).join('\n')}\n`);
    return;
  }
  const map = asMap(top) ?? yaml.fail(top as Node, 'the top-level volumes is not a mapping');
  for (const name of names) if (!yaml.pair(map, name)) yaml.insertPair(map, name, {});
}
