// Edits to a YAML file as text splices at the positions the `yaml` library's Document API reports,
// so every byte the generator does not own stays as it was. (Re-stringifying a parsed document
// keeps comments but normalises spacing, e.g. `a: 1   # x` becomes `a: 1 # x`, `[db]` becomes
// `[ db ]`: not acceptable in a file people wrote by hand.) Inserted lines take the file's own
// line ending (CRLF stays CRLF), and a file without a final newline keeps none.
import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { InputError } from '../errors.js';
import { parseYaml } from '../parse.js';
import { runs, TextEdits } from './edits.js';
import { blockLines, plain, type Value } from './yaml-write.js';

export class YamlText {
  readonly doc: Document.Parsed;
  readonly eol: string;
  private readonly edits: TextEdits;
  private readonly removals = new Map<YAMLMap | YAMLSeq, Set<number>>();

  constructor(
    readonly text: string,
    readonly file: string,
  ) {
    this.doc = parseYaml(text, file);
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
    this.edits = new TextEdits(text, file);
  }

  /** The text with every edit applied at once, parsed again to verify it (core/text/edits.ts). */
  result(): string {
    this.removeRuns();
    return this.edits.result((out) => {
      const errors = parseDocument(out).errors;
      if (errors.length > 0) {
        throw new Error(
          `${this.file}: the merge wrote YAML that does not parse (a bug in generator-nonroot: please report it): ${errors[0].message}`,
        );
      }
    });
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
    return this.column(this.start(node));
  }

  private start(node: Node | Pair): number {
    return isPair(node) ? (node.key as Node).range![0] : (node as Node).range![0];
  }

  /** Where the line holding `offset` ends, before its line break. */
  private lineEnd(offset: number) {
    const end = this.text.indexOf('\n', offset);
    if (end === -1) return this.text.length;
    return this.text[end - 1] === '\r' ? end - 1 : end;
  }

  /** The end of a node's last value: a block collection's range runs on over trailing comment lines. */
  private contentEnd(node: Node): number {
    let last: Node = node;
    for (;;) {
      if ((isMap(last) || isSeq(last)) && !last.flow && last.items.length > 0) {
        const item = last.items.at(-1)!;
        last = (isPair(item) ? (item.value ?? item.key) : item) as Node;
      } else return last.range![1];
    }
  }

  /** Insertions at one offset: the deeper (`depth`) comes first, and at one column a list item before a key. */
  private splice(start: number, end: number, text: string, depth = 0) {
    this.edits.splice(start, end, text, depth);
  }

  pair(map: YAMLMap, key: string): Pair<Node, Node | null> | undefined {
    return map.items.find((item) => isScalar(item.key) && item.key.value === key) as Pair<Node, Node | null> | undefined;
  }

  /** Sets `key` to a string scalar: the old scalar's text is replaced, its comments stay. */
  setScalar(map: YAMLMap, key: string, value: string) {
    const pair = this.pair(map, key);
    if (!pair) return this.insertPair(map, key, value);
    if (!isScalar(pair.value)) this.fail(pair.value ?? pair.key, `${key} is not a single value`);
    if (pair.value.value !== value) this.replace(pair.value, plain(value, map.flow));
  }

  /** Replaces a node's own text (not its comments). */
  replace(node: Node, text: string) {
    this.splice(node.range![0], node.range![1], text);
  }

  replaceRange(start: number, end: number, text: string) {
    this.splice(start, end, text);
  }

  /** The whole line a node starts on. */
  lineText(node: Node) {
    const start = this.text.lastIndexOf('\n', node.range![0] - 1) + 1;
    return this.text.slice(start, this.lineEnd(node.range![0]));
  }

  /** The text of a node as written. */
  source(node: Node) {
    return this.text.slice(node.range![0], node.range![1]);
  }

  /** Adds `key: value` at the end of a mapping; value: a scalar, a list or a mapping of those. */
  insertPair(map: YAMLMap, key: string, value: Value, step = 2) {
    if (map.flow || map.items.length === 0) {
      // JSON is valid flow YAML.
      const entry = `${key}: ${typeof value === 'object' && value !== null ? JSON.stringify(value) : plain(value, true)}`;
      // Right after the last entry (`{a: 1}` -> `{a: 1, key: v}`), or inside the braces of `{}`.
      const last = map.items.at(-1);
      const at = last ? this.contentEnd((last.value ?? last.key) as Node) : map.range![1] - 1;
      this.splice(at, at, last ? `, ${entry}` : entry);
      return;
    }
    const last = map.items.at(-1)!;
    this.insertLinesAfter((last.value ?? last.key) as Node, this.columnOf(last), blockLines(key, value, step));
  }

