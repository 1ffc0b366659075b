// Bringing a mapping to what a merge wants, through YamlText's splices: scalars set in place (their
// quoting kept when the value is already right), keys added, removed, lists made to include an
// item, and a value written as `{}`, `[]`, nothing (`key:`) or an alias (`*x`) written out in
// full, in block style under its key (`key: {}` becomes `key:` and indented lines, comments
// below it kept) or as one flow value inside a flow collection. Keys a merge key (`<<: *base`)
// brings are overridden by a key of the mapping's own, written with what they inherited.
// What YamlText lacks for this, kept beside it rather than in it.
import { isAlias, isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { type YamlText } from './yaml.js';
import { blockLines, plain, type Value } from './yaml-write.js';

/** Remove the key (a merge key's value for it is overridden with null). */
export const REMOVE = Symbol('remove');
/** A list that must include `item` (others kept). */
export class Include {
  constructor(readonly item: string) {}
}

export type Want = string | number | boolean | typeof REMOVE | Include | WantMap;
export interface WantMap {
  [key: string]: Want;
}

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => value !== null && typeof value === 'object' && !Array.isArray(value);

/** `base` (data as read) with `want` applied: what the value becomes. */
export function applyWant(base: unknown, want: Want): Value | undefined {
  if (want === REMOVE) return undefined;
  if (want instanceof Include) {
    const list = (Array.isArray(base) ? base : []) as Value[];
    return list.includes(want.item) ? list : [...list, want.item];
  }
  if (typeof want !== 'object') return want;
  const out: Record<string, Value> = { ...((isObj(base) ? base : {}) as Record<string, Value>) };
  for (const [key, w] of Object.entries(want)) {
    const value = applyWant(out[key], w);
    if (value === undefined) delete out[key];
    else out[key] = value;
  }
  return out;
}

/** A value as flow YAML, scalars as a person writes them: `{type: RuntimeDefault}`, `[ALL]`. */
export function flowText(value: Value): string {
  if (Array.isArray(value)) return `[${value.map(flowText).join(', ')}]`;
  if (isObj(value))
    return `{${Object.entries(value)
      .map(([k, v]) => `${plain(k, true)}: ${flowText(v)}`)
      .join(', ')}}`;
  return plain(value, true);
}

/** The indentation step of a mapping's nested block mappings; undefined when it has none to measure. */
export function stepOf(yaml: YamlText, map: YAMLMap): number | undefined {
  for (const pair of map.items) {
    const value = pair.value;
    if (isMap(value) && !value.flow && value.items.length > 0) {
      const step = yaml.columnOf(value.items[0] as Pair) - yaml.columnOf(pair as Pair);
      if (step > 0) return step;
    }
  }
  return undefined;
}

const ownPair = (map: YAMLMap, key: string) =>
  map.items.find((pair) => isScalar(pair.key) && pair.key.value === key) as Pair<Node, Node | null> | undefined;

/** The offset right after a pair's `:`. */
const afterColon = (yaml: YamlText, pair: Pair<Node, Node | null>) => yaml.text.indexOf(':', pair.key.range![1]) + 1;

/**
 * Writes `value` as the whole value of `pair` (whose value is `{}`, `[]`, null or an alias): in a
 * flow mapping as one flow value, else as block lines under the key, the line's comment kept on it.
 */
export function fillPair(yaml: YamlText, map: YAMLMap, pair: Pair<Node, Node | null>, value: Value, step: number) {
  const node = pair.value;
  const anchor = node && !isAlias(node) && node.anchor ? ` &${node.anchor}` : '';
  const empty = node === null || (isScalar(node) && node.value === null && node.range![0] === node.range![1]);
  if (map.flow) {
    if (empty) yaml.replaceRange(afterColon(yaml, pair), afterColon(yaml, pair), ` ${flowText(value)}`);
    else yaml.replace(node!, flowText(value)); // (a node's range leaves its anchor out: `&sc` stays)
    return;
  }
  const column = yaml.columnOf(pair) + step;
  const lines = Array.isArray(value)
    ? value.map((item) => `- ${isObj(item) || Array.isArray(item) ? flowText(item) : plain(item)}`)
    : isObj(value)
      ? Object.entries(value).flatMap(([k, v]) => blockLines(plain(k), v, step))
      : undefined;
  if (lines === undefined || lines.length === 0) {
    // A scalar, or an empty collection: on the key's line.
    const text = lines === undefined ? plain(value as string) : Array.isArray(value) ? '[]' : '{}';
    if (empty) yaml.replaceRange(afterColon(yaml, pair), afterColon(yaml, pair), ` ${text}`);
    else yaml.replace(node!, text);
    return;
  }
  if (!empty) yaml.replaceRange(afterColon(yaml, pair), node!.range![1], anchor);
  yaml.insertLinesAfter(empty ? pair.key : node!, column, lines);
}

/** Sets a scalar pair's value; the node's text stays when it already holds the value. */
function setValue(yaml: YamlText, map: YAMLMap, pair: Pair<Node, Node | null>, value: string | number | boolean, step: number) {
  const node = pair.value;
  if (isScalar(node) && node.value === value) return;
  if (isScalar(node) && !(node.value === null && node.range![0] === node.range![1])) return yaml.replace(node, plain(value, map.flow));
  fillPair(yaml, map, pair, value, step);
}

/**
 * Brings `map` (a mapping of the file's own, not an alias) to `want`. `inherited`: the data the
 * mapping has, merge keys applied, so that a key a merge key brings is written out in full.
 */
export function ensureMapping(yaml: YamlText, map: YAMLMap, want: WantMap, inherited: Obj, step: number, touched: Touched = () => {}) {
  if (map.flow && map.items.every((pair) => isScalar(pair.key) && want[String(pair.key.value)] === REMOVE)) {
    // A flow mapping that is empty or loses every entry it has is written anew: splices would give
    // `{a: 1b: 2}` or `{, a: 1}`.
    touched(map);
    return yaml.replace(map, flowText(applyWant(inherited, want)!));
  }
  for (const [key, w] of Object.entries(want)) {
    const pair = ownPair(map, key);
    const data = inherited[key];
    if (!pair) {
      const value = w === REMOVE ? (data === undefined || data === null ? undefined : null) : applyWant(data, w);
      // Nothing to add (a mapping of removals the file does not have): no `key: {}` either.
      if (value === undefined || (isObj(value) && Object.keys(value).length === 0)) continue;
      touched(map);
      insertPair(yaml, map, key, value, step);
      continue;
    }
    const node = pair.value;
    if (w === REMOVE) {
      touched(map);
      if (node) touched(node);
      yaml.removePair(map, key);
      continue;
    }
    if (typeof w !== 'object') {
      if (isMap(node) || isSeq(node)) yaml.fail(node, `${key} is not a single value`);
      if (isScalar(node) && node.value === w) continue;
      touched(node ?? map);
      setValue(yaml, map, pair, w, step);
      continue;
    }
    if (w instanceof Include && isSeq(node)) {
      // `drop: [NET_RAW]` and `drop: []` stay flow lists.
      if (node.items.some((item) => isScalar(item) && item.value === w.item)) continue;
      touched(node);
      yaml.append(node, w.item);
      continue;
    }
    const empty = node === null || (isScalar(node) && node.value === null) || (isMap(node) && node.items.length === 0);
    if (empty || isAlias(node)) {
      touched(node ?? map);
      fillPair(yaml, map, pair, applyWant(empty ? undefined : data, w)!, step);
    } else if (w instanceof Include) yaml.fail(node, `${key} is not a list`);
    else {
      if (!isMap(node)) yaml.fail(node, `${key} is not a mapping`);
      ensureMapping(yaml, node, w, isObj(data) ? data : {}, stepOf(yaml, node) ?? step, touched);
      // A block mapping whose every key went (their lines with them) is `key: {}`, not `key:` (null).
      if (!node.flow && Object.keys(applyWant(data, w) as Obj).length === 0)
        yaml.replaceRange(afterColon(yaml, pair), afterColon(yaml, pair), ' {}');
    }
  }
}

/** Adds `key: value` to a mapping that has keys: in a flow one as flow YAML after its last entry. */
function insertPair(yaml: YamlText, map: YAMLMap, key: string, value: Value, step: number) {
  if (!map.flow || map.items.length === 0) return yaml.insertPair(map, key, value, step);
  const last = map.items.at(-1)!;
  const end = ((last.value ?? last.key) as Node).range![1];
  yaml.replaceRange(end, end, `, ${plain(key, true)}: ${flowText(value)}`);
}

/** Told of each node whose text a merge changes (a mapping for a key added or removed in it). */
export type Touched = (node: Node) => void;
