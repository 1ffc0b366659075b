// fast-check arbitraries for compose files as people write them, the WantedService a run would
// pass for them, and an independent model of what the merge must produce (data and bytes).
import fc from 'fast-check';
import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import type { WantedService } from '../../../src/app/merge/compose.js';
import { mapLines, pair, scalar, type Quote, type YItem, type YNode, type YPair, type YStyle } from './yaml-emit.js';

export const HOST_UID = '${HOST_UID:?run sh .nonroot/host-ids.sh}';
export const HOST_GID = '${HOST_GID:?run sh .nonroot/host-ids.sh}';

type Obj = Record<string, unknown>;
type MapNode = Extract<YNode, { k: 'map' }>;
type SeqNode = Extract<YNode, { k: 'seq' }>;

// ---------------------------------------------------------------- styles and small pieces

const quoteArb: fc.Arbitrary<Quote> = fc.constantFrom<Quote>('plain', 'plain', 'double', 'single');
const commentArb = fc.option(fc.constantFrom('  # note', ' # keep: me', '   # x', '\t# tab before'), { nil: undefined, freq: 3 });
const endCommentArb = fc.option(fc.constantFrom('# end of block', '# TODO: more'), { nil: undefined, freq: 4 });

const m = (items: YPair[], flow = false, more: Partial<MapNode> = {}): MapNode => ({ k: 'map', flow, items, ...more });
const s = (items: YItem[], flow = false, more: Partial<SeqNode> = {}): SeqNode => ({ k: 'seq', flow, items, ...more });

/** A pair with a random key quoting and maybe a comment after it. */
const pairArb = (key: string, value: fc.Arbitrary<YNode>) =>
  fc.record({ value, kq: quoteArb, comment: commentArb }).map(({ value: v, kq, comment }) => pair(key, v, { kq, comment }));

const scalarArb = (v: string) => quoteArb.map((q) => scalar(v, q));

/** A list of scalars, block or flow, with item comments (block only) and an end comment. */
const listArb = (values: fc.Arbitrary<YNode[]>) =>
  fc
    .record({ values, flow: fc.boolean(), comments: fc.array(commentArb, { minLength: 8, maxLength: 8 }), end: endCommentArb })
    .map(({ values: vs, flow, comments, end }) =>
      s(
        vs.map((value, i) => ({ value, comment: flow ? undefined : comments[i] })),
        flow,
        flow ? {} : { endComment: end },
      ),
    );

/** A mapping of scalar values, block or flow. */
const mapArb = (entries: fc.Arbitrary<[string, string][]>) =>
  fc
    .record({
      entries,
      flow: fc.boolean(),
      quotes: fc.array(quoteArb, { minLength: 8, maxLength: 8 }),
      comments: fc.array(commentArb, { minLength: 8, maxLength: 8 }),
      end: endCommentArb,
    })
    .map(({ entries: es, flow, quotes, comments, end }) =>
      m(
        es.map(([k, v], i) => pair(k, scalar(v, quotes[i]), { kq: quotes[(i + 3) % 8], comment: flow ? undefined : comments[i] })),
        flow,
        flow ? {} : { endComment: end },
      ),
    );

// ---------------------------------------------------------------- the compose file

export interface ComposeCase {
  text: string;
  /** The compose project directory, repo-relative: '.' or 'docker' (mounts then use '..'). */
  dir: string;
}

const ARG_POOL: [string, string][] = [
  ['NODE_ENV', 'development'],
  ['UID', '1000'],
  ['GID', '1000'],
  ['UID', HOST_UID],
  ['GID', HOST_GID],
  ['PYTHON', '3.12'],
];

const argsArb: fc.Arbitrary<YNode> = fc
  .tuple(fc.uniqueArray(fc.constantFrom(...ARG_POOL), { selector: ([k]) => k, minLength: 1, maxLength: 4 }), fc.boolean())
  .chain<YNode>(([entries, asList]) =>
    asList ? listArb(fc.constant(entries.map(([k, v]) => scalar(`${k}=${v}`, 'plain')))) : mapArb(fc.constant(entries)),
  );

