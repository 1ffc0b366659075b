// Edits to a JSONC file (devcontainer.json) as text splices at the positions jsonc-parser's tree
// reports, so every byte the generator does not own stays: comments inside and around values,
// trailing commas, one-line objects, indentation and CRLF. (jsonc-parser's own modify() re-formats
// the lines around an edit and drops comments inside a replaced value.) The edits follow the one
// protocol (edits.ts): all against one parse, applied at once by result(). Entries removed from and
// added to one object or array are gathered and written together, since the commas between them
// depend on all of them.
import { findNodeAtLocation, parseTree, type Node, type ParseError } from 'jsonc-parser';
import { parseJsonc, type Json } from '../parse.js';
import { runs, TextEdits } from './edits.js';

/** What happens to one object's or array's entries: removed (by index) and added (at the end). */
interface Entries {
  removed: Set<number>;
  added: { key?: string; value: Json }[];
}

export class JsoncText {
  private readonly root: Node;
  private readonly edits: TextEdits;
  private readonly entries = new Map<Node, Entries>();
  private readonly eol: string;
  private readonly unit: string;

  constructor(
    readonly text: string,
    readonly file: string,
  ) {
    parseJsonc(text, file); // errors as file:line
    this.root = parseTree(text, [], { allowTrailingComma: true })!;
    this.edits = new TextEdits(text, file);
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
    const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
    this.unit = indent.startsWith('\t') ? '\t' : indent;
  }

  /** The text with every edit applied, parsed again to verify it. */
  result(): string {
    for (const [container, entries] of this.entries) this.writeEntries(container, entries);
    this.entries.clear();
    return this.edits.result((out) => {
      const errors: ParseError[] = [];
      parseTree(out, errors, { allowTrailingComma: true });
      if (errors.length > 0)
        throw new Error(`${this.file}: the merge wrote JSONC that does not parse (a bug in generator-nonroot: please report it)`);
    });
  }

  private node(path: (string | number)[]): Node | undefined {
    return path.length === 0 ? this.root : findNodeAtLocation(this.root, path);
  }

