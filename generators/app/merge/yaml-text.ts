// Edits to a YAML file as text splices at the positions the `yaml` library's Document API reports,
// so every byte the generator does not own stays as it was. (Re-stringifying a parsed document
// keeps comments but normalises spacing, e.g. `a: 1   # x` becomes `a: 1 # x`, `[db]` becomes
// `[ db ]`: not acceptable in a file people wrote by hand.)
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { InputError } from '../errors.js';

export type Value = string | Value[] | { [key: string]: Value };

/** A key and value as block YAML lines; scalars are JSON strings (valid double-quoted YAML). */
export function blockLines(key: string, value: Value): string[] {
  if (typeof value === 'string') return [`${key}: ${JSON.stringify(value)}`];
  if (Array.isArray(value)) return [`${key}:`, ...value.map((item) => `  - ${JSON.stringify(item)}`)];
  return [`${key}:`, ...Object.entries(value).flatMap(([k, v]) => blockLines(k, v).map((line) => `  ${line}`))];
}

export interface Edit {
  start: number;
  end: number;
  text: string;
}

export class YamlText {
  readonly doc: Document.Parsed;
  private readonly edits: Edit[] = [];

  constructor(readonly text: string, readonly file: string) {
    this.doc = parseDocument(text);
    const [error] = this.doc.errors;
    if (error) {
      const line = error.linePos?.[0].line ?? '?';
      throw new InputError([`${file}:${line}: ${error.message.split('\n')[0]} — fix the YAML (docker compose config shows it too) and run again`]);
    }
  }

  /** The text with every edit applied (edits never overlap: each touches its own node). */
  result(): string {
    let out = this.text;
    // From the end backwards; at one offset the later edit goes first, so insertions keep their order.
    const order = this.edits.map((edit, index) => ({ edit, index }));
    order.sort((a, b) => b.edit.start - a.edit.start || b.index - a.index);
    for (const { edit } of order) {
      out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
    }
    return out;
  }

  fail(node: Node | Pair | null | undefined, problem: string): never {
    const offset = (node && 'range' in node ? node.range?.[0] : undefined) ?? 0;
    const line = this.text.slice(0, offset).split('\n').length;
    throw new InputError([`${this.file}:${line}: ${problem}; edit it by hand or move it aside, then run again`]);
  }

  private column(offset: number) {
    return offset - this.text.lastIndexOf('\n', offset - 1) - 1;
  }

  private lineEnd(offset: number) {
    const end = this.text.indexOf('\n', offset);
    return end === -1 ? this.text.length : end;
  }

  private splice(start: number, end: number, text: string) {
    this.edits.push({ start, end, text });
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

  /** Adds `key: value` at the end of a mapping; value: a string, a list or a mapping of those. */
  insertPair(map: YAMLMap, key: string, value: Value) {
    if (map.flow || map.items.length === 0) {
      const entry = `${key}: ${JSON.stringify(value)}`; // JSON is valid flow YAML
      const close = map.range![1] - 1; // the closing brace
      this.splice(close, close, map.items.length === 0 ? ` ${entry} ` : `, ${entry} `);
      return;
    }
    const last = map.items.at(-1)!;
    this.insertLinesAfter((last.value ?? last.key) as Node, this.column((last.key as Node).range![0]), blockLines(key, value));
  }

  /** Inserts lines, indented by `column`, after the line where `node` ends (and its comment). */
  insertLinesAfter(node: Node, column: number, lines: string[]) {
    const at = this.lineEnd(node.range![1] - 1);
    this.splice(at, at, lines.map((line) => `\n${' '.repeat(column)}${line}`).join(''));
  }

  columnOf(node: Node) {
    return this.column(node.range![0]);
  }

  /** Removes a `key: value` pair with its lines (block mappings only). */
  removePair(map: YAMLMap, key: string) {
    const pair = this.pair(map, key);
    if (!pair) return;
    if (map.flow) this.fail(map, `cannot remove ${key} from a flow mapping`);
    const start = this.text.lastIndexOf('\n', pair.key.range![0] - 1);
    this.splice(start, this.lineEnd(((pair.value ?? pair.key) as Node).range![1] - 1), '');
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

  /** Appends raw lines at the end of the file. */
  appendLines(lines: string) {
    const end = this.text.length;
    this.splice(end, end, `${this.text.endsWith('\n') || end === 0 ? '' : '\n'}${lines}`);
  }
}

export const asMap = (node: unknown): YAMLMap | undefined => (isMap(node) ? node : undefined);
export const asSeq = (node: unknown): YAMLSeq | undefined => (isSeq(node) ? node : undefined);
