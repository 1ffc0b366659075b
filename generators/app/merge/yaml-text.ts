// Edits to a YAML file as text splices at the positions the `yaml` library's Document API reports,
// so every byte the generator does not own stays as it was. (Re-stringifying a parsed document
// keeps comments but normalises spacing, e.g. `a: 1   # x` becomes `a: 1 # x`, `[db]` becomes
// `[ db ]`: not acceptable in a file people wrote by hand.) Inserted lines take the file's own
// line ending (CRLF stays CRLF).
import { isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { InputError } from '../errors.js';
import { parseYaml } from '../parse.js';

export type Value = string | Value[] | { [key: string]: Value };

/** A key and value as block YAML lines, `step` spaces per level; scalars are JSON strings (valid YAML). */
export function blockLines(key: string, value: Value, step = 2): string[] {
  const pad = ' '.repeat(step);
  if (typeof value === 'string') return [`${key}: ${JSON.stringify(value)}`];
  if (Array.isArray(value)) return [`${key}:`, ...value.map((item) => `${pad}- ${JSON.stringify(item)}`)];
  if (Object.keys(value).length === 0) return [`${key}: {}`];
  return [`${key}:`, ...Object.entries(value).flatMap(([k, v]) => blockLines(k, v, step).map((line) => `${pad}${line}`))];
}

interface Edit {
  start: number;
  end: number;
  text: string;
  /** For insertions at one offset: the deeper one (a list item) goes before the shallower (a key). */
  depth: number;
}

export class YamlText {
  readonly doc: Document.Parsed;
  readonly eol: string;
  private readonly edits: Edit[] = [];

  constructor(readonly text: string, readonly file: string) {
    this.doc = parseYaml(text, file);
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
  }

  /** The text with every edit applied (edits never overlap: each touches its own node). */
  result(): string {
    const order = this.edits.map((edit, index) => ({ edit, index }));
    // Applied from the end backwards. At one offset the edit applied first ends up last in the
    // text: so apply shallower insertions first, and among equals the later call first.
    order.sort((a, b) => b.edit.start - a.edit.start || a.edit.depth - b.edit.depth || b.index - a.index);
    let out = this.text;
    for (const { edit } of order) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
    return out;
  }

  fail(node: Node | Pair | null | undefined, problem: string): never {
    const offset = (node && 'range' in node ? node.range?.[0] : undefined) ?? 0;
    const line = this.text.slice(0, offset).split('\n').length;
    throw new InputError([`${this.file}:${line}: ${problem}; edit it by hand or move it aside, then run again`]);
  }

  column(offset: number) {
    return offset - this.text.lastIndexOf('\n', offset - 1) - 1;
  }

  /** The column a node (or a pair's key) starts at. */
  columnOf(node: Node | Pair) {
    const start = node instanceof Object && 'range' in node && node.range ? node.range[0] : ((node as Pair).key as Node).range![0];
    return this.column(start);
  }

  /** Where the line holding `offset` ends, before its line break. */
  private lineEnd(offset: number) {
    const end = this.text.indexOf('\n', offset);
    if (end === -1) return this.text.length;
    return this.text[end - 1] === '\r' ? end - 1 : end;
  }

  private splice(start: number, end: number, text: string, depth = 0) {
    this.edits.push({ start, end, text, depth });
  }

  pair(map: YAMLMap, key: string): Pair<Node, Node | null> | undefined {
    return map.items.find((item) => isScalar(item.key) && item.key.value === key) as Pair<Node, Node | null> | undefined;
  }

  /** Sets `key` to a string scalar: the old scalar's text is replaced, its comments stay. */
  setScalar(map: YAMLMap, key: string, value: string) {
    const pair = this.pair(map, key);
    if (!pair) return this.insertPair(map, key, value);
    if (!isScalar(pair.value)) this.fail(pair.value ?? pair.key, `${key} is not a single value`);
    if (pair.value.value !== value) this.replace(pair.value, JSON.stringify(value));
  }

  /** Replaces a node's own text (not its comments). */
  replace(node: Node, text: string) {
    this.splice(node.range![0], node.range![1], text);
  }

  replaceRange(start: number, end: number, text: string) {
    this.splice(start, end, text);
  }

  /** The indentation step of a block mapping's children (2 when it cannot be told). */
  step(map: YAMLMap, parentColumn: number) {
    const first = map.items[0];
    return first && !map.flow ? Math.max(1, this.columnOf(first) - parentColumn) : 2;
  }

  /** Adds `key: value` at the end of a mapping; value: a string, a list or a mapping of those. */
  insertPair(map: YAMLMap, key: string, value: Value, step = 2) {
    if (map.flow || map.items.length === 0) {
      const entry = `${key}: ${JSON.stringify(value)}`; // JSON is valid flow YAML
      const close = map.range![1] - 1; // the closing brace
      this.splice(close, close, map.items.length === 0 ? ` ${entry} ` : `, ${entry} `);
      return;
    }
    const last = map.items.at(-1)!;
    this.insertLinesAfter((last.value ?? last.key) as Node, this.columnOf(last), blockLines(key, value, step));
  }

  /** Inserts lines, indented by `column`, after the line where `node` ends (and its comment). */
  insertLinesAfter(node: Node, column: number, lines: string[]) {
    const at = this.lineEnd(node.range![1] - 1);
    this.splice(at, at, lines.map((line) => `${this.eol}${' '.repeat(column)}${line}`).join(''), column);
  }

  /** Removes a `key: value` pair with its whole lines (block mappings only). */
  removePair(map: YAMLMap, key: string) {
    const pair = this.pair(map, key);
    if (!pair) return;
    if (map.flow) this.fail(map, `cannot remove ${key} from a flow mapping`);
    const start = this.text.lastIndexOf('\n', pair.key.range![0] - 1) + 1;
    const end = this.text.indexOf('\n', ((pair.value ?? pair.key) as Node).range![1] - 1);
    this.splice(start, end === -1 ? this.text.length : end + 1, '');
  }

  /** Appends a string item to a sequence. */
  append(seq: YAMLSeq, value: string) {
    if (seq.flow || seq.items.length === 0) {
      const close = seq.range![1] - 1;
      this.splice(close, close, seq.items.length === 0 ? JSON.stringify(value) : `, ${JSON.stringify(value)}`);
      return;
    }
    const last = seq.items.at(-1) as Node;
    const dash = this.text.lastIndexOf('-', last.range![0]);
    this.insertLinesAfter(last, this.column(dash), [`- ${JSON.stringify(value)}`]);
  }

  /** Appends raw lines (separated by \n) at the end of the file. */
  appendLines(lines: string[]) {
    const end = this.text.length;
    const lead = this.text.endsWith('\n') || end === 0 ? '' : this.eol;
    this.splice(end, end, `${lead}${lines.join(this.eol)}${this.eol}`);
  }
}

export const asMap = (node: unknown): YAMLMap | undefined => (isMap(node) ? node : undefined);
export const asSeq = (node: unknown): YAMLSeq | undefined => (isSeq(node) ? node : undefined);
