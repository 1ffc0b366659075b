// Walking a parsed manifest's nodes the way kubectl reads the data: through aliases (`*name`) and
// merge keys (`<<: *base`, which go-yaml applies), so that a value's line is found wherever the
// file wrote it. The merges walk their own nodes instead (src/app/merge/manifest.ts).
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';

/** The node an alias stands for; any other node as it is. */
export function resolved(doc: Document.Parsed, node: unknown): Node | undefined {
  if (node === null || node === undefined) return undefined;
  if (isAlias(node)) return node.resolve(doc) as Node | undefined;
  return node as Node;
}

const keyOf = (pair: Pair) => (isScalar(pair.key) ? pair.key.value : undefined);
/** A `<<` key: parsed with `merge: true`, its value is a symbol. */
const isMergeKey = (pair: Pair) => isScalar(pair.key) && (pair.key.value === '<<' || typeof pair.key.value === 'symbol');

/** The pair for `key` in a mapping: its own, else one a merge key brings (the first that has it). */
export function pairIn(doc: Document.Parsed, map: YAMLMap, key: string): Pair<Node, Node | null> | undefined {
  const own = map.items.find((pair) => keyOf(pair) === key);
  if (own) return own as Pair<Node, Node | null>;
  for (const pair of map.items) {
    if (!isMergeKey(pair)) continue;
    const source = resolved(doc, pair.value);
    const sources = isSeq(source) ? source.items.map((item) => resolved(doc, item)) : [source];
    for (const base of sources) {
      const found = isMap(base) ? pairIn(doc, base, key) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

/** The node at `path` (keys and list indexes), through aliases and merge keys. */
export function nodeAt(doc: Document.Parsed, path: readonly (string | number)[], from: unknown = doc.contents): Node | undefined {
  let node = resolved(doc, from);
  for (const step of path) {
    if (typeof step === 'number') node = isSeq(node) ? resolved(doc, (node as YAMLSeq).items[step]) : undefined;
    else node = isMap(node) ? resolved(doc, pairIn(doc, node, step)?.value) : undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/** Where a key's line is: the pair's key when there is one, else the node itself. */
export function startOf(node: Node | Pair | undefined): number | undefined {
  if (node === undefined) return undefined;
  if (isPair(node)) return (node.key as Node | null)?.range?.[0];
  return node.range?.[0];
}

/** The 1-based line of an offset. */
export const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

/** The line of the `key:` of `path`'s last step in a mapping, else of the node at `path`. */
export function keyLine(text: string, doc: Document.Parsed, path: readonly (string | number)[]): number | undefined {
  const last = path.at(-1);
  if (typeof last === 'string') {
    const parent = nodeAt(doc, path.slice(0, -1));
    const pair = isMap(parent) ? pairIn(doc, parent, last) : undefined;
    const at = startOf(pair);
    if (at !== undefined) return lineOf(text, at);
  }
  const at = startOf(nodeAt(doc, path));
  return at === undefined ? undefined : lineOf(text, at);
}
