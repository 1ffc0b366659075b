// A service's `volumes` in a compose file: the project mount (added when the service has none,
// pointed elsewhere only when --workspace was given) and the --volumes named volumes (matched by
// container path). Short (`src:dst:opts`) and long (`{type: bind, source, target}`) entries, block
// and flow lists, and a list brought by a merge key (`<<: *base`), which is written out in full
// since a `volumes:` of the service's own replaces it. The rules are decided once, on the entries
// as data (planVolumes); writing the plan is the only part that knows YAML (pure).
import { isScalar, type Node, type YAMLMap } from 'yaml';
import { mountOf, nocopyOf } from '../../core/layout/compose-project.js';
import { isRootOrAbove, resolvePath } from '../../core/layout/repo.js';
import type { WantedService } from './compose-wanted.js';
import { asMap, asSeq, YamlText } from '../../core/text/yaml.js';
import { plain, type Value } from '../../core/text/yaml-write.js';

/** What a merge does to a list of entries: entries replaced (by index) and entries appended. */
export interface VolumesPlan {
  replaced: Map<number, Value>;
  appended: string[];
}

/** An entry pointed at another container path, its source and options (`:cached`) kept. */
function retargeted(entry: unknown, path: string): Value {
  if (typeof entry !== 'string') return { ...(entry as Record<string, Value>), target: path };
  const [source, , ...options] = entry.split(':');
  return [source, path, ...options].join(':');
}

/**
 * The rules, on data: the first entry that mounts the project (or a folder above it) is pointed at
 * the workspace when --workspace was given; without one, the owner adds ours; each --volumes entry
 * replaces a short entry at its container path (a long one is the user's way of writing it and
 * stays), else the owner appends it.
 */
export function planVolumes(entries: unknown[], wanted: WantedService, owner: boolean, projectDir: string): VolumesPlan {
  const { mount } = wanted;
  const plan: VolumesPlan = { replaced: new Map(), appended: [] };
  const project = entries.findIndex((entry) => {
    const source = mountOf(entry)?.source;
    return source !== undefined && !source.includes('$') && /^[./]/.test(source) && isRootOrAbove(resolvePath(projectDir, source));
  });
  if (project !== -1 && mount.retarget && mountOf(entries[project])?.target !== mount.target) {
    plan.replaced.set(project, retargeted(entries[project], mount.target));
  }
  if (project === -1 && owner && mount.add) plan.appended.push(`${mount.source}:${mount.target}`);
  for (const volume of wanted.volumes) {
    const at = entries.findIndex((entry) => mountOf(entry)?.target === volume.slice(volume.indexOf(':') + 1));
    if (at === -1) {
      if (owner) plan.appended.push(volume);
    } else if (typeof entries[at] === 'string' && entries[at] !== volume) plan.replaced.set(at, volume);
  }
  return plan;
}

/** An entry node as data (a scalar's string, a long entry's mapping). */
const dataOf = (item: unknown): unknown => (isScalar(item) ? String(item.value) : (asMap(item)?.toJSON() ?? item));

export function mergeVolumes(
  yaml: YamlText,
  target: YAMLMap,
  wanted: WantedService,
  inherited: unknown,
  owner: boolean,
  projectDir: string,
  step: number,
) {
  const node = target.get('volumes', true);
  if (node === undefined || node === null) {
    // Only the owner writes a list of its own: the inherited one (a merge key's), with the plan applied.
    if (!owner) return;
    const entries = (Array.isArray(inherited) ? inherited : []) as Value[];
    const plan = planVolumes(entries, wanted, owner, projectDir);
    if (plan.replaced.size === 0 && plan.appended.length === 0) return;
    yaml.insertPair(target, 'volumes', [...entries.map((entry, i) => plan.replaced.get(i) ?? entry), ...plan.appended], step);
    return;
  }
  const list = asSeq(node) ?? yaml.fail(node as Node, `services.${wanted.name}.volumes is not a list`);
  const plan = planVolumes(list.items.map(dataOf), wanted, owner, projectDir);
  for (const [index, entry] of plan.replaced) {
    const item = list.items[index];
    const long = asMap(item);
    // A long entry is only ever retargeted: its target is the one value that changes.
    if (long) yaml.setScalar(long, 'target', (entry as { target: string }).target);
    else yaml.replace(item as Node, plain(entry as string, list.flow));
  }
  for (const entry of plan.appended) yaml.append(list, entry);
  if (owner) for (const [index, item] of list.items.entries()) if (!plan.replaced.has(index)) dropNocopy(yaml, item);
}

/**
 * `nocopy` leaves a new volume root's however the image prepares its folder: the volumes of a service
 * that runs as the user lose it (the run's log says which, at file:line).
 */
function dropNocopy(yaml: YamlText, item: unknown) {
  const data = dataOf(item);
  if (!nocopyOf(data) || mountOf(data)?.kind !== 'volume') return;
  const long = asMap(item);
  if (!long) {
    const [source, target, options] = (data as string).split(':');
    const kept = options.split(',').filter((o) => o !== 'nocopy');
    return yaml.replace(item as Node, [source, target, ...(kept.length > 0 ? [kept.join(',')] : [])].join(':'));
  }
  const volume = asMap(long.get('volume', true))!;
  if (volume.items.length === 1) yaml.removePair(long, 'volume');
  else yaml.removePair(volume, 'nocopy');
}
