// Kubernetes manifests for the tests: the fixtures as in-memory repos, the schema check every
// manifest written must pass (kubernetes-models: the API's OpenAPI schemas as ajv validators), and
// fast-check arbitraries of manifests in the styles people write, with an independent model of
// what mergeManifest must make of them.
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { ReplicaSet } from 'kubernetes-models/apps/v1/ReplicaSet';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Pod } from 'kubernetes-models/v1/Pod';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { parseAllDocuments } from 'yaml';
import { memoryRepo } from '../../../src/core/layout/repo.js';
import { imageMatches } from '../../../src/core/kube/images.js';
import type { ListingRepo } from '../../../src/core/kube/listing.js';
import { mapLines, pair, scalar, type Quote, type YNode, type YPair, type YStyle } from './yaml-emit.js';

// ---------------------------------------------------------------- fixtures and the schema

const FIXTURES = fileURLToPath(new URL('../../fixtures/kube', import.meta.url));

/** The files under a folder, by path relative to it. */
function readTree(root: string, dir = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) Object.assign(out, readTree(root, rel));
    else out[rel] = fs.readFileSync(path.join(root, rel), 'utf8');
  }
  return out;
}

/** test/fixtures/kube/<name>/ as an in-memory repo that can list its files, and the files themselves. */
export function fixtureRepo(name: string): { repo: ListingRepo; files: Record<string, string> } {
  const files = readTree(path.join(FIXTURES, name));
  return { repo: memoryRepo(files), files };
}

type Validating = new (data: never) => { validate(): void };
const MODELS: Record<string, Validating> = {
  'apps/v1 Deployment': Deployment,
  'apps/v1 DaemonSet': DaemonSet,
  'apps/v1 ReplicaSet': ReplicaSet,
  'apps/v1 StatefulSet': StatefulSet,
  'batch/v1 CronJob': CronJob,
  'batch/v1 Job': Job,
  'v1 ConfigMap': ConfigMap,
  'v1 PersistentVolumeClaim': PersistentVolumeClaim,
  'v1 Pod': Pod,
  'v1 Service': Service,
  'v1 ServiceAccount': ServiceAccount,
};

/**
 * The schema errors of one Kubernetes object ([] when it is valid). A kind the table does not know
 * is an error too, so that a test never passes by validating nothing.
 */
