// A tiny YAML writer for property tests: a tree of nodes, each carrying the style a person might
// have written it in (block/flow, quoting, comments, indentless sequences), rendered to the text a
// hand-written compose file would hold. The data it means is read back with the `yaml` library, so
// this writer only has to produce valid YAML, not know what it means.

export type Quote = 'plain' | 'double' | 'single';

export type YNode =
  | { k: 'scalar'; v: string; q: Quote }
  | { k: 'alias'; name: string }
  /** `key:` with nothing after it (null). */
  | { k: 'empty' }
  /** A `|` block scalar (block context only). */
  | { k: 'literal'; lines: string[] }
  | { k: 'map'; flow: boolean; anchor?: string; items: YPair[]; endComment?: string }
  | { k: 'seq'; flow: boolean; items: YItem[]; endComment?: string };

export interface YPair {
  key: string;
  kq: Quote;
  value: YNode;
  /** Written after the value on its line (after the key for a block collection), e.g. `  # c`. */
  comment?: string;
}

export interface YItem {
  value: YNode;
  comment?: string;
}

export interface YStyle {
  step: number;
  /** `key:\n- item` rather than `key:\n  - item`. */
  indentless: boolean;
}

export const scalar = (v: string, q: Quote = 'plain'): YNode => ({ k: 'scalar', v, q });
export const pair = (key: string, value: YNode, more: Partial<YPair> = {}): YPair => ({ key, kq: 'plain', value, ...more });

const FLOW_UNSAFE = /[,[\]{}]/;

/** Whether `v` can be written unquoted and still read back as the string `v` (or, for numbers, as written). */
function plainOk(v: string, flow: boolean): boolean {
  if (v === '' || /^\s|\s$/.test(v)) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(v) && !/^-[^\s]/.test(v)) return false;
  if (v.startsWith('- ') || v === '-') return false;
  if (v.includes(': ') || v.includes(' #') || v.endsWith(':')) return false;
  if (flow && FLOW_UNSAFE.test(v)) return false;
  if (/^(true|false|yes|no|on|off|null|~|y|n)$/i.test(v)) return false;
  return true;
}

export function quote(v: string, q: Quote, flow: boolean): string {
  if (q === 'plain' && plainOk(v, flow)) return v;
  if (q === 'single') return `'${v.replace(/'/g, "''")}'`;
  return JSON.stringify(v);
}

const keyText = (p: YPair, flow: boolean) => (p.key === '<<' ? '<<' : quote(p.key, p.kq, flow));
const comment = (c: string | undefined) => (c === undefined ? '' : c);

/** A node written inline (flow). */
export function inline(node: YNode): string {
  switch (node.k) {
    case 'scalar':
      return quote(node.v, node.q, true);
    case 'alias':
      return `*${node.name}`;
    case 'empty':
      return 'null';
    case 'literal':
      return JSON.stringify(node.lines.join('\n') + '\n');
    case 'map':
      return `${node.anchor ? `&${node.anchor} ` : ''}{${node.items.map((p) => `${keyText(p, true)}: ${inline(p.value)}`).join(', ')}}`;
    case 'seq':
      return `[${node.items.map((i) => inline(i.value)).join(', ')}]`;
  }
}

const isBlockCollection = (node: YNode) => (node.k === 'map' || node.k === 'seq') && !node.flow && node.items.length > 0;

/** The lines of a block mapping's pairs at column `indent`. */
export function mapLines(map: Extract<YNode, { k: 'map' }>, indent: number, style: YStyle): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const p of map.items) {
    const key = `${pad}${keyText(p, false)}:`;
    const v = p.value;
    if (v.k === 'map' && isBlockCollection(v)) {
      lines.push(`${key}${v.anchor ? ` &${v.anchor}` : ''}${comment(p.comment)}`, ...mapLines(v, indent + style.step, style));
    } else if (v.k === 'seq' && isBlockCollection(v)) {
      lines.push(`${key}${comment(p.comment)}`, ...seqLines(v, indent + (style.indentless ? 0 : style.step), style));
    } else if (v.k === 'empty') {
      lines.push(`${key}${comment(p.comment)}`);
    } else if (v.k === 'literal') {
      lines.push(`${key} |${comment(p.comment)}`, ...v.lines.map((l) => `${' '.repeat(indent + style.step)}${l}`));
    } else {
      lines.push(`${key} ${inline(v)}${comment(p.comment)}`);
    }
  }
  if (map.endComment !== undefined) lines.push(`${pad}${map.endComment}`);
  return lines;
}

/** The lines of a block sequence's items, dashes at column `indent`. */
export function seqLines(seq: Extract<YNode, { k: 'seq' }>, indent: number, style: YStyle): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const item of seq.items) {
    const v = item.value;
    if (v.k === 'map' && isBlockCollection(v) && v.items.every((p) => !isBlockCollection(p.value) && p.value.k !== 'literal')) {
      // `- type: bind` then the other keys under the first one.
      const inner = mapLines({ ...v, endComment: undefined }, indent + 2, style);
      lines.push(`${pad}- ${inner[0].trimStart()}${comment(item.comment)}`, ...inner.slice(1));
    } else {
      lines.push(`${pad}- ${inline(v)}${comment(item.comment)}`);
    }
  }
  if (seq.endComment !== undefined) lines.push(`${pad}${seq.endComment}`);
  return lines;
}
