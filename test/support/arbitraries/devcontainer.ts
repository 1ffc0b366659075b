// fast-check arbitraries for devcontainer.json files as people write them (JSONC: line and block
// comments, trailing commas, tabs or spaces, CRLF), the WantedDevcontainer a run passes, and an
// independent model of the merge's result.
import fc from 'fast-check';
import { createScanner, findNodeAtLocation, parse, parseTree, type Node as JNode, type ParseError } from 'jsonc-parser';
import type { WantedDevcontainer } from '../../../src/app/merge/devcontainer.js';

const KEEP_ID = '--userns=keep-id:uid=1000,gid=1000';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A value as written: JSON text on one line, or an object/array over several lines. */
type JValue =
  | { k: 'inline'; v: Json; comment?: string; /** between the key and the value */ lead?: string }
  | { k: 'object'; props: JProp[] }
  | { k: 'array'; items: Json[] };

interface JProp {
  key: string;
  value: JValue;
  /** A comment line (`// …` or `/* … *\/`) above the property. */
  before?: string;
  /** A comment after the property's comma (or value) on its line. */
  after?: string;
  /** The whole property is commented out: `// "remoteUser": "node",`. */
  commented?: boolean;
}

interface JStyle {
  indent: string;
  eol: string;
  trailingCommas: boolean;
}

function objectLines(props: JProp[], depth: number, style: JStyle): string[] {
  const pad = style.indent.repeat(depth);
  const lines: string[] = [];
  const live = props.filter((p) => !p.commented);
  for (const p of props) {
    if (p.before !== undefined) lines.push(`${pad}${p.before}`);
    const last = p === live.at(-1);
    const comma = p.commented || !last || style.trailingCommas ? ',' : '';
    const after = p.after === undefined ? '' : ` ${p.after}`;
    const head = `${p.commented ? '// ' : ''}${JSON.stringify(p.key)}: `;
    if (p.value.k === 'inline') {
      const lead = p.value.lead ? `${p.value.lead} ` : '';
      const text = `${lead}${p.value.comment ? inlineWithComment(p.value.v, p.value.comment) : JSON.stringify(p.value.v)}`;
      lines.push(`${pad}${head}${text}${comma}${after}`);
    } else if (p.value.k === 'array') {
      lines.push(
        `${pad}${head}[`,
        ...p.value.items.map(
          (v, i) =>
            `${pad}${style.indent}${JSON.stringify(v)}` +
            `${i < (p.value as { items: Json[] }).items.length - 1 || style.trailingCommas ? ',' : ''}`,
        ),
        `${pad}]${comma}${after}`,
      );
    } else {
      lines.push(`${pad}${head}{`, ...objectLines(p.value.props, depth + 1, style), `${pad}}${comma}${after}`);
    }
  }
  return lines;
}

function valueOf(v: JValue): Json {
  if (v.k === 'inline') return v.v;
  if (v.k === 'array') return v.items;
  return Object.fromEntries(v.props.filter((p) => !p.commented).map((p) => [p.key, valueOf(p.value)]));
}

/** An array written inline with a block comment before its last item: `["sh", "-c", /* why *\/ "x"]`. */
function inlineWithComment(v: Json, comment: string): string {
  if (!Array.isArray(v) || v.length === 0) return JSON.stringify(v);
  const items = v.map((i) => JSON.stringify(i));
  items[items.length - 1] = `${comment} ${items.at(-1)}`;
  return `[${items.join(', ')}]`;
}

export interface DevcontainerCase {
  text: string;
  kind: 'image' | 'compose' | 'dockerfile';
}

export const OURS = 'sh "${localWorkspaceFolder}/.nonroot/host-ids.sh"';

const lineComment = fc.constantFrom('// keep this', '// Please keep these comments!', '//no space', '// "remoteUser": "root"');
const blockComment = fc.constantFrom('/* block */', '/* multi word, with: punctuation */', '/** doc */');
const commentArb = fc.option(fc.oneof(lineComment, blockComment), { nil: undefined, freq: 3 });