  /** Inserts lines, indented by `column`, after the line where `node`'s content ends (and its comment). */
  insertLinesAfter(node: Node, column: number, lines: string[], depth = column) {
    const at = this.lineEnd(this.contentEnd(node) - 1);
    this.splice(at, at, lines.map((line) => `${this.eol}${' '.repeat(column)}${line}`).join(''), depth);
  }

  /** Removes a `key: value` pair: its whole lines in a block mapping, the entry and a comma in a flow one. */
  removePair(map: YAMLMap, key: string) {
    const index = map.items.findIndex((item) => isScalar(item.key) && item.key.value === key);
    if (index !== -1) this.removeItem(map, index);
  }

  /**
   * Removes the item at `index` of a mapping or sequence, or with `through`, the items up to that one
   * too. Removals are gathered per collection and written by result(), each run of neighbours as one
   * edit: two removals side by side in a flow collection would otherwise both take the comma between.
   */
  removeItem(collection: YAMLMap | YAMLSeq, index: number, through = index) {
    const removed = this.removals.get(collection) ?? new Set<number>();
    for (let i = index; i <= through; i += 1) removed.add(i);
    this.removals.set(collection, removed);
  }

  private removeRuns() {
    for (const [collection, removed] of this.removals) {
      for (const run of runs(removed)) this.removeRun(collection, run[0], run.at(-1)!);
    }
    this.removals.clear();
  }

  private removeRun(collection: YAMLMap | YAMLSeq, index: number, through: number) {
    const items = collection.items as (Pair | Node)[];
    const item = items[index];
    const last = items[through];
    const start = this.start(item);
    const end = isPair(last) ? this.contentEnd((last.value ?? last.key) as Node) : this.contentEnd(last as Node);
    if (!collection.flow) {
      // The item's whole lines: from its line's start (the dash of a list item) through its last line's break.
      const from = this.text.lastIndexOf('\n', start - 1) + 1;
      const to = this.text.indexOf('\n', end - 1);
      // The line break before them goes with them rather than their own last one, so that an edit
      // after the item's line (a pair added after it) starts where this one ends instead of inside it.
      // On the first line of the file there is none before: its own goes.
      const before = from > 0 && this.text[from - 2] === '\r' ? from - 2 : from - 1;
      if (to === -1) this.splice(Math.max(0, before), this.text.length, '');
      else if (from === 0) this.splice(from, to + 1, '');
      else this.splice(before, this.text[to - 1] === '\r' ? to - 1 : to, '');
    } else if (index > 0) {
      // `a, b` -> `a`: from the end of the item before it.
      const previous = items[index - 1];
      this.splice(
        isPair(previous) ? this.contentEnd((previous.value ?? previous.key) as Node) : this.contentEnd(previous as Node),
        end,
        '',
      );
    } else {
      // `a, b` -> `b`, or `{a}` -> `{}`.
      this.splice(start, items.length > through + 1 ? this.start(items[through + 1]) : end, '');
    }
  }

  /** Appends a string item to a sequence. */
  append(seq: YAMLSeq, value: string) {
    if (seq.flow || seq.items.length === 0) {
      const close = seq.range![1] - 1;
      this.splice(close, close, seq.items.length === 0 ? plain(value, true) : `, ${plain(value, true)}`);
      return;
    }
    const last = seq.items.at(-1) as Node;
    const dash = this.text.lastIndexOf('-', last.range![0]);
    // An indentless list's items sit at their key's column: the item still goes before a key inserted there.
    this.insertLinesAfter(last, this.column(dash), [`- ${plain(value)}`], this.column(dash) + 0.5);
  }

  /** Appends lines (separated by the file's line ending) at the end of the file. */
  appendLines(lines: string[]) {
    const end = this.text.length;
    const closed = this.text.endsWith('\n') || end === 0;
    // A file that ended without a line break still does.
    this.splice(end, end, closed ? `${lines.join(this.eol)}${this.eol}` : `${this.eol}${lines.join(this.eol)}`);
  }
}

export const asMap = (node: unknown): YAMLMap | undefined => (isMap(node) ? node : undefined);
export const asSeq = (node: unknown): YAMLSeq | undefined => (isSeq(node) ? node : undefined);
