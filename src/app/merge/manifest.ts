// Merging the securityContext this project owns into a Kubernetes manifest file people already have
// (pure, text in and text out, any number of `---` documents). Owned, in a workload that runs an
// image the repo builds (`ours`): the pod's securityContext keys security.ts writes, and on each of
// our containers (init and ephemeral ones too) allowPrivilegeEscalation, `ALL` in capabilities.drop
// and runAsNonRoot, plus a runAsUser/runAsGroup/seccompProfile the container sets itself, since
// it wins over the pod's. A pod that also runs images the repo does not build keeps its pod-level
// user: ours is set on our containers; but a pod-level value "restricted" refuses at either level
// (Unconfined seccomp, runAsNonRoot: false, runAsUser: 0) would fail our containers' pod too, so it
// moves onto the other containers that set none: they run as before, and it is theirs to fix (check
// still reports them; https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted).
// Under `arbitrary` (OpenShift) fixed runAsUser, runAsGroup and fsGroup are removed. Everything else
// (other documents, workloads, keys, comments, anchors, flow or block style, quoting) is kept byte
// for byte; a rerun changes nothing.
import { isAlias, isMap, isSeq, visit, type Node, type YAMLMap } from 'yaml';
import { InputError } from '../../core/errors.js';
import { readDocuments } from '../../core/kube/documents.js';
import { FIXED_ID_KEYS, podForbidden, securityContexts, type KubeIds } from '../../core/kube/security.js';
import { containerData, readWorkload, writableMounts, type Obj } from '../../core/kube/workloads.js';
import type { YamlText } from '../../core/text/yaml.js';
import { YamlDocuments } from '../../core/text/yaml-docs.js';
import { ensureMapping, Include, REMOVE, stepOf, type Want, type WantMap } from '../../core/text/yaml-fill.js';
import type { Value } from '../../core/text/yaml-write.js';

export interface WantedManifest {
  security: KubeIds;
  /** Whether an `image:` is one the repo builds (core/kube/images.ts `imageMatches` against its builds). */
  ours(image: string): boolean;
}

const asObj = (value: unknown): Obj => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {});
const validSeccomp = (profile: unknown) => ['RuntimeDefault', 'Localhost'].includes(asObj(profile).type as string);
const RUNTIME_DEFAULT: WantMap = { type: 'RuntimeDefault', localhostProfile: REMOVE };

/** security.ts's values as a Want: lists become "must include", seccomp is left alone when it is already allowed. */
function toWant(values: Record<string, Value>, current: Obj): WantMap {
  const want: WantMap = {};
  for (const [key, value] of Object.entries(values)) {
    if (key === 'seccompProfile') {
      if (!validSeccomp(current.seccompProfile)) want.seccompProfile = RUNTIME_DEFAULT;
    } else if (Array.isArray(value)) want[key] = new Include(String(value[0]));
    else if (value !== null && typeof value === 'object') want[key] = toWant(value as Record<string, Value>, asObj(current[key]));
    else want[key] = value as Want;
  }
  return want;
}

/** The pod-level want: security.ts's values, fixed IDs removed under arbitrary, an fsGroup the file sets made ours. */
export function podWant(values: Record<string, Value>, current: Obj, security: KubeIds): WantMap {
  const want = toWant(values, current);
  if ('arbitrary' in security) for (const key of FIXED_ID_KEYS) want[key] = REMOVE;
  else if (current.fsGroup !== undefined) want.fsGroup = security.ids.gid;
  return want;
}

/** A container's want: security.ts's values, and the runAsUser/runAsGroup/seccompProfile it sets itself (they win over the pod's). */
export function containerWant(values: Record<string, Value>, current: Obj, security: KubeIds): WantMap {
  const want = toWant(values, current);
  for (const key of ['runAsUser', 'runAsGroup'] as const) {
    if ('arbitrary' in security) want[key] = REMOVE;
    else if (current[key] !== undefined) want[key] = key === 'runAsUser' ? security.ids.uid : security.ids.gid;
  }
  if (current.seccompProfile !== undefined && !validSeccomp(current.seccompProfile)) want.seccompProfile = RUNTIME_DEFAULT;
  return want;
}

/** The mapping at `path`, as the file's own nodes: an alias or a merge key on the way is refused, not followed. */
function ownMap(yaml: YamlText, path: (string | number)[], what: string): YAMLMap {
  let node: unknown = yaml.doc.contents;
  for (const step of path) {
    if (isAlias(node)) yaml.fail(node, `${what} comes through an alias (*${node.source})`);
    if (typeof step === 'number') node = isSeq(node) ? node.items[step] : undefined;
    else node = isMap(node) ? yaml.pair(node, step)?.value : undefined;
    if (node === undefined || node === null) yaml.fail(yaml.doc.contents as Node, `${what} comes through a merge key (<<)`);
  }
  if (isAlias(node)) yaml.fail(node, `${what} is an alias (*${node.source})`);
  if (!isMap(node)) yaml.fail(node as Node, `${what} is not a mapping`);
  return node;
}