const prop = (key: string, value: fc.Arbitrary<JValue>) =>
  fc
    .record({ value, before: commentArb, after: fc.option(fc.oneof(lineComment, blockComment), { nil: undefined, freq: 4 }) })
    .map(({ value: v, before, after }): JProp => ({ key, value: v, before, after }));

const inline = (v: Json): JValue => ({ k: 'inline', v });

const initializeArb: fc.Arbitrary<JValue | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom<JValue>(inline('echo starting'), inline(OURS)),
  fc.constantFrom<JValue>(
    inline(['sh', '-c', 'echo hi']),
    { k: 'array', items: ['sh', '-c', 'echo hi'] },
    { k: 'inline', v: ['sh', '-c', 'echo hi'], comment: '/* why */' },
  ),
  fc.constantFrom<JValue>(
    { k: 'object', props: [{ key: 'env', value: inline('echo env') }] },
    {
      k: 'object',
      props: [
        { key: 'env', value: inline('echo env') },
        { key: 'nonroot', value: inline('sh old.sh') },
      ],
    },
    { k: 'object', props: [{ key: 'nonroot', value: inline(OURS), after: '// ours' }] },
  ),
);

export const devcontainerArb: fc.Arbitrary<DevcontainerCase> = fc
  .record({
    kind: fc.constantFrom<DevcontainerCase['kind']>('image', 'compose', 'dockerfile'),
    indent: fc.constantFrom('\t', '  ', '    '),
    crlf: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
    trailingCommas: fc.boolean(),
    header: fc.option(fc.constantFrom("// Our team's dev container.", '/* generated once, edited since */'), { nil: undefined }),
    trailer: fc.option(fc.constant('// end'), { nil: undefined }),
    finalNewline: fc.boolean(),
    remoteUser: fc.constantFrom<'absent' | 'present' | 'commented'>('absent', 'present', 'commented'),
    initialize: initializeArb,
    containerUser: fc.boolean(),
    update: fc.boolean(),
    name: fc.boolean(),
    features: fc.boolean(),
    customizations: fc.boolean(),
    ports: fc.boolean(),
    postCreate: fc.boolean(),
    workspaceFolder: fc.boolean(),
    // runArgs people write, one-line or one item per line, with or without a keep-id of a past run.
    runArgs: fc.constantFrom<JValue | undefined>(
      undefined,
      inline(['--network=host']),
      inline([]),
      { k: 'array', items: ['--env-file', '.devcontainer/devcontainer.env'] },
      inline(['--cap-add=SYS_PTRACE', KEEP_ID]),
      { k: 'array', items: [KEEP_ID] },
      { k: 'array', items: ['--init', KEEP_ID, '--network=none'] },
    ),
    oneLine: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
  })
  .chain((r) => {
    const props: fc.Arbitrary<JProp>[] = [];
    if (r.name) props.push(prop('name', fc.constant(inline('Shop'))));
    if (r.kind === 'image')
      props.push(
        prop(
          'image',
          fc.constantFrom<JValue>(inline('mcr.microsoft.com/devcontainers/typescript-node:20'), inline('node:20'), {
            k: 'inline',
            v: 'node:20',
            lead: '/* pinned */',
          }),
        ),
      );
    if (r.kind === 'compose') {
      props.push(
        prop(
          'dockerComposeFile',
          fc.constantFrom<JValue>(inline('../compose.yml'), { k: 'array', items: ['../compose.yml', 'compose.dev.yml'] }),
        ),
      );
      props.push(prop('service', fc.constant(inline('app'))));
    }
    if (r.kind === 'dockerfile')
      props.push(
        prop(
          'build',
          fc.constantFrom<JValue>(
            {
              k: 'object',
              props: [
                { key: 'dockerfile', value: inline('Dockerfile') },
                { key: 'context', value: inline('..') },
              ],
            },
            inline({ dockerfile: 'Dockerfile' }),
          ),
        ),
      );
    if (r.workspaceFolder) props.push(prop('workspaceFolder', fc.constant(inline('/workspaces/shop'))));
    if (r.features)
      props.push(
        prop(
          'features',
          fc.constantFrom<JValue>(inline({}), { k: 'object', props: [{ key: 'ghcr.io/devcontainers/features/git:1', value: inline({}) }] }),
        ),
      );
    if (r.customizations) {
      props.push(
        prop(
          'customizations',
          fc.constant<JValue>({
            k: 'object',
            props: [
              {
                key: 'vscode',
                value: {
                  k: 'object',
                  props: [{ key: 'extensions', value: { k: 'array', items: ['dbaeumer.vscode-eslint'] }, after: '// lint' }],
                },
              },
            ],
          }),
        ),
      );
    }
    if (r.ports) props.push(prop('forwardPorts', fc.constant(inline([3000]))));
    if (r.postCreate) props.push(prop('postCreateCommand', fc.constant(inline('npm ci'))));
    if (r.remoteUser !== 'absent')
      props.push(
        prop(
          'remoteUser',
          fc.constantFrom<JValue>(inline('node'), inline('vscode'), { k: 'inline', v: 'node', lead: '/* for now */' }),
        ).map((p) => ({ ...p, commented: r.remoteUser === 'commented' })),
      );
    if (r.containerUser) props.push(prop('containerUser', fc.constantFrom(inline('node'), inline('ana'))));
    if (r.update) props.push(prop('updateRemoteUserUID', fc.constantFrom(inline(true), inline(false))));
    if (r.initialize) props.push(prop('initializeCommand', fc.constant(r.initialize)));
    if (r.runArgs) props.push(prop('runArgs', fc.constant(r.runArgs)));
    return fc.tuple(...props).chain((ps) =>
      fc.shuffledSubarray(ps, { minLength: ps.length }).map((ordered) => {
        const style: JStyle = { indent: r.indent, eol: r.crlf ? '\r\n' : '\n', trailingCommas: r.trailingCommas };
        if (r.oneLine) {
          // `{ "image": "node:20", "remoteUser": "node" }`: values only, no comments inside.
          const data = Object.fromEntries(ordered.filter((p) => !p.commented).map((p) => [p.key, valueOf(p.value)]));
          const body = Object.entries(data)
            .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
            .join(', ');
          return { text: `${r.header ? `${r.header}${style.eol}` : ''}{ ${body} }${r.finalNewline ? style.eol : ''}`, kind: r.kind };
        }
        const lines = [...(r.header ? [r.header] : []), '{', ...objectLines(ordered, 1, style), '}', ...(r.trailer ? [r.trailer] : [])];
        return { text: lines.join(style.eol) + (r.finalNewline ? style.eol : ''), kind: r.kind };
      }),
    );
  });