export function validateKube(object: unknown): string[] {
  const o = (object ?? {}) as { apiVersion?: string; kind?: string };
  const Model = MODELS[`${o.apiVersion} ${o.kind}`];
  if (!Model) return [`no schema for ${o.apiVersion} ${o.kind}`];
  try {
    new Model(object as never).validate();
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

// ---------------------------------------------------------------- manifests as people write them

/** What the repo builds, as the property tests' runs see it: `app`, under any tag and registry. */
export const BUILT = [{ ref: 'app', implicitTag: true }];
export const isOurs = (image: string) => imageMatches(image, BUILT);
const OURS = ['app', 'app:latest', 'localhost/app:dev', 'ghcr.io/org/app:1.0', 'docker.io/library/app'];
const OTHERS = ['redis:7.2-alpine', 'busybox:1.37', 'ghcr.io/org/app-worker:1.0'];

// yaml-emit quotes `true`: booleans are written as these words, then put back by `unmark`.
const TRUE = 'BOOLxTRUE';
const FALSE = 'BOOLxFALSE';
const bool = (value: boolean) => scalar(value ? TRUE : FALSE);
const unmark = (text: string) => text.replaceAll(TRUE, 'true').replaceAll(FALSE, 'false');

type MapNode = Extract<YNode, { k: 'map' }>;
const quoteArb = fc.constantFrom<Quote>('plain', 'plain', 'double', 'single');
const commentArb = fc.option(fc.constantFrom('  # note', ' # keep: me', '   # TODO'), { nil: undefined, freq: 4 });
const m = (items: YPair[], flow = false, more: Partial<MapNode> = {}): MapNode => ({ k: 'map', flow, items, ...more });
const seq = (values: string[], flow: boolean): YNode => ({ k: 'seq', flow, items: values.map((v) => ({ value: scalar(v) })) });
const opt = <T>(arb: fc.Arbitrary<T>, freq = 2) => fc.option(arb, { nil: undefined, freq });
const pairs = (entries: [string, YNode | undefined][], comments: (string | undefined)[] = []) =>
  entries.filter(([, v]) => v !== undefined).map(([k, v], i) => pair(k, v!, { comment: comments[i] }));

/** A securityContext's keys as people set them: hardened, half done, or wrong for restricted. */
const contextArb = (level: 'pod' | 'container') =>
  fc
    .record({
      runAsUser: opt(fc.constantFrom(scalar('1000'), scalar('0'), scalar('1000', 'double'))),
      runAsGroup: opt(fc.constant(scalar('1000'))),
      fsGroup: level === 'pod' ? opt(fc.constant(scalar('2000'))) : fc.constant(undefined),
      runAsNonRoot: opt(fc.boolean().map(bool)),
      allowPrivilegeEscalation: level === 'container' ? opt(fc.boolean().map(bool)) : fc.constant(undefined),
      capabilities:
        level === 'container'
          ? opt(
              fc.oneof(
                fc.boolean().map((flow) => m([pair('drop', seq(['NET_RAW'], flow))])),
                fc.boolean().map((flow) => m([pair('add', seq(['NET_BIND_SERVICE'], flow))], flow)),
                fc.constant(m([pair('drop', seq(['ALL'], true))])),
                fc.constant(m([], true)),
              ),
            )
          : fc.constant(undefined),
      seccompProfile: opt(
        fc.constantFrom(
          m([pair('type', scalar('Unconfined'))]),
          m([pair('type', scalar('RuntimeDefault'))], true),
          m([pair('type', scalar('Localhost')), pair('localhostProfile', scalar('profiles/app.json'))]),
        ),
      ),
      readOnlyRootFilesystem: opt(fc.constant(bool(true))),
      flow: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      comments: fc.array(commentArb, { minLength: 9, maxLength: 9 }),
    })
    .map(({ flow, comments, ...keys }) => {
      const items = pairs(Object.entries(keys), flow ? [] : comments);
      // A flow mapping cannot hold block collections: its nested mappings go flow too.
      return m(flow ? items.map((p) => ({ ...p, value: p.value.k === 'map' ? { ...p.value, flow: true } : p.value })) : items, flow);
    });

/** `securityContext:` absent, `{}`, empty (null), or with keys. */
const contextPairArb = (level: 'pod' | 'container') =>
  fc.oneof(
    { arbitrary: fc.constant<YNode | undefined>(undefined), weight: 3 },
    { arbitrary: fc.constant<YNode | undefined>(m([], true)), weight: 1 },
    { arbitrary: fc.constant<YNode | undefined>({ k: 'empty' }), weight: 1 },
    { arbitrary: contextArb(level), weight: 4 },
  );

interface ContainerSpec {
  node: MapNode;
  ours: boolean;
}

const containerArb = (name: string, mounts: string[]) =>
  fc
    .record({
      ours: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
      pick: fc.nat(),
      iq: quoteArb,
      args: opt(fc.boolean()),
      mounts: fc.subarray(mounts),
      readOnly: fc.boolean(),
      sc: contextPairArb('container'),
      scFirst: fc.boolean(),
      flow: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
      comments: fc.array(commentArb, { minLength: 6, maxLength: 6 }),
    })
    .map(({ ours, pick, iq, args, mounts: used, readOnly, sc, scFirst, flow, comments }): ContainerSpec => {
      const images = ours ? OURS : OTHERS;
      const volumeMounts: YNode | undefined =
        used.length === 0
          ? undefined
          : {
              k: 'seq',
              flow: false,
              items: used.map((v, i) => ({
                value: m([
                  pair('name', scalar(v)),
                  pair('mountPath', scalar(`/${v}`)),
                  ...(readOnly && i === 0 ? [pair('readOnly', bool(true))] : []),
                ]),
              })),
            };
      const entries: [string, YNode | undefined][] = [
        ['name', scalar(name)],
        ['image', scalar(images[pick % images.length], iq)],
        ['args', args === undefined ? undefined : seq(['serve', '--port=8080'], args)],
        ['volumeMounts', flow ? undefined : volumeMounts],
      ];
      entries.splice(scFirst ? 1 : entries.length, 0, ['securityContext', sc]);
      let items = pairs(entries, flow ? [] : comments);
      if (flow)
        items = items.map((p) => ({ ...p, value: p.value.k === 'map' || p.value.k === 'seq' ? { ...p.value, flow: true } : p.value }));
      // (`key:` with nothing after it cannot be written inside a flow mapping: there it is `{}`.)
      if (flow) items = items.map((p) => (p.value.k === 'empty' ? { ...p, value: m([], true) } : p));
      return { node: m(items, flow), ours };
    });

const KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod'] as const;
type Kind = (typeof KINDS)[number];
const API: Record<Kind, string> = {
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
  Pod: 'v1',
};

/** A pod spec: containers (an init container sometimes), volumes, its own securityContext, in varying order. */
const podArb = (kind: Kind) =>
  fc
    .record({
      volumes: fc.subarray(['data', 'cache', 'config']),
      claim: kind === 'StatefulSet' ? fc.boolean() : fc.constant(false),
      dataType: fc.constantFrom('persistentVolumeClaim', 'emptyDir'),
      count: fc.integer({ min: 1, max: 2 }),
      init: fc.boolean(),
      sc: contextPairArb('pod'),
      scAt: fc.nat(),
      share: fc.boolean(),
      indentlessFlow: fc.boolean(),
    })
    .chain((r) => {
      const mountable = [...r.volumes, ...(r.claim ? ['claim'] : [])];
      return fc
        .record({
          containers: fc.tuple(...Array.from({ length: r.count }, (_, i) => containerArb(i === 0 ? 'app' : 'sidecar', mountable))),
          init: r.init ? containerArb('init', mountable).map((c) => c) : fc.constant(undefined),
        })
        .map(({ containers, init }) => ({ r, containers, init }));
    })
    .map(({ r, containers, init }) => {
      const [main] = containers;
      // One securityContext shared through an anchor: the init container's, aliased by the app's, both
      // run an image of ours or the anchored one does not (an alias is written out, never what it names).
      const initSc = init?.node.items.find((p) => p.key === 'securityContext');
      const mainSc = main.node.items.find((p) => p.key === 'securityContext');
      if (
        r.share &&
        init &&
        initSc?.value.k === 'map' &&
        initSc.value.items.length > 0 &&
        mainSc &&
        main.ours &&
        !main.node.flow &&
        !init.node.flow
      ) {
        initSc.value = { ...initSc.value, anchor: 'sc' };
        mainSc.value = { k: 'alias', name: 'sc' };
      }
      const volume = (name: string): YNode =>
        m([
          pair('name', scalar(name)),
          name === 'config'
            ? pair('configMap', m([pair('name', scalar('app-config'))]))
            : name === 'data' && r.dataType === 'persistentVolumeClaim'
              ? pair('persistentVolumeClaim', m([pair('claimName', scalar('app-data'))]))
              : pair('emptyDir', m([], true)),
        ]);
      const items: YPair[] = [];
      if (init) items.push(pair('initContainers', { k: 'seq', flow: false, items: [{ value: init.node }] }));
      items.push(pair('containers', { k: 'seq', flow: false, items: containers.map((c) => ({ value: c.node })) }));
      if (r.volumes.length > 0) items.push(pair('volumes', { k: 'seq', flow: false, items: r.volumes.map((v) => ({ value: volume(v) })) }));
      if (kind === 'Job' || kind === 'CronJob') items.push(pair('restartPolicy', scalar('Never')));
      if (r.sc !== undefined) items.splice(r.scAt % (items.length + 1), 0, pair('securityContext', r.sc));
      return { pod: m(items), claim: r.claim };
    });

const labels = (anchor?: string) => m([pair('app.kubernetes.io/name', scalar('app'))], false, anchor ? { anchor } : {});

/** One workload document: the kind's pod template path, labels shared through an anchor. */
const workloadArb = fc
  .record({ kind: fc.constantFrom(...KINDS), name: fc.constantFrom('app', 'web', 'nightly'), anchor: fc.boolean(), replicas: fc.boolean() })
  .chain((w) => podArb(w.kind).map((p) => ({ ...w, ...p })))
  .map(({ kind, name, anchor, replicas, pod, claim }): MapNode => {
    const metadata = m([pair('name', scalar(name)), pair('labels', labels(anchor ? 'labels' : undefined))]);
    const podLabels = anchor ? ({ k: 'alias', name: 'labels' } as YNode) : labels();
    const template = m([pair('metadata', m([pair('labels', podLabels)])), pair('spec', pod)]);
    const top: YPair[] = [pair('apiVersion', scalar(API[kind])), pair('kind', scalar(kind)), pair('metadata', metadata)];
    if (kind === 'Pod') return m([...top, pair('spec', pod)]);
    if (kind === 'Job') return m([...top, pair('spec', m([pair('template', template)]))]);
    if (kind === 'CronJob')
      return m([
        ...top,
        pair(
          'spec',
          m([pair('schedule', scalar('0 3 * * *', 'double')), pair('jobTemplate', m([pair('spec', m([pair('template', template)]))]))]),
        ),
      ]);
    const spec: YPair[] = [];
    if (replicas && kind !== 'DaemonSet') spec.push(pair('replicas', scalar('2')));
    spec.push(pair('selector', m([pair('matchLabels', anchor ? { k: 'alias', name: 'labels' } : labels())])));
    if (kind === 'StatefulSet') spec.push(pair('serviceName', scalar(name)));
    spec.push(pair('template', template));
    if (claim) {
      const claimSpec = m([
        pair('accessModes', seq(['ReadWriteOnce'], true)),
        pair('resources', m([pair('requests', m([pair('storage', scalar('1Gi'))]))])),
      ]);
      spec.push(
        pair('volumeClaimTemplates', {
          k: 'seq',
          flow: false,
          items: [{ value: m([pair('metadata', m([pair('name', scalar('claim'))])), pair('spec', claimSpec)]) }],
        }),
      );
    }
    return m([...top, pair('spec', m(spec))]);
  });

const serviceDoc = m([
  pair('apiVersion', scalar('v1')),
  pair('kind', scalar('Service')),
  pair('metadata', m([pair('name', scalar('app'))], true)),
  pair(
    'spec',
    m([pair('selector', labels()), pair('ports', { k: 'seq', flow: false, items: [{ value: m([pair('port', scalar('80'))], true) }] })]),
  ),
]);

export interface ManifestCase {
  text: string;
}

/** A manifest file: one to three documents, workloads and a Service, in one style, with comments around. */
export const manifestArb: fc.Arbitrary<ManifestCase> = fc
  .record({
    docs: fc.array(fc.oneof({ arbitrary: workloadArb, weight: 4 }, { arbitrary: fc.constant(serviceDoc), weight: 1 }), {
      minLength: 1,
      maxLength: 3,
    }),
    step: fc.constantFrom(2, 2, 4),
    indentless: fc.boolean(),
    leading: fc.boolean(),
    header: opt(fc.constant('# Managed by hand: keep my comments.')),
    between: opt(fc.constant('# next object')),
    crlf: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
    finalNewline: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
  })
  .map(({ docs, step, indentless, leading, header, between, crlf, finalNewline }) => {
    const style: YStyle = { step, indentless };
    const parts = docs.map((doc) => mapLines(doc, 0, style).join('\n'));
    const separator = between ? `\n${between}\n---\n` : '\n---\n';
    let text = `${header ? `${header}\n` : ''}${leading ? '---\n' : ''}${parts.join(separator)}`;
    text = unmark(text) + (finalNewline ? '\n' : '');
    return { text: crlf ? text.replace(/\n/g, '\r\n') : text };
  });

// ---------------------------------------------------------------- what the merge must make of it

type Obj = Record<string, unknown>;
type Ids = { ids: { uid: number; gid: number } } | { arbitrary: true };
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const clone = <T>(v: T): T => structuredClone(v);
const POD_PATHS: Record<string, string[]> = {
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  Pod: ['spec'],
};
const allowed = (profile: unknown) => isObj(profile) && (profile.type === 'RuntimeDefault' || profile.type === 'Localhost');
/** A seccompProfile made RuntimeDefault: its other keys kept, localhostProfile gone (it goes only with Localhost). */
const runtimeDefault = (profile: unknown) => {
  const out: Obj = { ...(isObj(profile) ? profile : {}), type: 'RuntimeDefault' };
  delete out.localhostProfile;
  return out;
};

/** One workload's pod spec after the merge, decided here from the rules, not from the merge's code. */
function expectedPod(pod: Obj, claims: string[], security: Ids): void {
  const roles = ['initContainers', 'containers', 'ephemeralContainers'];
  const all = roles.flatMap((role) => (Array.isArray(pod[role]) ? (pod[role] as Obj[]) : []));
  const ours = all.filter((c) => typeof c.image === 'string' && isOurs(c.image));
  if (ours.length === 0) return;
  const mixed = ours.length < all.length;
  const volumes = (Array.isArray(pod.volumes) ? pod.volumes : []) as Obj[];
  const writable = ours.some((c) =>
    ((c.volumeMounts ?? []) as Obj[]).some((mount) => {
      if (mount.readOnly === true) return false;
      if (claims.includes(mount.name as string)) return true;
      const volume = volumes.find((v) => v.name === mount.name);
      return (
        volume !== undefined && (volume.emptyDir !== undefined || isObj(volume.persistentVolumeClaim) || volume.ephemeral !== undefined)
      );
    }),
  );
  const had = 'securityContext' in pod;
  const sc = expectedPodContext(pod.securityContext, security, writable, mixed);
  if (mixed) {
    // What "restricted" refuses at the pod level whatever the containers set moves onto the containers
    // that are not ours and set none (runAsUser: 0 under arbitrary goes with the other fixed IDs).
    const before = isObj(pod.securityContext) ? pod.securityContext : {};
    const refused = Object.keys(before).filter(
      (key) =>
        (key === 'seccompProfile' && before[key] !== null && !allowed(before[key])) ||
        (key === 'runAsNonRoot' && before[key] === false) ||
        (key === 'runAsUser' && before[key] === 0 && 'ids' in security),
    );
    for (const key of refused) delete sc[key];
    for (const c of all.filter((x) => !ours.includes(x))) {
      const own: Obj = isObj(c.securityContext) ? { ...c.securityContext } : {};
      const add = refused.filter((key) => own[key] === undefined || own[key] === null);
      if (add.length > 0) c.securityContext = { ...own, ...Object.fromEntries(add.map((key) => [key, clone(before[key])])) };
    }
  }
  if (had || Object.keys(sc).length > 0) pod.securityContext = sc;
  for (const c of ours) c.securityContext = expectedContainerContext(c.securityContext, security, mixed);
}

/** A pod's securityContext after the merge (`mixed`: the pod runs images the repo does not build too). */
export function expectedPodContext(current: unknown, security: Ids, writable: boolean, mixed = false): Obj {
  const ids = 'ids' in security ? security.ids : undefined;
  const sc: Obj = isObj(current) ? { ...current } : {};
  if (!mixed) {
    sc.runAsNonRoot = true;
    if (!allowed(sc.seccompProfile)) sc.seccompProfile = runtimeDefault(sc.seccompProfile);
    if (ids) Object.assign(sc, { runAsUser: ids.uid, runAsGroup: ids.gid });
  }
  if (ids && (writable || sc.fsGroup !== undefined)) sc.fsGroup = ids.gid;
  if (!ids) for (const key of ['runAsUser', 'runAsGroup', 'fsGroup']) delete sc[key];
  if (writable) sc.fsGroupChangePolicy = 'OnRootMismatch';
  return sc;
}

/** One of our containers' securityContext after the merge. */
export function expectedContainerContext(current: unknown, security: Ids, mixed = false): Obj {
  const ids = 'ids' in security ? security.ids : undefined;
  const csc: Obj = isObj(current) ? { ...current } : {};
  csc.allowPrivilegeEscalation = false;
  const caps: Obj = isObj(csc.capabilities) ? { ...csc.capabilities } : {};
  const drop = Array.isArray(caps.drop) ? caps.drop : [];
  caps.drop = drop.includes('ALL') ? drop : [...drop, 'ALL'];
  csc.capabilities = caps;
  csc.runAsNonRoot = true;
  for (const [key, id] of [
    ['runAsUser', ids?.uid],
    ['runAsGroup', ids?.gid],
  ] as const) {
    if (id === undefined) delete csc[key];
    else if (mixed || csc[key] !== undefined) csc[key] = id;
  }
  if ((mixed || csc.seccompProfile !== undefined) && !allowed(csc.seccompProfile)) csc.seccompProfile = runtimeDefault(csc.seccompProfile);
  return csc;
}

/** A workload object's pod spec (undefined for other kinds). */
export function podSpecOf(object: unknown): Obj | undefined {
  const path = isObj(object) ? POD_PATHS[object.kind as string] : undefined;
  const pod = path?.reduce<unknown>((o, key) => (isObj(o) ? o[key] : undefined), object);
  return isObj(pod) ? pod : undefined;
}

/**
 * What each of our containers runs with in effect: the pod's runAsUser, runAsGroup, runAsNonRoot
 * and seccompProfile under its own, and the pod's fsGroup for a writable volume (what a strategy
 * switch and back must keep).
 */
export function effectiveContexts(objects: unknown[]): unknown[] {
  return objects.map((object) => {
    const pod = podSpecOf(object);
    if (!pod) return undefined;
    const psc = isObj(pod.securityContext) ? pod.securityContext : {};
    const inherited = Object.fromEntries(
      ['runAsUser', 'runAsGroup', 'runAsNonRoot', 'seccompProfile'].filter((k) => k in psc).map((k) => [k, psc[k]]),
    );
    return ['initContainers', 'containers']
      .flatMap((role) => (Array.isArray(pod[role]) ? (pod[role] as Obj[]) : []))
      .filter((c) => typeof c.image === 'string' && isOurs(c.image))
      .map((c) => ({
        ...inherited,
        ...(isObj(c.securityContext) ? c.securityContext : {}),
        // (fsGroup counts where a writable volume needs it, which its change policy says.)
        ...(psc.fsGroupChangePolicy ? { fsGroup: psc.fsGroup, policy: psc.fsGroupChangePolicy } : {}),
      }));
  });
}

/** The documents' data after mergeManifest with `security`, the repo building `app` (BUILT). */
export function expectedManifest(text: string, security: Ids): unknown[] {
  return parseAllDocuments(text, { merge: true }).map((doc) => {
    const data = clone(doc.toJS({ maxAliasCount: -1 })) as Obj | null;
    const path = isObj(data) ? POD_PATHS[data.kind as string] : undefined;
    const pod = path?.reduce<unknown>((o, key) => (isObj(o) ? o[key] : undefined), data);
    if (!isObj(pod)) return data;
    const templates = ((data!.spec as Obj | undefined)?.volumeClaimTemplates ?? []) as Obj[];
    expectedPod(pod, data!.kind === 'StatefulSet' ? templates.map((t) => (t.metadata as Obj).name as string) : [], security);
    return data;
  });
}

// ---------------------------------------------------------------- the bytes it does not own

/** Keys whose values (and lines) the merge may change or remove. */
const OWNED = /^(runAsUser|runAsGroup|fsGroup|fsGroupChangePolicy|runAsNonRoot|allowPrivilegeEscalation|type|localhostProfile)$/;
const ENTRY = /(["']?)([A-Za-z]+)\1\s*:\s*("[^"]*"|'[^']*'|[^,{}[\]\s#]*)/g;

/** `securityContext:` and the flow value, `null`, alias or nothing after it, as one token: all of it is owned. */
function maskContexts(line: string): string {
  let out = line;
  for (let at = out.search(/[sS]ecurityContext["']?\s*:/); at !== -1;) {
    let end = out.indexOf(':', at) + 1;
    // An anchor before the value stays (the merge keeps it): it is written after the token.
    const anchor = /^\s*(&\w+)?\s*/.exec(out.slice(end))!;
    end += anchor[0].length;
    const rest = out.slice(end);
    const space = rest.length - rest.trimStart().length;
    if (rest.trimStart().startsWith('{')) {
      let depth = 0;
      let k = end + space;
      for (; k < out.length; k += 1) {
        if (out[k] === '{') depth += 1;
        else if (out[k] === '}' && --depth === 0) break;
      }
      end = k + 1;
    } else {
      const token = /^\s*(null|~|\*\w+)/.exec(rest);
      if (token) end += token[0].length;
    }
    // (and the spaces after it: `key: {}  # c` and `key:  # c` are one line to this check)
    while (out[end] === ' ' || out[end] === '\t') end += 1;
    out = `${out.slice(0, at)}⟦sc⟧${anchor[1] ?? ''}${out.slice(end)}`;
    const next = out.slice(at + 4).search(/[sS]ecurityContext["']?\s*:/);
    at = next === -1 ? -1 : at + 4 + next;
  }
  return out;
}

/** A line with the securityContext values, empty capabilities and seccompProfile, and the owned `key: value` entries blanked. */
function mask(line: string): string {
  return (
    maskContexts(line)
      // `capabilities: {}` (or nothing) at the end of a line becomes a block of ours.
      .replace(/\b(capabilities|seccompProfile)(["']?\s*:)(\s*(\{\}|null|~))?\s*(?=(#.*)?$)/, '$1$2 ')
      .replace(ENTRY, (all, _q, key: string) => (OWNED.test(key) ? '⟦⟧' : all))
  );
}

/** A kept line: the same, or for one with a flow collection the same with entries added (a subsequence). */
function sameLine(before: string, after: string): boolean {
  if (before === after) return true;
  if (!/[[{]/.test(before)) return false;
  let i = 0;
  for (const ch of after) if (i < before.length && ch === before[i]) i += 1;
  return i === before.length && after.startsWith(before.slice(0, before.search(/[[{]/)));
}

/**
 * Every line of `before` is in `after`, in order, but for lines that hold only an owned key (which
 * may go); added lines carry no trailing whitespace; line endings and the final newline are kept.
 */
export function byteProblems(before: string, after: string): string[] {
  const problems: string[] = [];
  const lines = (text: string) => text.split('\n').map((l) => l.replace(/\r$/, ''));
  const now = lines(after).map(mask);
  let j = 0;
  for (const line of lines(before).map(mask)) {
    // (`seccompProfile:` over its block goes when a pod-level Unconfined moves to the containers.)
    if (/^\s*(-\s+)?(⟦⟧|["']?seccompProfile["']?\s*:)\s*(#.*)?$/.test(line)) continue;
    let k = j;
    while (k < now.length && !sameLine(line, now[k])) k += 1;
    if (k === now.length) problems.push(`original line lost or changed: ${JSON.stringify(line)}`);
    else j = k + 1;
  }
  const old = new Set(lines(before));
  for (const line of lines(after))
    if (!old.has(line) && line !== line.trimEnd()) problems.push(`added line with trailing whitespace: ${JSON.stringify(line)}`);
  const crlf = before.includes('\r\n');
  if (
    crlf &&
    after
      .split('\n')
      .slice(0, -1)
      .some((l) => !l.endsWith('\r'))
  )
    problems.push('CRLF file got LF-only line endings');
  if (!crlf && after.includes('\r')) problems.push('LF file got CR characters');
  if (before.endsWith('\n') !== after.endsWith('\n')) problems.push('final newline changed');
  return problems;
}

// ---------------------------------------------------------------- a chart's values.yaml

/**
 * A values.yaml as `helm create` writes it and as teams then change it: the two contexts as `{}`
 * with helm's commented defaults below, empty, missing, or with keys of their own.
 */
export const valuesArb: fc.Arbitrary<ManifestCase & { writableVolume: boolean }> = fc
  .record({
    pod: contextPairArb('pod'),
    container: contextPairArb('container'),
    helm: fc.boolean(),
    order: fc.boolean(),
    step: fc.constantFrom(2, 4),
    crlf: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
    finalNewline: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
    writableVolume: fc.boolean(),
  })
  .map(({ pod, container, helm, order, step, crlf, finalNewline, writableVolume }) => {
    const image = m([
      pair('repository', scalar('ghcr.io/org/app')),
      pair('tag', scalar('', 'double'), { comment: '  # the chart appVersion' }),
    ]);
    const contexts: YPair[] = [];
    if (helm || pod) contexts.push(pair('podSecurityContext', helm ? m([], true) : pod!));
    if (helm || container) contexts.push(pair('securityContext', helm ? m([], true) : container!));
    if (order) contexts.reverse();
    const items = [pair('replicaCount', scalar('1')), pair('image', image), ...contexts, pair('nodeSelector', m([], true))];
    const pad = ' '.repeat(step);
    let text = unmark(mapLines(m(items), 0, { step, indentless: false }).join('\n'))
      .replace(/^podSecurityContext: \{\}$/m, `podSecurityContext: {}\n${pad}# fsGroup: 2000\n`)
      .replace(
        /^securityContext: \{\}$/m,
        `securityContext: {}\n${pad}# capabilities:\n${pad}#   drop:\n${pad}#   - ALL\n${pad}# runAsUser: 1000\n`,
      );
    text += finalNewline ? '\n' : '';
    return { text: crlf ? text.replace(/\n/g, '\r\n') : text, writableVolume };
  });

/** values.yaml's data after mergeHelmValues. */
export function expectedValues(text: string, security: Ids, writableVolume: boolean): unknown {
  const data = clone(parseAllDocuments(text)[0].toJS()) as Obj;
  data.podSecurityContext = expectedPodContext(data.podSecurityContext, security, writableVolume);
  data.securityContext = expectedContainerContext(data.securityContext, security);
  return data;
}