/** `build: .`, or a build mapping with or without args. */
const buildArb = (dir: string): fc.Arbitrary<YNode> =>
  fc.oneof(
    fc.constant(scalar('.')),
    fc
      .record({
        context: fc.constantFrom('.', './', dir === '.' ? './app' : '..'),
        dockerfile: fc.option(fc.constantFrom('Dockerfile', 'docker/Dockerfile.dev'), { nil: undefined }),
        target: fc.option(fc.constant('dev'), { nil: undefined }),
        args: fc.option(argsArb, { nil: undefined }),
        flow: fc.boolean(),
        order: fc.boolean(),
        end: endCommentArb,
      })
      .map(({ context, dockerfile, target, args, flow, order, end }) => {
        const items = [pair('context', scalar(context))];
        if (dockerfile) items.push(pair('dockerfile', scalar(dockerfile)));
        if (target) items.push(pair('target', scalar(target)));
        if (args)
          items.push(
            pair('args', flow && !(args as MapNode | SeqNode).flow ? { ...(args as MapNode), flow: true, endComment: undefined } : args),
          );
        if (order) items.reverse();
        return m(items, flow, flow ? {} : { endComment: end });
      }),
  );

/** The project mount as people write it, seen from the compose directory. */
const projectMountArb = (dir: string): fc.Arbitrary<YNode> => {
  const src = dir === '.' ? ['.', './'] : ['..', '../'];
  return fc.oneof(
    fc.tuple(fc.constantFrom(...src), fc.constantFrom('/code', '/app', '/app:cached'), quoteArb).map(([a, b, q]) => scalar(`${a}:${b}`, q)),
    fc
      .tuple(fc.constantFrom(...src), fc.constantFrom('/code', '/app'), fc.boolean())
      .map(([a, b, flow]) => m([pair('type', scalar('bind')), pair('source', scalar(a)), pair('target', scalar(b))], flow)),
  );
};

/** Named volume sources used by a volume list (they must be declared at the top level). */
const NAMED = ['dbdata', 'oldcache', 'home-ana-.cache'];

const appVolumesArb = (dir: string) =>
  fc
    .record({
      project: fc.option(projectMountArb(dir), { nil: undefined }),
      data: fc.boolean(),
      named: fc.boolean(),
      cache: fc.constantFrom(undefined, 'oldcache:/home/ana/.cache', 'home-ana-.cache:/home/ana/.cache'),
      anon: fc.boolean(),
    })
    .chain(({ project, data, named, cache, anon }) => {
      const items: YNode[] = [];
      if (project) items.push(project);
      if (data) items.push(scalar('./data:/data'));
      if (named) items.push(scalar('dbdata:/var/lib/data'));
      if (cache) items.push(scalar(cache));
      if (anon) items.push(scalar('/workspace/node_modules'));
      return items.length === 0 ? fc.constant(undefined) : listArb(fc.shuffledSubarray(items, { minLength: items.length }));
    });

/** The `x-base: &base` anchor's keys. */
const anchorArb = (dir: string) =>
  fc
    .record({
      image: fc.boolean(),
      build: fc.option(buildArb(dir), { nil: undefined }),
      volumes: fc.option(
        fc
          .oneof(projectMountArb(dir), fc.constant(scalar('./data:/data')), fc.constant(scalar('oldcache:/home/ana/.cache')))
          .chain((v) => listArb(fc.constant([v]))),
        { nil: undefined },
      ),
      env: fc.boolean(),
      restart: fc.boolean(),
    })
    .map(({ image, build, volumes, env, restart }) => {
      const items: YPair[] = [];
      if (image) items.push(pair('image', scalar('node:20')));
      if (build) items.push(pair('build', build));
      if (volumes) items.push(pair('volumes', volumes));
      if (env) items.push(pair('environment', m([pair('TZ', scalar('Europe/Berlin'))])));
      if (restart || items.length === 0) items.push(pair('restart', scalar('unless-stopped')));
      return m(items, false, { anchor: 'base' });
    });