export const wantedDevcontainerArb = (c: DevcontainerCase): fc.Arbitrary<WantedDevcontainer> =>
  fc
    .record({
      user: fc.constantFrom('ana', 'node'),
      update: fc.boolean(),
      initialize: fc.constantFrom<string | undefined>(OURS, undefined),
      service: c.kind === 'compose' ? fc.constantFrom<string | undefined>(undefined, 'app', 'dev') : fc.constant(undefined),
      workspaceFolder: fc.constantFrom<string | undefined>(undefined, '/workspace'),
      runArgs:
        c.kind === 'compose'
          ? fc.constant(undefined)
          : fc.constantFrom<string[] | undefined>(undefined, [KEEP_ID], ['--userns=keep-id:uid=1234,gid=1234']),
      build:
        c.kind === 'image'
          ? fc.constantFrom(undefined, { dockerfile: 'Dockerfile', context: '.' }, { dockerfile: '../Dockerfile', context: '..' })
          : fc.constant(undefined),
    })
    .map(({ user, update, initialize, service, workspaceFolder, build, runArgs }) => ({
      containerUser: user,
      remoteUser: user,
      updateRemoteUserUID: update,
      ...(initialize !== undefined ? { initializeCommand: initialize } : {}),
      ...(service !== undefined ? { service } : {}),
      ...(workspaceFolder !== undefined ? { workspaceFolder } : {}),
      ...(build !== undefined ? { build } : {}),
      ...(runArgs !== undefined ? { runArgs } : {}),
    }));

