// A service's `volumes` in a compose file: the project mount (added when the service has none,
// pointed elsewhere only when --workspace was given) and the --volumes named volumes (matched by
// container path). Short (`src:dst:opts`) and long (`{type: bind, source, target}`) entries, block
// and flow lists, and a list brought by a merge key (`<<: *base`), which is written out in full
// with the same rules since a `volumes:` of the service's own replaces it (pure).
import { isScalar, type Node, type YAMLMap } from 'yaml';
import { mountOf } from '../../core/layout/compose-project.js';
import { isRootOrAbove, resolvePath } from '../../core/layout/repo.js';
import type { WantedService } from './compose-wanted.js';
import { asMap, asSeq, plain, type Value, YamlText } from '../../core/text/yaml.js';

/** An entry node as data (a scalar's string, a long entry's mapping). */
const dataOf = (item: unknown): unknown => (isScalar(item) ? String(item.value) : (asMap(item)?.toJSON() ?? item));

/** An entry pointed at another container path, its source and options (`:cached`) kept. */
function retargeted(entry: unknown, path: string): Value {
  if (typeof entry !== 'string') return { ...(entry as Record<string, Value>), target: path };
  const [source, , ...options] = entry.split(':');
  return [source, path, ...options].join(':');
}

export function mergeVolumes(
  yaml: YamlText,
  target: YAMLMap,
  wanted: WantedService,
  inherited: unknown,
  owner: boolean,
  projectDir: string,
  step: number,
) {
  const { mount } = wanted;
  const isProject = (entry: unknown) => {
    const source = mountOf(entry)?.source;
    return source !== undefined && !source.includes('$') && /^[./]/.test(source) && isRootOrAbove(resolvePath(projectDir, source));
  };
  const node = target.get('volumes', true);
  if (node === undefined || node === null) {
    if (!owner) return;
    // The list as data: inherited entries (a merge key's) with the rules applied, then ours.
    const entries = (Array.isArray(inherited) ? inherited : []) as Value[];
    const next = entries.map((entry) => {
      if (isProject(entry) && mount.retarget) return retargeted(entry, mount.target);
      return wanted.volumes.find((v) => v.slice(v.indexOf(':') + 1) === mountOf(entry)?.target) ?? entry;
    });
    if (!entries.some(isProject) && mount.add) next.push(`${mount.source}:${mount.target}`);
    for (const volume of wanted.volumes) if (!next.includes(volume)) next.push(volume);
    if (JSON.stringify(next) !== JSON.stringify(entries)) yaml.insertPair(target, 'volumes', next, step);
    return;
  }
  const list = asSeq(node) ?? yaml.fail(node as Node, `services.${wanted.name}.volumes is not a list`);
  const project = list.items.find((item) => isProject(dataOf(item)));
  if (project && mount.retarget && mountOf(dataOf(project))?.target !== mount.target) {
    const long = asMap(project);
    if (long) yaml.setScalar(long, 'target', mount.target);
    else yaml.replace(project as Node, plain(retargeted(dataOf(project), mount.target) as string, list.flow));
  }
  if (!project && owner && mount.add) yaml.append(list, `${mount.source}:${mount.target}`);
  for (const volume of wanted.volumes) {
    const path = volume.slice(volume.indexOf(':') + 1);
    const item = list.items.find((i) => mountOf(dataOf(i))?.target === path);
    if (!item) {
      if (owner) yaml.append(list, volume);
    } else if (isScalar(item) && item.value !== volume) yaml.replace(item, plain(volume, list.flow));
  }
}
