// A manifest file as YAML documents (`---`-separated, any number), or the reason it cannot be read
// as one: YAML that does not parse, or a template. Never a thrown error: the audit reports a
// skipped file at file:line and goes on (a chart's templates/ are never read at all).
import { parseAllDocuments, visit, type Document } from 'yaml';

export interface Skipped {
  file: string;
  line: number;
  reason: string;
}

export type ReadDocuments = { docs: Document.Parsed[] } | { skipped: Skipped };

const lineAt = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

/**
 * Offsets of `{{` that are not inside a scalar. `summary: "{{ $labels.pod }} is down"` (an alert
 * rule in a ConfigMap) is data; `image: {{ .Values.image }}` parses too, as a flow mapping whose
 * key is a flow mapping, and is a template: Helm's templates are Go templates, not YAML
 * (https://helm.sh/docs/chart_template_guide/getting_started/).
 */
function templateMarks(text: string, docs: Document.Parsed[]): number[] {
  const marks: number[] = [];
  for (let at = text.indexOf('{{'); at !== -1; at = text.indexOf('{{', at + 2)) marks.push(at);
  if (marks.length === 0) return [];
  const scalars: [number, number][] = [];
  for (const doc of docs) {
    visit(doc, {
      Scalar(_, node) {
        if (node.range) scalars.push([node.range[0], node.range[1]]);
      },
    });
  }
  return marks.filter((at) => !scalars.some(([start, end]) => start <= at && at < end));
}

/** Comment lines only: `{{` there (`# image: {{ ... }}`) is no template of this file. */
function inComment(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /(^|\s)#/.test(text.slice(lineStart, offset));
}

export function readDocuments(text: string, file: string): ReadDocuments {
  // merge: kubectl reads YAML with go-yaml, which applies `<<: *anchor` merge keys (YAML 1.1).
  const docs = parseAllDocuments(text, { merge: true });
  if (!Array.isArray(docs)) return { docs: [] };
  const template = templateMarks(text, docs).filter((at) => !inComment(text, at));
  if (template.length > 0) {
    return {
      skipped: {
        file,
        line: lineAt(text, template[0]),
        reason: 'Go template syntax ({{ … }}): a template, not a manifest; it is read as text only, never edited',
      },
    };
  }
  for (const doc of docs) {
    const [error] = doc.errors;
    if (error) {
      const line = error.linePos?.[0].line ?? lineAt(text, error.pos[0]);
      return { skipped: { file, line, reason: `not valid YAML: ${error.message.split('\n')[0]}` } };
    }
    // What parses can still fail to mean data: `<<: ` with no mapping after it, an alias of nothing.
    const data = dataOf(doc);
    if ('error' in data) return { skipped: { file, line: lineAt(text, doc.range[0]), reason: `not valid YAML: ${data.error}` } };
  }
  return { docs: [...docs] }; // (an empty stream is an array of its own class)
}

/** A document's data (merge keys applied, aliases resolved), or why it has none. */
export function dataOf(doc: Document.Parsed): { data: unknown } | { error: string } {
  try {
    return { data: doc.toJS({ maxAliasCount: -1 }) };
  } catch (error) {
    return { error: (error as Error).message.split('\n')[0] };
  }
}

export { lineAt };