const appArb = (dir: string, anchor: boolean, others: string[], baseHasImage: boolean) =>
  fc
    .record({
      merge: anchor ? fc.boolean() : fc.constant(false),
      image: fc.option(pairArb('image', scalarArb('node:20')), { nil: undefined }),
      build: fc.option(fc.tuple(buildArb(dir), fc.option(fc.constantFrom('   # context only', ' # b'), { nil: undefined }), quoteArb), {
        nil: undefined,
      }),
      user: fc.option(pairArb('user', fc.constantFrom('1000:1000', 'node', `${HOST_UID}:${HOST_GID}`).chain(scalarArb)), {
        nil: undefined,
      }),
      // Podman's key: a keep-id a run wrote, or the user's own value (never ours to remove).
      userns: fc.option(pairArb('userns_mode', fc.constantFrom(KEEP_ID, 'host').chain(scalarArb)), { nil: undefined, freq: 3 }),
      environment: fc.option(
        pairArb(
          'environment',
          fc.oneof(mapArb(fc.constant([['NODE_ENV', 'development']] as [string, string][])), listArb(fc.constant([scalar('A=1')]))),
        ),
        { nil: undefined },
      ),
      volumes: fc.option(appVolumesArb(dir), { nil: undefined, freq: 2 }),
      volumesComment: commentArb,
      ports: fc.option(pairArb('ports', listArb(fc.constant([scalar('3000:3000', 'double')]))), { nil: undefined }),
      command: fc.option(
        pairArb('command', fc.oneof(scalarArb('npm start'), fc.constant<YNode>({ k: 'literal', lines: ['npm ci', 'npm start'] }))),
        { nil: undefined },
      ),
      dependsOn:
        others.length > 0
          ? fc.option(pairArb('depends_on', listArb(fc.constant(others.map((o) => scalar(o))))), { nil: undefined })
          : fc.constant(undefined),
      restart: fc.option(pairArb('restart', scalarArb('unless-stopped')), { nil: undefined }),
      flow: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
      end: endCommentArb,
    })
    .chain((r) => {
      const items: YPair[] = [];
      if (r.image) items.push(r.image);
      if (r.build) items.push(pair('build', r.build[0], { comment: r.build[1], kq: r.build[2] }));
      if (r.user) items.push(r.user);
      if (r.userns) items.push(r.userns);
      if (r.environment) items.push(r.environment);
      if (r.volumes) items.push(pair('volumes', r.volumes, { comment: r.volumesComment }));
      if (r.ports) items.push(r.ports);
      if (r.command) items.push(r.command);
      if (r.dependsOn) items.push(r.dependsOn);
      if (r.restart || items.length === 0) items.push(r.restart ?? pair('restart', scalar('unless-stopped')));
      // compose wants an image or a build: the anchor may bring one, else the service has an image.
      if (!r.image && !r.build && !(r.merge && baseHasImage)) items.unshift(pair('image', scalar('node:20')));
      return fc.shuffledSubarray(items, { minLength: items.length }).map((shuffled) => {
        const all = r.merge ? [pair('<<', { k: 'alias', name: 'base' } as YNode), ...shuffled] : shuffled;
        // A flow service is one line: no block scalars, no comments inside.
        if (r.flow)
          return m(
            all.map((p) => ({ ...p, comment: undefined, value: flatten(p.value) })),
            true,
          );
        return m(all, false, { endComment: r.end });
      });
    });

/** Every collection inside a flow node is flow too. */
function flatten(node: YNode): YNode {
  if (node.k === 'map')
    return {
      ...node,
      flow: true,
      endComment: undefined,
      items: node.items.map((p) => ({ ...p, comment: undefined, value: flatten(p.value) })),
    };
  if (node.k === 'seq') return { ...node, flow: true, endComment: undefined, items: node.items.map((i) => ({ value: flatten(i.value) })) };
  if (node.k === 'literal') return scalar(node.lines.join(' && '), 'double');
  return node;
}

const otherServiceArb = (name: string, anchor: boolean) =>
  fc
    .record({
      merge: anchor ? fc.boolean() : fc.constant(false),
      volume: fc.boolean(),
      extra: fc.constantFrom<'ports' | 'profiles' | 'none'>('ports', 'profiles', 'none'),
      end: endCommentArb,
    })
    .chain(({ merge, volume, extra, end }) =>
      fc.constantFrom(...(name === 'db' ? ['postgres:16'] : ['nginx:1.27'])).map((image) => {
        const items: YPair[] = [];
        if (merge) items.push(pair('<<', { k: 'alias', name: 'base' }));
        items.push(pair('image', scalar(image)));
        if (volume) items.push(pair('volumes', s([{ value: scalar('dbdata:/var/lib/postgresql/data') }])));
        if (extra === 'ports') items.push(pair('ports', s([{ value: scalar('8080:80', 'double') }])));
        if (extra === 'profiles') items.push(pair('profiles', s([{ value: scalar('full') }], true)));
        return m(items, false, { endComment: end });
      }),
    );

