// A service's `build` in a compose file: the UID/GID args the strategy passes (added, updated, or
// removed when a run wrote them and they are no longer wanted), in whichever form the file uses:
// `build: .`, a block or flow mapping, args as a mapping or a `KEY=value` list, or a build brought
// by a merge key (`<<: *base`), which is written out in full since a `build:` of the service's own
// replaces it. Text splices through YamlText (pure).
import { isScalar, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { WantedService } from './compose-wanted.js';
import { asMap, asSeq, YamlText } from '../../core/text/yaml.js';
import { blockLines, plain, type Value } from '../../core/text/yaml-write.js';

/** Arg values a build-arg run wrote (`${HOST_UID:?…}`): removed when the strategy no longer wants them. */
export const writtenByUs = (value: unknown) => typeof value === 'string' && /^\$\{HOST_[UG]ID\b/.test(value);
const listEntry = (item: unknown) => /^([^=]+)=(.*)$/s.exec(String(item)) ?? undefined;

/** Args as data, with ours set and our stale ones dropped, in the form they came in. */
function mergedArgs(old: unknown, wanted: Record<string, string>): Value | undefined {
  if (Array.isArray(old)) {
    const kept = old.filter((item) => {
      const [, key, value] = listEntry(item) ?? [];
      return key === undefined || (!(key in wanted) && !writtenByUs(value));
    });
    const list = [...kept, ...Object.entries(wanted).map(([k, v]) => `${k}=${v}`)] as Value[];
    return list.length > 0 ? list : undefined;
  }
  const map = Object.fromEntries(Object.entries((old ?? {}) as Record<string, Value>).filter(([k, v]) => k in wanted || !writtenByUs(v)));
  const all = { ...map, ...wanted };
  return Object.keys(all).length > 0 ? all : undefined;
}

export function mergeBuild(yaml: YamlText, target: YAMLMap, wanted: WantedService, inherited: unknown, owner: boolean, step: number) {
  const pair = yaml.pair(target, 'build');
  const build = pair?.value;
  // A later file only has the args it already sets updated: compose merges the rest from the owner.
  const args = owner ? wanted.args : Object.fromEntries(Object.entries(wanted.args).filter(([key]) => hasArg(build, key)));
  const hasArgs = Object.keys(args).length > 0;
  if (!pair || build === null || build === undefined)
    return owner ? insertBuild(yaml, target, inherited ?? wanted.build, args, step) : undefined;
  if (isScalar(build)) return hasArgs ? expandShortForm(yaml, target, pair, build, args, step) : undefined;
  const buildMap = asMap(build) ?? yaml.fail(build as Node, `services.${wanted.name}.build is not a mapping`);
  const current = buildMap.get('args', true);
  if (current === undefined || current === null) return hasArgs ? yaml.insertPair(buildMap, 'args', args, step) : undefined;
  const collection = asSeq(current) ?? asMap(current);
  if (!collection) yaml.fail(current as Node, `services.${wanted.name}.build.args is neither a mapping nor a list`);
  // Decided on data, by the rule an inherited build gets too (mergedArgs); then written in place.
  const next = mergedArgs(collection.toJSON(), args);
  if (next !== undefined) return writeArgs(yaml, collection, next, args);
  dropArgs(yaml, target, pair!, buildMap, owner ? wanted.build.context : undefined);
}

/** A service without a build of its own: the owner writes one, from a merge key's build or ours. */
function insertBuild(yaml: YamlText, target: YAMLMap, base: unknown, args: Record<string, string>, step: number) {
  const { args: oldArgs, ...rest } = (typeof base === 'string' ? { context: base } : base) as Record<string, Value>;
  const merged = mergedArgs(oldArgs, args);
  if (merged !== undefined) return yaml.insertPair(target, 'build', { ...rest, args: merged }, step);
  // Only a context: the short form, which a strategy switch later expands and collapses again
  // (in a flow mapping, which has no room for the comment that takes, the long form from the start).
  const short = Object.keys(rest).length === 1 && typeof rest.context === 'string' && !target.flow;
  return yaml.insertPair(target, 'build', short ? rest.context : rest, step);
}

/**
 * Every arg was ours and none is wanted: the args go, and a build left with nothing else goes back to
 * how it was. `context`: the owner's build context; undefined for a later file.
 */
function dropArgs(yaml: YamlText, target: YAMLMap, pair: Pair<Node, Node | null>, buildMap: YAMLMap, context: string | undefined) {
  const others = buildMap.items.filter((p) => !(isScalar(p.key) && p.key.value === 'args'));
  if (others.length === 0 && context === undefined) {
    // A later file's build held only our args: it goes, or stays as `build: {}` if the service had nothing else.
    if (target.items.length > 1) return yaml.removePair(target, 'build');
    return collapse(yaml, pair, buildMap, '{}');
  }
  // A `build: X` that a run expanded (its context line says so) goes back to `build: X`.
  const expanded = others.length === 1 && isScalar(others[0].value) && yaml.lineText(others[0].value).includes(EXPANDED);
  if (context !== undefined && expanded && !buildMap.flow) return collapse(yaml, pair, buildMap, yaml.source(others[0].value as Node));
  if (context !== undefined && others.length === 0) return collapse(yaml, pair, buildMap, context);
  yaml.removePair(buildMap, 'args');
}

/**
 * Writes args decided on data (`next`): entries not in it are removed, ours (`args`) set in place or
 * appended; every other entry stays as written.
 */
function writeArgs(yaml: YamlText, collection: YAMLMap | YAMLSeq, next: Value, args: Record<string, string>) {
  const list = asSeq(collection);
  const keyOf = (item: unknown) =>
    list ? (isScalar(item) ? listEntry(item.value)?.[1] : undefined) : String(((item as Pair).key as { value: unknown }).value);
  const kept = new Set(Array.isArray(next) ? next.map((entry) => listEntry(entry)?.[1]) : Object.keys(next as object));
  collection.items.forEach((item, index) => {
    const key = keyOf(item);
    if (key !== undefined && !kept.has(key)) yaml.removeItem(collection, index);
  });
  for (const [key, value] of Object.entries(args)) {
    if (!list) {
      yaml.setScalar(collection as YAMLMap, key, value);
      continue;
    }
    const item = list.items.find((i) => keyOf(i) === key);
    if (!item) yaml.append(list, `${key}=${value}`);
    else if (isScalar(item) && item.value !== `${key}=${value}`) yaml.replace(item, plain(`${key}=${value}`, list.flow));
  }
}

/** The comment on the context line of a `build: X` that args made long: how a rerun knows to shorten it again. */
const EXPANDED = '# generator-nonroot: short form until the UID/GID args';

/** `build: .` names only the context; args need the long form, in the file's style, comment kept. */
function expandShortForm(
  yaml: YamlText,
  target: YAMLMap,
  pair: Pair<Node, Node | null>,
  build: Node,
  args: Record<string, string>,
  step: number,
) {
  const context = yaml.source(build);
  if (target.flow) return yaml.replace(build, `{context: ${context}, args: ${JSON.stringify(args)}}`);
  const colon = yaml.text.indexOf(':', pair.key.range![1]);
  yaml.replaceRange(colon + 1, build.range![1], '');
  yaml.insertLinesAfter(build, yaml.columnOf(pair) + step, [`context: ${context}  ${EXPANDED}`, ...blockLines('args', args, step)]);
}

/** The inverse of expandShortForm: `build:` + `context: X` lines back to `build: X`, comment kept. */
function collapse(yaml: YamlText, pair: Pair<Node, Node | null>, buildMap: YAMLMap, context: string) {
  if (buildMap.flow) return yaml.replace(buildMap, context);
  const colon = yaml.text.indexOf(':', pair.key.range![1]);
  yaml.replaceRange(colon + 1, colon + 1, ` ${context}`);
  yaml.removeItem(buildMap, 0, buildMap.items.length - 1);
}

/** Whether a build mapping sets `key` among its args (map or `KEY=value` list form). */
function hasArg(build: unknown, key: string): boolean {
  const args = asMap(build)?.get('args', true);
  if (asMap(args)) return asMap(args)!.has(key);
  return asSeq(args)?.items.some((item) => isScalar(item) && String(item.value).startsWith(`${key}=`)) ?? false;
}
