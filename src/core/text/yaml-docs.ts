// A YAML file of several documents (`---`), edited one document at a time through YamlText, the
// one edit protocol (yaml.ts, edits.ts). YamlText parses its text as one document, so each
// document gets a YamlText of its own, over its own part of the file (from its `---` line to the
// next one), preceded by as many line breaks as the file has before it: offsets then differ from
// the file's, but lines and columns do not, so `file:line` messages point at the right line.
// The parts are joined again in result(); every byte outside the edits stays as it was.
import { parseAllDocuments, type Document } from 'yaml';
import { InputError } from '../errors.js';
import { YamlText } from './yaml.js';

export interface YamlPart {
  yaml: YamlText;
  /** The line breaks standing in for the file before this part. */
  pad: string;
}

export class YamlDocuments {
  readonly parts: YamlPart[] = [];

  /** `parsed`: the text's documents when the caller has parsed it already (with `merge: true`). */
  constructor(
    readonly text: string,
    readonly file: string,
    parsed?: Document.Parsed[],
  ) {
    const docs = parsed ?? parseAllDocuments(text, { merge: true });
    if (!Array.isArray(docs)) return; // nothing but comments, or empty: no document to edit
    for (const doc of docs) {
      const [error] = doc.errors;
      if (error) {
        const line = error.linePos?.[0].line ?? '?';
        throw new InputError([`${file}:${line}: ${error.message.split('\n')[0]} — fix the YAML and run again`]);
      }
    }
    // Each document from the start of the line its range starts on (`---`); the first from the file's start.
    const starts = docs.map((doc, i) => (i === 0 ? 0 : text.lastIndexOf('\n', doc.range[0] - 1) + 1));
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    starts.forEach((start, i) => {
      const part = text.slice(start, starts[i + 1] ?? text.length);
      const pad = eol.repeat(text.slice(0, start).split('\n').length - 1);
      this.parts.push({ yaml: new YamlText(pad + part, file), pad });
    });
  }

  /** The file with every part's edits applied; each part verified as YamlText verifies, the whole re-parsed. */
  result(): string {
    if (this.parts.length === 0) return this.text;
    const out = this.parts
      .map(({ yaml, pad }) => {
        const text = yaml.result();
        if (!text.startsWith(pad))
          throw new Error(`${this.file}: an edit reached before its document (a bug in generator-nonroot: please report it)`);
        return text.slice(pad.length);
      })
      .join('');
    if (out === this.text) return out;
    const docs = parseAllDocuments(out, { merge: true });
    const count = Array.isArray(docs) ? docs.length : 0;
    const error = Array.isArray(docs) ? docs.flatMap((doc) => doc.errors)[0] : undefined;
    if (error || count !== this.parts.length)
      throw new Error(
        `${this.file}: the merge wrote YAML that does not parse as ${this.parts.length} documents ` +
          `(a bug in generator-nonroot: please report it)${error ? `: ${error.message}` : ''}`,
      );
    return out;
  }
}
