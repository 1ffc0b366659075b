// The workloads of one manifest document: the objects that run pods, each with its pod spec's
// path, its containers (init and ephemeral ones too, as the admission visits them), the security
// contexts as the file writes them and their volumes, every one with its line.
// Pod template paths as the API defines them (kubernetes `pkg/apis/apps/types.go`,
// `pkg/apis/batch/types.go`); OpenShift's DeploymentConfig is `apps.openshift.io/v1`.
import type { Document } from 'yaml';
import { dataOf } from './documents.js';
import { keyLine } from './nodes.js';

export type WorkloadKind =
  'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'ReplicationController' | 'DeploymentConfig' | 'Job' | 'CronJob' | 'Pod';

const TEMPLATE = ['spec', 'template', 'spec'];

/** Each kind's API groups (apiVersion without its version) and where its pod spec is. */
export const WORKLOAD_KINDS: Record<WorkloadKind, { groups: string[]; podPath: string[] }> = {
  Deployment: { groups: ['apps', 'extensions'], podPath: TEMPLATE },
  StatefulSet: { groups: ['apps'], podPath: TEMPLATE },
  DaemonSet: { groups: ['apps', 'extensions'], podPath: TEMPLATE },
  ReplicaSet: { groups: ['apps', 'extensions'], podPath: TEMPLATE },
  ReplicationController: { groups: [''], podPath: TEMPLATE },
  DeploymentConfig: { groups: ['apps.openshift.io', ''], podPath: TEMPLATE },
  Job: { groups: ['batch'], podPath: TEMPLATE },
  CronJob: { groups: ['batch'], podPath: ['spec', 'jobTemplate', 'spec', 'template', 'spec'] },
  Pod: { groups: [''], podPath: ['spec'] },
};

export type ContainerRole = 'initContainers' | 'containers' | 'ephemeralContainers';
/** The order the admission visits them in (pod-security-admission `policy/visitor.go`). */
export const CONTAINER_ROLES: readonly ContainerRole[] = ['initContainers', 'containers', 'ephemeralContainers'];

export type Obj = Record<string, unknown>;

/** A securityContext as the file writes it, with the line of each key (`capabilities.drop`). */
export interface Context {
  value: Obj;
  line: number;
  lines: Record<string, number>;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly: boolean;
  line: number;
}

export interface KubeContainer {
  role: ContainerRole;
  index: number;
  name: string;
  image?: string;
  line: number;
  imageLine?: number;
  securityContext?: Context;
  volumeMounts: VolumeMount[];
}

export interface KubeVolume {
  name: string;
  /** The volume source's key: persistentVolumeClaim, emptyDir, hostPath, configMap, secret, projected, csi, ephemeral, … */
  type: string;
  /** persistentVolumeClaim.readOnly (the claim mounted read-only in every container). */
  readOnly: boolean;
  line: number;
}

export interface Workload {
  kind: WorkloadKind;
  apiVersion: string;
  name: string;
  namespace?: string;
  file: string;
  /** The line of `kind:`. */
  line: number;
  /** 0-based index of the document in its file. */
  document: number;
  podPath: string[];
  /** The pod spec as data (merge keys applied), for restricted.ts. */
  pod: Obj;
  podLine: number;
  podSecurityContext?: Context;
  containers: KubeContainer[];
  volumes: KubeVolume[];
  /** A StatefulSet's volumeClaimTemplates: each one a PVC per pod, mounted by its name. */
  claimTemplates: { name: string; line: number }[];
  /** A kustomize patch (a kustomization's `patches`): a partial object, completed by its base. */
  patch: boolean;
}

const asObj = (value: unknown): Obj | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : undefined;
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const str = (value: unknown) => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined);

/** The workload kind of an object, or undefined (Services, ConfigMaps, CRDs of other groups…). */
export function workloadKind(apiVersion: unknown, kind: unknown): WorkloadKind | undefined {
  if (typeof kind !== 'string' || !(kind in WORKLOAD_KINDS)) return undefined;
  const version = typeof apiVersion === 'string' ? apiVersion : '';
  const group = version.includes('/') ? version.slice(0, version.lastIndexOf('/')) : '';
  return WORKLOAD_KINDS[kind as WorkloadKind].groups.includes(group) ? (kind as WorkloadKind) : undefined;
}

type LineAt = (path: (string | number)[]) => number | undefined;

