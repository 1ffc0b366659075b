// Reading the repo's own files: a file that cannot be parsed stops the run with file:line and the
// next step, never a stack trace. Layout discovery, the merges and (later) the audit share these.
import { findNodeAtLocation, parse, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { parseDocument, type Document } from 'yaml';
import { InputError } from './errors.js';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const offsetLine = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

/** A devcontainer.json (JSONC: comments and trailing commas) that must hold an object. */
export function parseJsonc(text: string, file: string): Record<string, Json> {
  const errors: ParseError[] = [];
  const value = parse(text, errors, { allowTrailingComma: true });
  if (errors.length > 0) {
    const { error, offset } = errors[0];
    throw new InputError([`${file}:${offsetLine(text, offset)}: ${printParseErrorCode(error)} — fix the JSON and run again`]);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError([`${file}:1: expected an object ({ ... }) — fix it or move it aside and run again`]);
  }
  return value;
}

/** The 1-based line of the value at `path` in a JSONC text (of its parent when it is missing, else 1). */
export function jsonLine(text: string, path: (string | number)[]): number {
  const root = parseTree(text, [], { allowTrailingComma: true });
  for (let depth = path.length; root && depth > 0; depth -= 1) {
    const node = findNodeAtLocation(root, path.slice(0, depth));
    if (node) return offsetLine(text, node.parent?.type === 'property' ? node.parent.offset : node.offset);
  }
  return 1;
}

/** A YAML document (compose file); `parseDocument` never throws, its errors are reported here. */
export function parseYaml(text: string, file: string): Document.Parsed {
  // merge: compose reads `<<: *anchor` merge keys (YAML 1.1), which YAML 1.2 leaves as plain keys.
  const doc = parseDocument(text, { merge: true });
  const [error] = doc.errors;
  if (error) {
    const line = error.linePos?.[0].line ?? '?';
    throw new InputError([
      `${file}:${line}: ${error.message.split('\n')[0]} — fix the YAML (docker compose config shows it too) and run again`,
    ]);
  }
  return doc;
}

/** The 1-based line of a yaml node, for messages. */
export function nodeLine(text: string, node: { range?: [number, number, number] | null } | null | undefined): number {
  return offsetLine(text, node?.range?.[0] ?? 0);
}