/** Named volumes a node uses as a source (`dbdata:/x`). */
function namedSources(node: YNode | undefined): string[] {
  if (!node) return [];
  if (node.k === 'scalar') return NAMED.filter((n) => node.v.startsWith(`${n}:`));
  if (node.k === 'map') return node.items.flatMap((p) => namedSources(p.value));
  if (node.k === 'seq') return node.items.flatMap((i) => namedSources(i.value));
  return [];
}

export const composeArb: fc.Arbitrary<ComposeCase & { hasApp: boolean }> = fc
  .record({
    dir: fc.constantFrom('.', '.', 'docker'),
    anchor: fc.boolean(),
    others: fc.subarray(['db', 'web']),
    appAt: fc.nat(),
    hasApp: fc.integer({ min: 0, max: 5 }).map((n) => n > 0),
    step: fc.constantFrom(2, 4),
    indentless: fc.boolean(),
    crlf: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
    finalNewline: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
    header: fc.option(fc.constant('# Team compose file: keep my comments.'), { nil: undefined }),
    name: fc.boolean(),
    trailer: fc.option(fc.constantFrom('# end of file', '# vim: set ft=yaml:'), { nil: undefined }),
    volumesFirst: fc.boolean(),
    topVolumes: fc.constantFrom<'none' | 'block' | 'null' | 'flow'>('none', 'block', 'null', 'flow'),
    quotedNames: fc.boolean(),
    servicesComment: commentArb,
    blank: fc.boolean(),
  })
  .chain((r) =>
    fc
      .record({
        base: r.anchor ? anchorArb(r.dir) : fc.constant(undefined),
        others: fc.tuple(...r.others.map((o) => otherServiceArb(o, r.anchor))),
      })
      .chain(({ base, others }) => {
        const baseHasImage = base !== undefined && base.items.some((p) => p.key === 'image' || p.key === 'build');
        return (r.hasApp ? appArb(r.dir, r.anchor, r.others, baseHasImage) : fc.constant(undefined)).map((app) => ({ base, app, others }));
      })
      .map(({ base, app, others }) => {
        const style: YStyle = { step: r.step, indentless: r.indentless };
        const services: YPair[] = r.others.map((name, i) => pair(name, others[i], { kq: r.quotedNames ? 'double' : 'plain' }));
        if (app) services.splice(r.appAt % (services.length + 1), 0, pair('app', app, { kq: r.quotedNames ? 'single' : 'plain' }));
        if (services.length === 0) services.push(pair('db', { k: 'map', flow: false, items: [pair('image', scalar('postgres:16'))] }));
        const used = [...new Set([...services.flatMap((p) => namedSources(p.value)), ...namedSources(base)])];
        const top: YPair[] = [];
        if (r.name) top.push(pair('name', scalar('shop')));
        if (base) top.push(pair('x-base', base));
        const servicesPair = pair('services', m(services), { comment: r.servicesComment });
        let volumes: YPair | undefined;
        const declared = used.length > 0 || r.topVolumes !== 'none' ? (used.length > 0 ? used : ['extra']) : [];
        if (declared.length > 0) {
          const kind = r.topVolumes === 'none' ? 'block' : r.topVolumes;
          const entry = (n: string): YNode =>
            kind === 'null'
              ? { k: 'empty' }
              : kind === 'flow'
                ? m([], true)
                : n === 'dbdata'
                  ? m([pair('driver', scalar('local'))])
                  : m([], true);
          volumes = pair(
            'volumes',
            m(
              declared.map((n) => pair(n, entry(n))),
              kind === 'flow',
            ),
          );
        }
        top.push(...(r.volumesFirst && volumes ? [volumes, servicesPair] : volumes ? [servicesPair, volumes] : [servicesPair]));
        const lines: string[] = [];
        if (r.header) lines.push(r.header);
        top.forEach((p, i) => {
          if (i > 0 && r.blank) lines.push('');
          lines.push(...mapLines(m([p]), 0, style));
        });
        if (r.trailer) lines.push(r.trailer);
        const eol = r.crlf ? '\r\n' : '\n';
        const text = lines.join(eol) + (r.finalNewline ? eol : '');
        return { text, dir: r.dir, hasApp: app !== undefined };
      }),
  );

// ---------------------------------------------------------------- the wanted service

