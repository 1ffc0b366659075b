// Pod Security Standards "restricted", as the admission evaluates a pod spec: the checks of
// kubernetes/pod-security-admission `policy/check_*.go` that are about who the pod runs as, in the
// order the admission reports them (`policy/registry.go` runs them in registration order, one file
// at a time), each with the admission's reason and detail text. The baseline checks restricted
// includes (privileged, host namespaces, hostPath, …) and the opt-in relaxation for user-namespace
// pods are not modelled. The kubelet's own runAsNonRoot check is in kubelet.ts.
import { CONTAINER_ROLES, type Obj } from './workloads.js';

export type RestrictedCheck =
  'allowPrivilegeEscalation' | 'capabilities_restricted' | 'restrictedVolumes' | 'runAsNonRoot' | 'runAsUser' | 'seccompProfile_restricted';

export interface Violation {
  check: RestrictedCheck;
  /** The admission's ForbiddenReason, e.g. `allowPrivilegeEscalation != false`. */
  reason: string;
  /** The admission's ForbiddenDetail, e.g. `container "app" must set securityContext.allowPrivilegeEscalation=false`. */
  detail: string;
  /** The pod-level securityContext is at fault (runAsNonRoot=false, runAsUser=0, a bad seccomp type). */
  pod: boolean;
  /** The containers at fault, by name. */
  containers: string[];
  /** The volumes at fault, by name. */
  volumes: string[];
}

const asObj = (value: unknown): Obj => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {});
const joinQuote = (items: string[]) => (items.length === 0 ? '' : `"${items.join('", "')}"`);
const pluralize = (singular: string, plural: string, count: number) => (count === 1 ? singular : plural);
const containersOf = (names: string[]) => `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
/** Go's sets.String.List(): unique and sorted. */
const sortedSet = (items: string[]) => [...new Set(items)].sort();

interface Container {
  name: string;
  sc: Obj;
}

/** Init, regular and ephemeral containers, as `visitContainers` visits them. */
function visit(pod: Obj): Container[] {
  return CONTAINER_ROLES.flatMap((role) =>
    (Array.isArray(pod[role]) ? (pod[role] as unknown[]) : []).map((c) => ({
      name: String(asObj(c).name ?? ''),
      sc: asObj(asObj(c).securityContext),
    })),
  );
}

const violation = (check: RestrictedCheck, reason: string, detail: string, more: Partial<Violation> = {}): Violation => ({
  check,
  reason,
  detail,
  pod: false,
  containers: [],
  volumes: [],
  ...more,
});

function allowPrivilegeEscalation(_pod: Obj, containers: Container[]): Violation[] {
  const bad = containers.filter((c) => c.sc.allowPrivilegeEscalation !== false).map((c) => c.name);
  if (bad.length === 0) return [];
  const detail = `${containersOf(bad)} must set securityContext.allowPrivilegeEscalation=false`;
  return [violation('allowPrivilegeEscalation', 'allowPrivilegeEscalation != false', detail, { containers: bad })];
}

function capabilities(_pod: Obj, containers: Container[]): Violation[] {
  const missingDropAll: string[] = [];
  const adding: string[] = [];
  const forbidden: string[] = [];
  for (const c of containers) {
    const caps = c.sc.capabilities;
    if (caps === undefined || caps === null) {
      missingDropAll.push(c.name);
      continue;
    }
    const list = (key: string) => (Array.isArray(asObj(caps)[key]) ? (asObj(caps)[key] as unknown[]).map(String) : []);
    if (!list('drop').includes('ALL')) missingDropAll.push(c.name);
    const added = list('add').filter((cap) => cap !== 'NET_BIND_SERVICE');
    if (added.length > 0) adding.push(c.name);
    forbidden.push(...added);
  }
  const details: string[] = [];
  if (missingDropAll.length > 0) details.push(`${containersOf(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
  if (adding.length > 0)
    details.push(`${containersOf(adding)} must not include ${joinQuote(sortedSet(forbidden))} in securityContext.capabilities.add`);
  if (details.length === 0) return [];
  return [
    violation('capabilities_restricted', 'unrestricted capabilities', details.join('; '), {
      containers: [...new Set([...missingDropAll, ...adding])],
    }),
  ];
}

/** Inline volume sources restricted allows (`check_restrictedVolumes.go`). */
export const RESTRICTED_VOLUME_TYPES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
];
/** The types the admission names when it refuses one; any other source is "unknown". */
const NAMED_TYPES = [
  ...['hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd', 'flexVolume', 'cinder'],
  ...['cephfs', 'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume'],
  ...['scaleIO', 'storageos'],
];