function context(value: unknown, path: (string | number)[], lineAt: LineAt): Context | undefined {
  const obj = asObj(value);
  if (!obj) return undefined;
  const lines: Record<string, number> = {};
  const walk = (o: Obj, prefix: string[]) => {
    for (const [key, v] of Object.entries(o)) {
      const at = lineAt([...path, ...prefix, key]);
      if (at !== undefined) lines[[...prefix, key].join('.')] = at;
      if (asObj(v)) walk(v as Obj, [...prefix, key]);
    }
  };
  walk(obj, []);
  return { value: obj, line: lineAt(path) ?? 0, lines };
}

function containers(pod: Obj, podPath: string[], lineAt: LineAt): KubeContainer[] {
  return CONTAINER_ROLES.flatMap((role) =>
    asList(pod[role]).map((item, index): KubeContainer => {
      const c = asObj(item) ?? {};
      const path = [...podPath, role, index];
      return {
        role,
        index,
        name: str(c.name) ?? '',
        image: str(c.image),
        line: lineAt(path) ?? 0,
        imageLine: c.image === undefined ? undefined : lineAt([...path, 'image']),
        securityContext: context(c.securityContext, [...path, 'securityContext'], lineAt),
        volumeMounts: asList(c.volumeMounts).map((m, i) => {
          const mount = asObj(m) ?? {};
          return {
            name: str(mount.name) ?? '',
            mountPath: str(mount.mountPath) ?? '',
            readOnly: mount.readOnly === true,
            line: lineAt([...path, 'volumeMounts', i]) ?? 0,
          };
        }),
      };
    }),
  );
}

/** The volume source key of a `volumes:` entry (the one key besides `name`). */
const volumeType = (volume: Obj) => Object.keys(volume).find((key) => key !== 'name') ?? 'unknown';

/** The workload a document holds, or undefined when it holds none. */
export function readWorkload(text: string, doc: Document.Parsed, file: string, document: number): Workload | undefined {
  const read = dataOf(doc);
  const data = 'data' in read ? asObj(read.data) : undefined;
  const kind = data && workloadKind(data.apiVersion, data.kind);
  if (!data || !kind) return undefined;
  const podPath = WORKLOAD_KINDS[kind].podPath;
  const pod = podPath.reduce<Obj | undefined>((o, key) => asObj(o?.[key]), data);
  if (!pod) return undefined; // a kustomize patch that names no pod template
  const lineAt: LineAt = (path) => keyLine(text, doc, path);
  const metadata = asObj(data.metadata) ?? {};
  return {
    kind,
    apiVersion: String(data.apiVersion),
    name: str(metadata.name) ?? '',
    namespace: str(metadata.namespace),
    file,
    line: lineAt(['kind']) ?? 1,
    document,
    podPath,
    pod,
    podLine: lineAt(podPath) ?? 1,
    podSecurityContext: context(pod.securityContext, [...podPath, 'securityContext'], lineAt),
    containers: containers(pod, podPath, lineAt),
    volumes: asList(pod.volumes).map((v, i) => {
      const volume = asObj(v) ?? {};
      return {
        name: str(volume.name) ?? '',
        type: volumeType(volume),
        readOnly: asObj(volume.persistentVolumeClaim)?.readOnly === true,
        line: lineAt([...podPath, 'volumes', i]) ?? 0,
      };
    }),
    claimTemplates:
      kind === 'StatefulSet'
        ? asList(asObj(data.spec)?.volumeClaimTemplates).map((t, i) => ({
            name: str(asObj(asObj(t)?.metadata)?.name) ?? '',
            line: lineAt(['spec', 'volumeClaimTemplates', i]) ?? 0,
          }))
        : [],
    patch: false,
  };
}

/** A container of the workload as data (the kubelet check and the merge read it whole). */
export const containerData = (workload: Workload, container: KubeContainer): Obj =>
  asObj((workload.pod[container.role] as unknown[] | undefined)?.[container.index]) ?? {};

/** Volume types whose files the pod's fsGroup makes the pod's (kubernetes/kubernetes#69699): where a non-root user needs it. */
const FS_GROUP_TYPES = new Set(['persistentVolumeClaim', 'emptyDir', 'ephemeral']);

/**
 * The mounts of `container` that it can write and that need fsGroup to be writable by a non-root
 * user: a PVC (a claim template's too), an emptyDir or a generic ephemeral volume, not read-only.
 * (hostPath ignores fsGroup; secrets and configMaps are read-only.)
 */
export function writableMounts(workload: Workload, container: KubeContainer): VolumeMount[] {
  return container.volumeMounts.filter((mount) => {
    if (mount.readOnly) return false;
    if (workload.claimTemplates.some((t) => t.name === mount.name)) return true;
    const volume = workload.volumes.find((v) => v.name === mount.name);
    return volume !== undefined && FS_GROUP_TYPES.has(volume.type) && !volume.readOnly;
  });
}