export interface WantedParams {
  /** The service adopted: 'app' (in the file when hasApp) or 'dev' (never in the file). */
  name: 'app' | 'dev';
  strategy: 'build-arg' | 'fixed' | 'fixed-2000' | 'podman' | 'runtime';
  retarget: boolean;
  workspace: string;
  volumes: string[];
  dockerfile?: string;
}

export const wantedParamsArb: fc.Arbitrary<WantedParams> = fc.record({
  name: fc.constantFrom<'app' | 'dev'>('app', 'app', 'app', 'dev'),
  strategy: fc.constantFrom<WantedParams['strategy']>('build-arg', 'fixed', 'fixed-2000', 'podman', 'runtime'),
  retarget: fc.boolean(),
  workspace: fc.constantFrom('/workspace', '/code'),
  volumes: fc.subarray(['home-ana-.cache:/home/ana/.cache', 'nm:/workspace/node_modules']),
  dockerfile: fc.option(fc.constant('Dockerfile'), { nil: undefined }),
});

export const KEEP_ID = 'keep-id:uid=1000,gid=1000';

/** What each strategy wants of a service: every key given, so a switch overrides the last one's. */
export function strategyValues(strategy: WantedParams['strategy']): { args: Record<string, string>; user?: string; usernsMode?: string } {
  if (strategy === 'build-arg') return { args: { UID: HOST_UID, GID: HOST_GID }, user: `${HOST_UID}:${HOST_GID}`, usernsMode: undefined };
  if (strategy === 'podman') return { args: {}, user: '1000:1000', usernsMode: KEEP_ID };
  // runtime: no user (the image starts as root to remap).
  if (strategy === 'runtime') return { args: {}, user: undefined, usernsMode: undefined };
  return { args: {}, user: strategy === 'fixed' ? '1000:1000' : '2000:2000', usernsMode: undefined };
}

/** A short (`src:dst:opts`) or long volume entry's source and target. */
export function volumeParts(item: unknown): { source?: string; target?: string } {
  if (typeof item === 'string') {
    const [source, target] = item.split(':');
    return target === undefined ? { target: source } : { source, target };
  }
  const long = item as Obj | null;
  return { source: long?.source as string | undefined, target: long?.target as string | undefined };
}

/** Sources that name the project folder (the repo root) from the compose directory. */
export const isProjectSource = (dir: string, source: string | undefined) =>
  source !== undefined && (dir === '.' ? ['.', './'] : ['..', '../']).includes(source);

/** The WantedService placement would pass for this file: mount.add/target follow the project mount the service has. */
export function wantedFor(c: ComposeCase & { hasApp: boolean }, p: WantedParams, role: 'owner' | 'override' = 'owner'): WantedService {
  const data = parseDocument(c.text, { merge: true }).toJS({ maxAliasCount: -1 }) as { services?: Record<string, Obj> };
  const name = p.name === 'app' && c.hasApp ? 'app' : 'dev';
  const service = data.services?.[name];
  const mount = Array.isArray(service?.volumes)
    ? service.volumes.map(volumeParts).find((v) => isProjectSource(c.dir, v.source))
    : undefined;
  const rel = c.dir === '.' ? '.' : '..';
  return {
    name,
    role,
    build: { context: rel, ...(p.dockerfile ? { dockerfile: p.dockerfile } : {}) },
    ...strategyValues(p.strategy),
    mount: { source: rel, target: mount && !p.retarget ? mount.target! : p.workspace, add: !mount, retarget: p.retarget },
    volumes: p.volumes,
  };
}

// ---------------------------------------------------------------- the expected data

