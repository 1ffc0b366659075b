// How the Kubernetes rules (NR5xx) walk a repo's manifests and Helm charts, as one shape: a pod (a
// workload's pod spec, or what a chart's values.yaml gives its templates) with the line of each
// securityContext key, and its containers, each with the build of its image when this repo builds
// it (core/kube/built.ts). Kustomize patches are not pods: partial objects, completed by their
// base, so kube-patches.ts judges only the values they set. Read once per audit, and only when the
// repo keeps manifests or charts.
import { parseDocument } from 'yaml';
import { builtFor, builtImages, type Built } from '../core/kube/built.js';
import type { Chart } from '../core/kube/charts.js';
import { dataOf } from '../core/kube/documents.js';
import { keyLine } from '../core/kube/nodes.js';
import { containerData, type Context, type Obj, type Workload } from '../core/kube/workloads.js';
import { readStored } from '../core/stored.js';
import type { Subject } from './subject.js';

export interface PodContainer {
  name: string;
  image?: string;
  /** The container as data: name, image, securityContext. */
  data: Obj;
  /** Its securityContext's line, else the container's. */
  line: number;
  /** The line of `securityContext.<key>` (dotted: `capabilities.drop`) where the file writes it. */
  keyLine(key: string): number | undefined;
  /** The build of its image, when this repo builds it. */
  built?: Built;
  /** `yo nonroot` writes its securityContext: its image is built here, or it is a chart's (values.yaml is ours to fill). */
  ours: boolean;
  /** The PersistentVolumeClaims it mounts writable (claim templates and generic ephemeral volumes are claims too). */
  claims: { name: string; line: number }[];
}

export interface Pod {
  /** How messages name it: `Deployment web`, `chart web`. */
  what: string;
  file: string;
  /** The name the kubelet's messages give the pod. */
  name: string;
  /** The pod spec as data, as far as the file decides it (see `decides`). */
  data: Obj;
  /** The pod's securityContext line, else the pod spec's. */
  line: number;
  keyLine(key: string): number | undefined;
  containers: PodContainer[];
  /** Which securityContexts the file decides: a chart's values.yaml only those its templates read. */
  decides: { pod: boolean; containers: boolean };
  /** Said after a chart's findings when values.yaml holds `{}` with the values commented out below it. */
  hint?: string;
}

const asObj = (value: unknown): Obj => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {});
const lines = (context: Context | undefined) => (key: string) => context?.lines[key];

/** PVC-backed volume types: a fresh claim is root's (emptyDir is made 0777, kubernetes `pkg/volume/emptydir/empty_dir.go`). */
const CLAIM_TYPES = new Set(['persistentVolumeClaim', 'ephemeral']);

function workloadPod(workload: Workload, built: () => Built[]): Pod {
  const containers = workload.containers.map((c): PodContainer => {
    const found = c.image === undefined ? undefined : builtFor(built(), c.image);
    const claims = c.volumeMounts.filter((m) => {
      if (m.readOnly) return false;
      if (workload.claimTemplates.some((t) => t.name === m.name)) return true;
      const volume = workload.volumes.find((v) => v.name === m.name);
      return volume !== undefined && CLAIM_TYPES.has(volume.type) && !volume.readOnly;
    });
    return {
      name: c.name,
      image: c.image,
      data: containerData(workload, c),
      line: c.securityContext?.line || c.line,
      keyLine: lines(c.securityContext),
      built: found,
      ours: found !== undefined,
      claims: claims.map((m) => ({ name: m.name, line: m.line })),
    };
  });
  return {
    what: `${workload.kind} ${workload.name}`,
    file: workload.file,
    name: workload.name,
    data: workload.pod,
    line: workload.podSecurityContext?.line || workload.podLine,
    keyLine: lines(workload.podSecurityContext),
    containers,
    decides: { pod: true, containers: true },
  };
}