function restrictedVolumes(pod: Obj): Violation[] {
  const bad: string[] = [];
  const types: string[] = [];
  for (const v of Array.isArray(pod.volumes) ? pod.volumes : []) {
    const volume = asObj(v);
    const set = (key: string) => volume[key] !== undefined && volume[key] !== null;
    if (RESTRICTED_VOLUME_TYPES.some(set)) continue;
    bad.push(String(volume.name ?? ''));
    types.push(NAMED_TYPES.find(set) ?? 'unknown');
  }
  if (bad.length === 0) return [];
  const kinds = sortedSet(types);
  const detail = [
    pluralize('volume', 'volumes', bad.length),
    joinQuote(bad),
    pluralize('uses', 'use', bad.length),
    pluralize('restricted volume type', 'restricted volume types', kinds.length),
    joinQuote(kinds),
  ].join(' ');
  return [violation('restrictedVolumes', 'restricted volume types', detail, { volumes: bad })];
}

/** `pod` / `containers "a", "b"` joined with " and ", as the admission names who set a bad value. */
const setters = (pod: boolean, names: string[]) =>
  [...(pod ? ['pod'] : []), ...(names.length > 0 ? [containersOf(names)] : [])].join(' and ');

function runAsNonRoot(pod: Obj, containers: Container[]): Violation[] {
  const podSc = asObj(pod.securityContext);
  const podFalse = podSc.runAsNonRoot === false;
  const podTrue = podSc.runAsNonRoot === true;
  const set = (c: Container) => typeof c.sc.runAsNonRoot === 'boolean';
  const explicit = containers.filter((c) => set(c) && c.sc.runAsNonRoot === false).map((c) => c.name);
  const implicit = containers.filter((c) => !set(c) && !podTrue).map((c) => c.name);
  const reason = 'runAsNonRoot != true';
  if (podFalse || explicit.length > 0) {
    const detail = `${setters(podFalse, explicit)} must not set securityContext.runAsNonRoot=false`;
    return [violation('runAsNonRoot', reason, detail, { pod: podFalse, containers: explicit })];
  }
  if (implicit.length === 0) return [];
  return [
    violation('runAsNonRoot', reason, `pod or ${containersOf(implicit)} must set securityContext.runAsNonRoot=true`, {
      containers: implicit,
    }),
  ];
}

function runAsUser(pod: Obj, containers: Container[]): Violation[] {
  const podZero = asObj(pod.securityContext).runAsUser === 0;
  const zero = containers.filter((c) => c.sc.runAsUser === 0).map((c) => c.name);
  if (!podZero && zero.length === 0) return [];
  return [violation('runAsUser', 'runAsUser=0', `${setters(podZero, zero)} must not set runAsUser=0`, { pod: podZero, containers: zero })];
}

const validSeccomp = (type: unknown) => type === 'RuntimeDefault' || type === 'Localhost';

function seccompProfile(pod: Obj, containers: Container[]): Violation[] {
  const podProfile = asObj(pod.securityContext).seccompProfile;
  const podHas = podProfile !== undefined && podProfile !== null;
  const podBad = podHas && !validSeccomp(asObj(podProfile).type);
  const podSet = podHas && !podBad;
  const badValues: string[] = podBad ? [String(asObj(podProfile).type ?? '')] : [];
  const explicit: string[] = [];
  const implicit: string[] = [];
  for (const c of containers) {
    const profile = c.sc.seccompProfile;
    if (profile !== undefined && profile !== null) {
      if (!validSeccomp(asObj(profile).type)) {
        explicit.push(c.name);
        badValues.push(String(asObj(profile).type ?? ''));
      }
    } else if (!podSet) implicit.push(c.name);
  }
  if (podBad || explicit.length > 0) {
    const detail = `${setters(podBad, explicit)} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(badValues))}`;
    return [violation('seccompProfile_restricted', 'seccompProfile', detail, { pod: podBad, containers: explicit })];
  }
  if (implicit.length === 0) return [];
  const detail = `pod or ${containersOf(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`;
  return [violation('seccompProfile_restricted', 'seccompProfile', detail, { containers: implicit })];
}

/** Every "restricted" violation of a pod spec (data as the API reads it), in the admission's order; [] when it passes. */
export function checkRestricted(pod: Obj): Violation[] {
  const containers = visit(pod);
  return [
    ...allowPrivilegeEscalation(pod, containers),
    ...capabilities(pod, containers),
    ...restrictedVolumes(pod),
    ...runAsNonRoot(pod, containers),
    ...runAsUser(pod, containers),
    ...seccompProfile(pod, containers),
  ];
}

/** The admission's `ForbiddenDetail()`: `reason (detail), reason (detail)`. */
export const forbiddenDetail = (violations: Violation[]) => violations.map((v) => `${v.reason} (${v.detail})`).join(', ');

/** The text the API server answers with, after `pods "x" is forbidden: `. */
export const admissionMessage = (violations: Violation[], level = 'restricted:latest') =>
  `violates PodSecurity ${JSON.stringify(level)}: ${forbiddenDetail(violations)}`;

export { imageUser, kubeletRunAsNonRoot, type ImageUser, type KubeletVerdict } from './kubelet.js';
