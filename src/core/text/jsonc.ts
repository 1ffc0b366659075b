// Edits to a JSONC file (devcontainer.json) as text splices at the positions jsonc-parser's tree
// reports, one at a time, so every byte the generator does not own stays: comments inside and
// around values, trailing commas, one-line objects, indentation and CRLF. (jsonc-parser's own
// modify() re-formats the lines around an edit and drops comments inside a replaced value.)
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import { parseJsonc, type Json } from '../parse.js';

export class JsoncText {
  text: string;
  private readonly eol: string;
  private readonly unit: string;

  constructor(
    text: string,
    readonly file: string,
  ) {
    parseJsonc(text, file); // errors as file:line
    this.text = text;
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
    const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
    this.unit = indent.startsWith('\t') ? '\t' : indent;
  }

  private node(path: (string | number)[]): Node | undefined {
    const root = parseTree(this.text, [], { allowTrailingComma: true });
    return root && (path.length === 0 ? root : findNodeAtLocation(root, path));
  }

  private splice(start: number, end: number, insert: string) {
    this.text = this.text.slice(0, start) + insert + this.text.slice(end);
  }

  private lineStart(offset: number) {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  /** The value at `path`, replaced in place (its key and surrounding comments stay); added if missing. */
  set(path: (string | number)[], value: Json) {
    const node = this.node(path);
    if (node) return this.splice(node.offset, node.offset + node.length, this.json(value, this.lineStart(node.offset)));
    const parent = this.node(path.slice(0, -1));
    if (parent?.type === 'object') this.add(parent, String(path.at(-1)), value);
  }

  /** Replaces the value at `path` with raw text (e.g. an object wrapping the old value's own text). */
  setRaw(path: (string | number)[], text: string) {
    const node = this.node(path)!;
    this.splice(node.offset, node.offset + node.length, text);
  }

  /** The text of the value at `path`, as written. */
  raw(path: (string | number)[]): string {
    const node = this.node(path)!;
    return this.text.slice(node.offset, node.offset + node.length);
  }

  /** Renames a key, keeping its value and what is between them. */
  rename(path: (string | number)[], key: string) {
    const keyNode = this.node(path)!.parent!.children![0];
    this.splice(keyNode.offset, keyNode.offset + keyNode.length, JSON.stringify(key));
  }

  /** A value as JSON indented to sit on a line that starts at `lineStart`. */
  private json(value: Json, lineStart: number) {
    const indent = /^[ \t]*/.exec(this.text.slice(lineStart))![0];
    return JSON.stringify(value, null, this.unit).split('\n').join(`${this.eol}${indent}`);
  }

  /** `"key": value` after an object's last property: on a line of its own, or inside a one-line object. */
  private add(object: Node, key: string, value: Json) {
    const last = object.children?.at(-1);
    const close = object.offset + object.length - 1;
    if (!last) return this.splice(close, close, ` ${JSON.stringify(key)}: ${JSON.stringify(value)} `);
    const end = last.offset + last.length;
    const after = this.text.slice(end, close);
    const comma = /^\s*,/.test(after);
    const newline = after.search(/\r?\n/);
    if (newline === -1) {
      // One line: `{ "a": 1 }` -> `{ "a": 1, "key": value }`.
      const at = comma ? end + after.indexOf(',') + 1 : end;
      return this.splice(at, at, `${comma ? '' : ','} ${JSON.stringify(key)}: ${JSON.stringify(value)}${comma ? ',' : ''}`);
    }
    // After the last property's line (its comma and comment stay with it).
    const indent = /^[ \t]*/.exec(this.text.slice(this.lineStart(last.offset)))![0];
    const at = end + newline;
    const line = `${this.eol}${indent}${JSON.stringify(key)}: ${this.json(value, this.lineStart(last.offset))}${comma ? ',' : ''}`;
    this.splice(at, at, line);
    if (!comma) this.splice(end, end, ',');
  }

  /** Removes the property at `path`: its own lines when it has them, else the entry and one comma. */
  remove(path: (string | number)[]) {
    const property = this.node(path)?.parent;
    const siblings = property?.parent?.children;
    if (property && siblings) this.removeEntry(siblings, siblings.indexOf(property));
  }

  /** Removes the item at `index` of the array at `path`, the way `remove` removes a property. */
  removeAt(path: (string | number)[], index: number) {
    this.removeEntry(this.node(path)!.children!, index);
  }

  /** Removes one entry of an object (a property) or an array (an item) and one comma. */
  private removeEntry(siblings: Node[], index: number) {
    const entry = siblings[index];
    const start = entry.offset;
    const end = entry.offset + entry.length;
    const lineStart = this.lineStart(start);
    const rest = /^[ \t]*,?[ \t]*(\r?\n|$)/.exec(this.text.slice(end));
    const comment = /^([ \t]*,)?[ \t]*(\/\/|\/\*)/.exec(this.text.slice(end));
    if (this.text.slice(lineStart, start).trim() === '' && comment) {
      // A comment after it on its line stays, as written: only the entry and its comma go.
      return this.splice(start, end + (comment[1]?.length ?? 0), '');
    }
    if (this.text.slice(lineStart, start).trim() === '' && rest) {
      // Its whole lines; the comma before it goes too when it was the last one and had none itself
      // (a comma append added, or one the last property's removal left behind).
      this.splice(lineStart, end + rest[0].length, '');
      const previous = siblings[index - 1];
      if (index === siblings.length - 1 && previous && !rest[0].includes(',')) {
        const at = previous.offset + previous.length;
        const comma = this.text.indexOf(',', at);
        if (comma !== -1 && comma < lineStart && /^\s*$/.test(this.text.slice(at, comma))) this.splice(comma, comma + 1, '');
      }
      return;
    }
    const next = siblings[index + 1];
    if (next) return this.splice(start, next.offset, '');
    const previous = siblings[index - 1];
    this.splice(previous ? previous.offset + previous.length : start, end + (/^\s*,/.exec(this.text.slice(end))?.[0].length ?? 0), '');
  }

  /** Appends a value to the array at `path`: on a line of its own in a multi-line array, else after the last item. */
  append(path: (string | number)[], value: Json) {
    const array = this.node(path)!;
    const last = array.children?.at(-1);
    const close = array.offset + array.length - 1;
    if (!last) return this.splice(close, close, JSON.stringify(value));
    const end = last.offset + last.length;
    const after = this.text.slice(end, close);
    const comma = /^\s*,/.exec(after);
    const newline = after.search(/\r?\n/);
    if (newline === -1) {
      // A trailing comma already there: the value goes after it, and keeps one of its own.
      if (comma) return this.splice(end + comma[0].length, end + comma[0].length, ` ${JSON.stringify(value)},`);
      return this.splice(end, end, `, ${JSON.stringify(value)}`);
    }
    // After the last item's line (its comma and comment stay with it), indented like it.
    const indent = /^[ \t]*/.exec(this.text.slice(this.lineStart(last.offset)))![0];
    const at = end + newline;
    this.splice(at, at, `${this.eol}${indent}${JSON.stringify(value)}${comma ? ',' : ''}`);
    if (!comma) this.splice(end, end, ',');
  }
}