  private lineStart(offset: number) {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  private of(container: Node): Entries {
    const entries = this.entries.get(container) ?? { removed: new Set<number>(), added: [] };
    this.entries.set(container, entries);
    return entries;
  }

  /** The value at `path`, replaced in place (its key and surrounding comments stay); added if missing. */
  set(path: (string | number)[], value: Json) {
    const node = this.node(path);
    if (node) return this.edits.splice(node.offset, node.offset + node.length, this.json(value, this.lineStart(node.offset)));
    const parent = this.node(path.slice(0, -1));
    if (parent?.type === 'object') this.of(parent).added.push({ key: String(path.at(-1)), value });
  }

  /** Replaces the value at `path` with raw text (e.g. an object wrapping the old value's own text). */
  setRaw(path: (string | number)[], text: string) {
    const node = this.node(path)!;
    this.edits.splice(node.offset, node.offset + node.length, text);
  }

  /** The text of the value at `path`, as written. */
  raw(path: (string | number)[]): string {
    const node = this.node(path)!;
    return this.text.slice(node.offset, node.offset + node.length);
  }

  /** Renames a key, keeping its value and what is between them. */
  rename(path: (string | number)[], key: string) {
    const keyNode = this.node(path)!.parent!.children![0];
    this.edits.splice(keyNode.offset, keyNode.offset + keyNode.length, JSON.stringify(key));
  }

  /** Removes the property at `path`: its own lines when it has them, else the entry and one comma. */
  remove(path: (string | number)[]) {
    const property = this.node(path)?.parent;
    const object = property?.parent;
    if (property && object?.children) this.of(object).removed.add(object.children.indexOf(property));
  }

  /** Removes the item at `index` of the array at `path`, the way `remove` removes a property. */
  removeAt(path: (string | number)[], index: number) {
    this.of(this.node(path)!).removed.add(index);
  }

  /** Appends a value to the array at `path`: on a line of its own in a multi-line array, else after the last item. */
  append(path: (string | number)[], value: Json) {
    this.of(this.node(path)!).added.push({ value });
  }

  /** A value as JSON indented to sit on a line that starts at `lineStart`. */
  private json(value: Json, lineStart: number) {
    const indent = /^[ \t]*/.exec(this.text.slice(lineStart))![0];
    return JSON.stringify(value, null, this.unit).split('\n').join(`${this.eol}${indent}`);
  }

  /** Removes and adds the entries of one object or array; the entries it keeps stay as written. */
  private writeEntries(container: Node, { removed, added }: Entries) {
    const siblings = container.children ?? [];
    const kept = siblings.filter((_, index) => !removed.has(index));
    const last = siblings.at(-1);
    // Whether the file ends its entries with a comma (JSONC allows it): added entries follow it.
    const trailing = last !== undefined && /^\s*,/.test(this.text.slice(last.offset + last.length));
    // Whether the comma after the entry kept last went with the entries removed after it.
    let commaGone = false;
    for (const run of runs(removed)) {
      const atEnd = run.at(-1) === siblings.length - 1;
      commaGone = this.removeRun(siblings, run, atEnd && !trailing && added.length === 0) || commaGone;
    }
    if (added.length > 0) this.addEntries(container, kept.at(-1), added, trailing, removed.has(siblings.length - 1), commaGone);
  }

  /**
   * Removes neighbouring entries: each on lines of its own goes with its lines (a comment after it
   * on its line stays); entries sharing lines go with one comma. `dropComma`: the run ends the
   * container and nothing follows it, so the comma after the entry before it goes too. Returns
   * whether the comma after the entry before the run went with it.
   */
  private removeRun(siblings: Node[], run: number[], dropComma: boolean): boolean {
    const first = siblings[run[0]];
    const lastEntry = siblings[run.at(-1)!];
    const previous = siblings[run[0] - 1];
    const next = siblings[run.at(-1)! + 1];
    const ownLines = run.every((index) => this.text.slice(this.lineStart(siblings[index].offset), siblings[index].offset).trim() === '');
    if (ownLines) {
      for (const index of run) {
        const entry = siblings[index];
        const end = entry.offset + entry.length;
        const comment = /^([ \t]*,)?[ \t]*(\/\/|\/\*)/.exec(this.text.slice(end));
        const rest = /^[ \t]*,?[ \t]*(\r?\n|$)/.exec(this.text.slice(end));
        if (comment) this.edits.splice(entry.offset, end + (comment[1]?.length ?? 0), '');
        else if (rest) this.edits.splice(this.lineStart(entry.offset), end + rest[0].length, '');
        else this.edits.splice(entry.offset, next && index === run.at(-1) ? next.offset : end, '');
      }
      const lastRest = /^[ \t]*,?[ \t]*(\r?\n|$)/.exec(this.text.slice(lastEntry.offset + lastEntry.length));
      if (dropComma && previous && lastRest && !lastRest[0].includes(',')) {
        const at = previous.offset + previous.length;
        const comma = this.text.indexOf(',', at);
        if (comma !== -1 && comma < this.lineStart(first.offset) && /^\s*$/.test(this.text.slice(at, comma))) {
          this.edits.splice(comma, comma + 1, '');
          return true;
        }
      }
      return false;
    }
    const end = lastEntry.offset + lastEntry.length;
    if (next) {
      this.edits.splice(first.offset, next.offset, '');
      return false;
    }
    this.edits.splice(
      previous ? previous.offset + previous.length : first.offset,
      end + (/^\s*,/.exec(this.text.slice(end))?.[0].length ?? 0),
      '',
    );
    return previous !== undefined;
  }

  /**
   * Entries (`"key": value` or values) after the last one kept: each on a line of its own in a
   * multi-line container (an object's values indented like it), else after it on its line; in an
   * empty one, inside the brackets.
   */
  private addEntries(
    container: Node,
    last: Node | undefined,
    added: Entries['added'],
    trailing: boolean,
    lastRemoved: boolean,
    commaGone: boolean,
  ) {
    const close = container.offset + container.length - 1;
    const entry = ({ key, value }: Entries['added'][number], lineStart?: number) =>
      (key === undefined ? '' : `${JSON.stringify(key)}: `) +
      (key !== undefined && lineStart !== undefined ? this.json(value, lineStart) : JSON.stringify(value));
    if (!last) {
      const text = added.map((e) => entry(e)).join(', ');
      return this.edits.splice(close, close, container.type === 'object' ? ` ${text} ` : text);
    }
    const end = last.offset + last.length;
    const after = this.text.slice(end, close);
    const hasComma = /^\s*,/.test(after) && !commaGone;
    // The kept entry had a comma because entries followed it; with those removed, the file's style decides.
    const comma = hasComma && (!lastRemoved || trailing);
    const newline = after.search(/\r?\n/);
    if (newline === -1) {
      const at = hasComma && !lastRemoved ? end + after.indexOf(',') + 1 : end;
      const text = comma ? added.map((e) => ` ${entry(e)},`).join('') : added.map((e) => `, ${entry(e)}`).join('');
      return this.edits.splice(at, at, text);
    }
    // After the kept entry's line (its comma and comment stay with it), indented like it.
    const lineStart = this.lineStart(last.offset);
    const indent = /^[ \t]*/.exec(this.text.slice(lineStart))![0];
    const lines = added.map((e, i) => `${this.eol}${indent}${entry(e, lineStart)}${i < added.length - 1 || comma ? ',' : ''}`);
    // The comma first: on a line with nothing after the entry, both go at its end, in this order.
    if (!hasComma) this.edits.splice(end, end, ',');
    this.edits.splice(end + newline, end + newline, lines.join(''));
  }
}