const writtenByUs = (value: unknown) => typeof value === 'string' && /^\$\{HOST_[UG]ID\b/.test(value);
const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

/** Build args as a map of strings whatever their form (`- K=v` list or mapping), for comparing data. */
export function argMap(args: unknown): Record<string, string | null> | undefined {
  if (args === undefined || args === null) return undefined;
  if (Array.isArray(args)) {
    return Object.fromEntries(
      args.map((item) => {
        const text = String(item);
        const at = text.indexOf('=');
        return at === -1 ? [text, null] : [text.slice(0, at), text.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(args as Obj).map(([k, v]) => [k, v === null ? null : String(v)]));
}

/** The compose data with every build's args as a map of strings (list and map forms compare equal). */
export function normalise(data: unknown): unknown {
  const d = clone(data) as { services?: Record<string, Obj> } | null;
  for (const service of Object.values(d?.services ?? {})) {
    // `build: .` is compose's short form of `build: {context: .}`.
    if (service && typeof service.build === 'string') service.build = { context: service.build };
    const build = service?.build as Obj | undefined;
    if (build && typeof build === 'object' && 'args' in build) build.args = argMap(build.args);
    // A build left with nothing in it (`build:` or `build: {}`) means the same as none.
    if (
      service &&
      'build' in service &&
      (service.build === null || (typeof service.build === 'object' && Object.keys(service.build as Obj).length === 0))
    )
      delete service.build;
    if (service && typeof service.user === 'number') service.user = String(service.user);
  }
  return d;
}

/** What one service's data must be after the merge, from its merged data and the keys its file sets itself. */
function expectService(merged: Obj, own: Obj, w: WantedService, dir: string): Obj {
  const out = clone(merged);
  const owner = w.role === 'owner';
  const has = (key: string) => key in own && own[key] !== null;
  if (w.user === undefined) {
    if (has('user')) delete out.user;
  } else if (owner || has('user')) out.user = w.user;
  if (w.usernsMode !== undefined) {
    if (owner || has('userns_mode')) out.userns_mode = w.usernsMode;
  } else if (has('userns_mode') && String(own.userns_mode).startsWith('keep-id')) delete out.userns_mode;
  // build
  if (!has('build')) {
    if (owner) {
      const inherited = merged.build;
      const base = (typeof inherited === 'string' ? { context: inherited } : (clone(inherited) as Obj | undefined)) ?? { ...w.build };
      // Written out in full, its args too, less the ones we wrote that are no longer wanted.
      const args: Record<string, string | null> = { ...(argMap(base.args) ?? {}), ...w.args };
      const stale = Object.keys(args).filter((k) => !(k in w.args) && writtenByUs(args[k]));
      for (const k of stale) delete args[k];
      delete base.args;
      out.build = Object.keys(args).length > 0 ? { ...base, args } : base;
    }
  } else if (typeof own.build === 'string') {
    if (Object.keys(w.args).length > 0) out.build = { context: own.build, args: { ...w.args } };
  } else {
    const build = out.build as Obj;
    const current = argMap((own.build as Obj).args);
    const wanted = owner ? w.args : Object.fromEntries(Object.entries(w.args).filter(([k]) => current !== undefined && k in current));
    if (current === undefined) {
      if (Object.keys(wanted).length > 0) build.args = { ...wanted };
    } else {
      const args: Record<string, string | null> = { ...current, ...wanted };
      const stale = Object.keys(args).filter((k) => !(k in wanted) && writtenByUs(args[k]));
      for (const k of stale) delete args[k];
      if (stale.length > 0 && Object.keys(args).length === 0) delete build.args;
      else build.args = args;
    }
  }
  // volumes
  const apply = (list: unknown[]) => {
    const project = list.findIndex((v) => isProjectSource(dir, volumeParts(v).source));
    if (project !== -1 && w.mount.retarget && volumeParts(list[project]).target !== w.mount.target) {
      const item = list[project];
      if (typeof item === 'string') {
        const [source, , ...options] = item.split(':');
        list[project] = [source, w.mount.target, ...options].join(':');
      } else list[project] = { ...(item as Obj), target: w.mount.target };
    }
    if (project === -1 && owner && w.mount.add) list.push(`${w.mount.source}:${w.mount.target}`);
    for (const volume of w.volumes) {
      const path = volume.slice(volume.indexOf(':') + 1);
      const at = list.findIndex((v) => volumeParts(v).target === path);
      if (at === -1) {
        if (owner) list.push(volume);
      } else if (typeof list[at] === 'string') list[at] = volume;
    }
    return list;
  };
  if (has('volumes')) out.volumes = apply(out.volumes as unknown[]);
  else if (owner) {
    const inherited = Array.isArray(merged.volumes) ? clone(merged.volumes) : [];
    const result = apply(clone(inherited));
    // Nothing of ours to add or change: an inherited list stays inherited.
    if (JSON.stringify(result) !== JSON.stringify(inherited)) out.volumes = result;
  }
  return out;
}

/** The whole file's data after the merge, normalised (see normalise). */
export function expectedCompose(text: string, dir: string, wanted: WantedService[]): unknown {
  const merged = (parseDocument(text, { merge: true }).toJS({ maxAliasCount: -1 }) ?? {}) as Obj & { services?: Record<string, Obj> };
  const own = (parseDocument(text).toJS({ maxAliasCount: -1 }) ?? {}) as { services?: Record<string, Obj> };
  const out = clone(merged);
  const names: string[] = [];
  for (const w of wanted) {
    const ownService = own.services?.[w.name];
    if (ownService === undefined || ownService === null) {
      if (w.role === 'owner') {
        const volumes = [...(w.mount.add ? [`${w.mount.source}:${w.mount.target}`] : []), ...w.volumes];
        out.services = {
          ...(out.services ?? {}),
          [w.name]: {
            build: { ...w.build, ...(Object.keys(w.args).length > 0 ? { args: { ...w.args } } : {}) },
            ...(w.user !== undefined ? { user: w.user } : {}),
            ...(w.usernsMode !== undefined ? { userns_mode: w.usernsMode } : {}),
            ...(volumes.length > 0 ? { volumes } : {}),
          },
        };
      }
    } else {
      out.services![w.name] = expectService(merged.services![w.name], ownService, w, dir);
    }
    if (w.role === 'owner') for (const v of w.volumes) names.push(v.slice(0, v.indexOf(':')));
  }
  if (names.length > 0) {
    const top = (out.volumes ?? {}) as Obj;
    for (const n of names) if (!(n in top)) top[n] = {};
    out.volumes = top;
  }
  return normalise(out);
}

// ---------------------------------------------------------------- the bytes the merge owns

const pairOf = (map: YAMLMap, key: string) =>
  map.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair<Node, Node | null> | undefined;

/**
 * The text with the values the merge owns in the wanted services blanked out (each becomes '⟦⟧'),
 * and the line numbers it may delete (args it wrote that are no longer wanted). What is left must
 * survive the merge byte for byte.
 */
export function maskOwned(text: string, dir: string, wanted: WantedService[]): { masked: string; deletable: Set<number> } {
  const doc = parseDocument(text, { merge: true });
  const spans: [number, number, string][] = [];
  const deletable = new Set<number>();
  const lineIndex = (offset: number) => text.slice(0, offset).split('\n').length - 1;
  const services = doc.get('services', true);
  for (const w of wanted) {
    const servicePair = isMap(services) ? pairOf(services, w.name) : undefined;
    const service = servicePair?.value;
    if (!isMap(service)) continue;
    const user = pairOf(service, 'user');
    // A user: or keep-id the strategy no longer wants goes, its line with it.
    if (user?.value && w.user === undefined) deletable.add(lineIndex(user.key.range![0]));
    else if (user?.value) spans.push([user.value.range![0], user.value.range![1], '⟦⟧']);
    const userns = pairOf(service, 'userns_mode');
    const keepId = isScalar(userns?.value) && String(userns.value.value).startsWith('keep-id');
    if (userns?.value && w.usernsMode === undefined && keepId) deletable.add(lineIndex(userns.key.range![0]));
    else if (userns?.value && w.usernsMode !== undefined) spans.push([userns.value.range![0], userns.value.range![1], '⟦⟧']);
    const build = pairOf(service, 'build');
    if (build && isScalar(build.value)) spans.push([text.indexOf(':', build.key.range![1]) + 1, build.value.range![1], '']);
    // A later file's build that held only our args is left as `build: {}`: the value is ours.
    if (build && isMap(build.value) && build.value.flow && build.value.items.length === 0)
      spans.push([text.indexOf(':', build.key.range![1]) + 1, build.value.range![1], '']);
    if (build && isMap(build.value)) {
      const args = pairOf(build.value, 'args');
      const entries: { key: string; value: string; node: Node }[] = [];
      if (args && isMap(args.value))
        for (const p of args.value.items)
          entries.push({
            key: String((p.key as { value: unknown }).value),
            value: String((p.value as { value?: unknown } | null)?.value),
            node: p.value as Node,
          });
      if (args && isSeq(args.value)) {
        for (const item of args.value.items) {
          const t = String((item as { value: unknown }).value);
          entries.push({ key: t.split('=')[0], value: t.slice(t.indexOf('=') + 1), node: item as Node });
        }
      }
      let stale = 0;
      for (const e of entries) {
        if (e.key in w.args) spans.push([e.node.range![0], e.node.range![1], '⟦⟧']);
        else if (writtenByUs(e.value)) {
          stale += 1;
          deletable.add(lineIndex(e.node.range![0]));
        }
      }
      if (args && stale > 0 && stale === entries.length) deletable.add(lineIndex(args.key.range![0]));
      // A build that held nothing but our stale args may go with them.
      if (args && stale > 0 && stale === entries.length && build.value.items.length === 1) deletable.add(lineIndex(build.key.range![0]));
    }
    const volumes = pairOf(service, 'volumes');
    if (volumes && isSeq(volumes.value)) {
      const paths = w.volumes.map((v) => v.slice(v.indexOf(':') + 1));
      let project = false;
      for (const item of volumes.value.items) {
        const parts = volumeParts(isScalar(item) ? String(item.value) : (item as YAMLMap).toJSON());
        const node = item as Node;
        if (!project && isProjectSource(dir, parts.source)) {
          project = true;
          if (w.mount.retarget) {
            const target = isMap(item) ? pairOf(item, 'target')?.value : node;
            if (target) spans.push([target.range![0], target.range![1], '⟦⟧']);
            continue;
          }
        }
        if (isScalar(item) && parts.target !== undefined && paths.includes(parts.target))
          spans.push([node.range![0], node.range![1], '⟦⟧']);
      }
    }
  }
  spans.sort((a, b) => b[0] - a[0]);
  let masked = text;
  for (const [a, b, mark] of spans) masked = masked.slice(0, a) + mark + masked.slice(b);
  return { masked, deletable };
}

/** A character subsequence (the merge only inserted into `b`). */
function subsequence(a: string, b: string): boolean {
  let i = 0;
  for (const ch of b) if (i < a.length && ch === a[i]) i += 1;
  return i === a.length;
}

/**
 * A kept line: the same bytes, or for a flow collection (`app: {image: x}`) the same line with
 * entries inserted: its text up to the first bracket and after the last one unchanged, the rest a
 * subsequence of the new line.
 */
function sameLine(before: string, after: string): boolean {
  if (before === after) return true;
  // A service whose every key was ours and went: `app:` becomes `app: {}`.
  if (after === `${before} {}`) return true;
  const open = before.search(/[[{]/);
  const close = Math.max(before.lastIndexOf('}'), before.lastIndexOf(']'));
  if (open === -1 || close === -1) return false;
  return after.startsWith(before.slice(0, open + 1)) && after.endsWith(before.slice(close)) && subsequence(before, after);
}

/**
 * Every line of `before` (masked) is in `after` (masked), in order, except deletable ones; lines
 * the merge added carry no trailing whitespace; line endings and the final newline are kept.
 * Returns the problems found ([] when none).
 */
export function byteProblems(before: string, after: string, dir: string, wanted: WantedService[]): string[] {
  const problems: string[] = [];
  const a = maskOwned(before, dir, wanted);
  const b = maskOwned(after, dir, wanted);
  // Lines compared without their CR: line endings are checked on their own below.
  const old = a.masked
    .split('\n')
    .filter((_, i) => !a.deletable.has(i))
    .map((l) => l.replace(/\r$/, ''));
  const now = b.masked.split('\n').map((l) => l.replace(/\r$/, ''));
  let j = 0;
  const matched = new Set<number>();
  for (const line of old) {
    let k = j;
    while (k < now.length && !sameLine(line, now[k])) k += 1;
    if (k === now.length) {
      problems.push(`original line lost or changed: ${JSON.stringify(line)}`);
      continue;
    }
    matched.add(k);
    j = k + 1;
  }
  const oldLines = new Set(before.split('\n').map((l) => l.replace(/\r$/, '')));
  after.split('\n').forEach((line, i) => {
    const bare = line.replace(/\r$/, '');
    if (!matched.has(i) && bare !== bare.trimEnd() && !oldLines.has(bare))
      problems.push(`added line with trailing whitespace: ${JSON.stringify(line)}`);
  });
  const crlf = before.includes('\r\n');
  const lf = after.split('\n').slice(0, -1);
  if (crlf && lf.some((l) => !l.endsWith('\r'))) problems.push('CRLF file got LF-only line endings');
  if (!crlf && after.includes('\r')) problems.push('LF file got CR characters');
  if (before.length > 0 && before.endsWith('\n') !== after.endsWith('\n'))
    problems.push(before.endsWith('\n') ? 'final newline lost' : 'final newline added to a file that had none');
  return problems;
}