export function parseJsoncStrict(text: string): { value: Record<string, Json>; errors: ParseError[] } {
  const errors: ParseError[] = [];
  const value = parse(text, errors, { allowTrailingComma: true }) as Record<string, Json>;
  return { value, errors };
}

const isOurs = (v: Json | undefined) => typeof v === 'string' && v.includes('.nonroot/host-ids.sh');

/** The data the merge must produce: the original plus exactly the owned keys. */
export function expectedDevcontainer(original: Record<string, Json>, w: WantedDevcontainer): Record<string, Json> {
  const out = JSON.parse(JSON.stringify(original)) as Record<string, Json>;
  if (w.build && typeof original.image === 'string') {
    delete out.image;
    out.build = { dockerfile: w.build.dockerfile, ...(w.build.context === '.' ? {} : { context: w.build.context }) };
  }
  for (const key of ['service', 'workspaceFolder', 'containerUser', 'remoteUser', 'updateRemoteUserUID'] as const) {
    if (w[key] !== undefined) out[key] = w[key] as Json;
  }
  const current = original.initializeCommand;
  const named = current !== null && typeof current === 'object' && !Array.isArray(current) ? (current as Record<string, Json>) : undefined;
  if (w.initializeCommand === undefined) {
    if (isOurs(current)) delete out.initializeCommand;
    else if (named && 'nonroot' in named) delete (out.initializeCommand as Record<string, Json>).nonroot;
  } else if (current === undefined || isOurs(current)) out.initializeCommand = w.initializeCommand;
  else if (named) (out.initializeCommand as Record<string, Json>).nonroot = w.initializeCommand;
  else out.initializeCommand = { project: current, nonroot: w.initializeCommand };
  // runArgs: a keep-id item is ours; the wanted ones are there once, the user's own stay in order.
  const wantedArgs = w.runArgs ?? [];
  if (Array.isArray(original.runArgs)) {
    const ours = (item: Json) => typeof item === 'string' && item.startsWith('--userns=keep-id');
    const kept = original.runArgs.filter((item) => !ours(item) || wantedArgs.includes(item as string));
    const args = [...kept, ...wantedArgs.filter((item) => !kept.includes(item))];
    if (args.length === 0 && original.runArgs.length > 0) delete out.runArgs;
    else out.runArgs = args;
  } else if (original.runArgs === undefined && wantedArgs.length > 0) out.runArgs = wantedArgs;
  return out;
}

/** The text of every comment, in order. */
export function comments(text: string): string[] {
  const scanner = createScanner(text, false);
  const found: string[] = [];
  for (let kind = scanner.scan(); kind !== 17 /* EOF */; kind = scanner.scan()) {
    if (kind === 12 /* LineCommentTrivia */ || kind === 13 /* BlockCommentTrivia */) found.push(scanner.getTokenValue());
  }
  return found;
}

/** The top-level property node of `key`, or (for a path) the nested one. */
export function propertyAt(text: string, path: string[]): JNode | undefined {
  const tree = parseTree(text, [], { allowTrailingComma: true });
  return tree ? findNodeAtLocation(tree, path)?.parent : undefined;
}

/**
 * The text with the properties the merge may rewrite blanked out (their whole `"key": value`):
 * the owned keys, the image (-> build), initializeCommand (joined or rewritten).
 */
export function maskOwned(text: string, keys: string[][]): string {
  const ranges = keys
    .map((path) => propertyAt(text, path))
    .filter((n): n is JNode => n !== undefined)
    .map((n) => [n.offset, n.offset + n.length] as const)
    .sort((a, b) => b[0] - a[0]);
  let out = text;
  let lastStart = Infinity;
  for (const [a, b] of ranges) {
    if (b > lastStart) continue; // nested in one already masked
    out = out.slice(0, a) + '⟦⟧' + out.slice(b);
    lastStart = a;
  }
  // Inside runArgs only the keep-id item is owned: the user's items around it are not.
  // A runArgs holding nothing but ours is the generator's whole.
  return out.replace(/"--userns=keep-id[^"]*"/g, '⟦⟧').replace(/"runArgs":\s*\[\s*(⟦⟧\s*,?\s*)*\]/g, '⟦⟧');
}