/** The indentation step of the document: its metadata's, else 2. */
function documentStep(yaml: YamlText): number {
  const root = yaml.doc.contents;
  return (isMap(root) && stepOf(yaml, root)) || 2;
}

/**
 * An alias left in the file that stands for something this merge changed would change with it
 * (or dangle, when the anchored value went): such a file is for a person to untangle.
 */
function checkAliases(yaml: YamlText, touched: Set<Node>) {
  const changed = [...touched].filter((node) => node.range);
  visit(yaml.doc, {
    Alias(_, alias) {
      if (touched.has(alias)) return;
      const target = alias.resolve(yaml.doc) as Node | undefined;
      const [start, end] = target?.range ?? [0, -1];
      if (changed.some((node) => start <= node.range![0] && node.range![1] <= end))
        yaml.fail(alias, `*${alias.source} stands for a part of the manifest this run changes: write it out instead of the alias`);
    },
  });
}

type Workload = NonNullable<ReturnType<typeof readWorkload>>;

/** A value as read, as a Want that writes it again (securityContext values are scalars and mappings of them). */
const asWant = (value: unknown): Want =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asWant(v)])) as WantMap)
    : (value as string | number | boolean);

/**
 * Takes the pod-level values "restricted" refuses (security.ts `podForbidden`) off the pod (in
 * `podWanted`), and writes each on the containers that are not ours and do not set it themselves,
 * so they keep running as they did. One that arbitrary removes anyway (runAsUser) is not moved.
 */
function moveForbidden(
  yaml: YamlText,
  workload: Workload,
  podCurrent: Obj,
  podWanted: WantMap,
  isOurs: (c: Workload['containers'][number]) => boolean,
  at: { what: string; step: number; touch: (node: Node) => void },
) {
  const keys = podForbidden(podCurrent).filter((key) => podWanted[key] !== REMOVE);
  if (keys.length === 0) return;
  for (const key of keys) podWanted[key] = REMOVE;
  for (const container of workload.containers.filter((c) => !isOurs(c))) {
    const data = containerData(workload, container);
    const own = asObj(data.securityContext);
    const missing = keys.filter((key) => own[key] === undefined || own[key] === null);
    const want: WantMap = Object.fromEntries(missing.map((key) => [key, asWant(podCurrent[key])]));
    if (Object.keys(want).length === 0) continue;
    const where = `${container.role}[${container.index}] of ${at.what}`;
    const map = ownMap(yaml, [...workload.podPath, container.role, container.index], where);
    ensureMapping(yaml, map, { securityContext: want }, data, at.step, at.touch);
  }
}

function mergeDocument(yaml: YamlText, file: string, index: number, wanted: WantedManifest) {
  const workload = readWorkload(yaml.text, yaml.doc, file, index);
  if (!workload) return;
  const ours = workload.containers.filter((c) => c.image !== undefined && wanted.ours(c.image));
  if (ours.length === 0) return;
  const what = `${workload.kind} ${workload.name}`;
  const podMap = ownMap(yaml, workload.podPath, `the pod spec of ${what}`);
  const mixed = ours.length < workload.containers.length;
  const writableVolume = ours.some((c) => writableMounts(workload, c).length > 0);
  const values = securityContexts(wanted.security, { writableVolume, mixed });
  const step = documentStep(yaml);
  const touched = new Set<Node>();
  const touch = (node: Node) => touched.add(node);
  const podCurrent = asObj(workload.pod.securityContext);
  const podWanted = podWant(values.pod, podCurrent, wanted.security);
  if (mixed) moveForbidden(yaml, workload, podCurrent, podWanted, (c) => ours.includes(c), { what, step, touch });
  ensureMapping(yaml, podMap, { securityContext: podWanted }, workload.pod, step, touch);
  for (const container of ours) {
    const map = ownMap(yaml, [...workload.podPath, container.role, container.index], `${container.role}[${container.index}] of ${what}`);
    const data = containerData(workload, container);
    const want = containerWant(values.container, asObj(data.securityContext), wanted.security);
    ensureMapping(yaml, map, { securityContext: want }, data, step, touch);
  }
  checkAliases(yaml, touched);
}

export function mergeManifest(existing: string, file: string, wanted: WantedManifest): string {
  const read = readDocuments(existing, file);
  if ('skipped' in read) throw new InputError([`${file}:${read.skipped.line}: ${read.skipped.reason}`]);
  const docs = new YamlDocuments(existing, file, read.docs);
  docs.parts.forEach(({ yaml }, index) => mergeDocument(yaml, file, index, wanted));
  return docs.result();
}