function chartPod(subject: Subject, chart: Chart, built: () => Built[]): Pod | undefined {
  const file = chart.values;
  const { podSecurityContext: podContext, securityContext: context } = chart;
  if (!file || chart.skipped || podContext.shape === 'other' || context.shape === 'other') return undefined;
  const decides = { pod: chart.templatesUse.podSecurityContext, containers: chart.templatesUse.securityContext };
  if (!decides.pod && !decides.containers) return undefined;
  const text = subject.repo.read(file) ?? '';
  const doc = parseDocument(text, { merge: true });
  const read = dataOf(doc);
  const data = asObj('data' in read ? read.data : undefined);
  const at = (path: (string | number)[]) => keyLine(text, doc, path);
  const name = chart.name ?? 'app';
  const image = chart.image?.ref;
  const found = image === undefined ? undefined : builtFor(built(), image);
  const persistence =
    asObj(data.persistence).enabled === true ? [{ name: 'persistence.enabled', line: at(['persistence', 'enabled']) ?? 1 }] : [];
  const volumes = (Array.isArray(data.volumes) ? data.volumes : [])
    .map((v, i) => ({ volume: asObj(v), i }))
    .filter(({ volume }) => volume.persistentVolumeClaim !== undefined)
    .map(({ volume, i }) => ({ name: String(volume.name ?? 'volume'), line: at(['volumes', i]) ?? 1 }));
  const commented = [podContext, context].filter((c) => c.commentedDefaults).map((c) => `${c.key}: {}`);
  return {
    what: `chart ${name}`,
    file,
    name,
    data: {
      ...(decides.pod && { securityContext: podContext.value }),
      containers: [{ name, image, ...(decides.containers && { securityContext: context.value }) }],
    },
    line: podContext.line ?? 1,
    keyLine: (key) => at(['podSecurityContext', ...key.split('.')]),
    containers: [
      {
        name,
        image,
        data: { name, image, ...(decides.containers && { securityContext: context.value }) },
        line: context.line ?? 1,
        keyLine: (key) => at(['securityContext', ...key.split('.')]),
        built: found,
        ours: true,
        claims: [...persistence, ...volumes],
      },
    ],
    decides,
    hint: commented.length > 0 ? `the lines commented out below ${commented.join(' and ')} are not values` : undefined,
  };
}

const cache = new WeakMap<Subject, Pod[]>();

/** Every pod the repo's manifests and charts describe, kustomize patches left out. */
export function pods(subject: Subject): Pod[] {
  const cached = cache.get(subject);
  if (cached) return cached;
  const { workloads, chartValues } = subject.kube;
  let built: Built[] | undefined;
  const lazyBuilt = () => (built ??= builtImages(subject));
  const found = [
    ...workloads.filter((w) => !w.patch).map((w) => workloadPod(w, lazyBuilt)),
    ...chartValues.flatMap((chart) => chartPod(subject, chart, lazyBuilt) ?? []),
  ];
  cache.set(subject, found);
  return found;
}

/** A key's value for a container as the kubelet reads it: the container's own, else the pod's. */
export function effective(pod: Pod, container: PodContainer, key: string): unknown {
  const own = asObj(container.data.securityContext)[key];
  return own !== undefined && own !== null ? own : asObj(pod.data.securityContext)[key];
}

/** Where a key the container gets is written: its own securityContext's line, else the pod's. */
export function whereSet(pod: Pod, container: PodContainer, key: string): number {
  const own = asObj(container.data.securityContext)[key];
  if (own !== undefined && own !== null) return container.keyLine(key) ?? container.line;
  return pod.keyLine(key) ?? pod.line;
}

/** The IDs the container runs as are not root's: a non-zero runAsUser, runAsNonRoot, or a built image's non-root USER. */
export function runsNonRoot(pod: Pod, container: PodContainer): boolean {
  const uid = effective(pod, container, 'runAsUser');
  if (typeof uid === 'number') return uid > 0;
  if (effective(pod, container, 'runAsNonRoot') === true) return true;
  const user = container.built?.user?.split(':')[0].trim();
  return user !== undefined && user !== '' && user !== 'root' && user !== '0';
}

/** The setting that makes the container root on purpose: `runAsUser: 0`, or `runAsNonRoot: false` with no UID of its own. */
export function explicitRoot(pod: Pod, container: PodContainer): 'runAsUser' | 'runAsNonRoot' | undefined {
  const uid = effective(pod, container, 'runAsUser');
  if (uid === 0) return 'runAsUser';
  return effective(pod, container, 'runAsNonRoot') === false && typeof uid !== 'number' ? 'runAsNonRoot' : undefined;
}

/** What says this repo targets OpenShift, whose restricted-v2 SCC assigns the UID and fsGroup; undefined when nothing does. */
export function openShift(subject: Subject): string | undefined {
  const { repo } = subject;
  if (readStored(repo.read('.yo-rc.json'))?.idStrategy === 'arbitrary') return '.yo-rc.json stores idStrategy arbitrary';
  if (repo.folders('.').includes('openshift')) return 'the repo has an openshift/ folder';
  const config = subject.kube.workloads.find((w) => w.kind === 'DeploymentConfig');
  if (config) return `${config.file} holds a DeploymentConfig`;
  for (const file of subject.kube.files) {
    const group = /^\s*apiVersion:\s*["']?([a-z0-9.-]*\.openshift\.io)\//m.exec(repo.read(file) ?? '')?.[1];
    if (group) return `${file} uses ${group}`;
  }
  return undefined;
}

/** The words a finding on an image the repo does not build ends with. */
export const notOurs = (container: PodContainer) =>
  `; ${container.image ?? 'its image'} is not built here, so \`yo nonroot\` leaves it to you`;
