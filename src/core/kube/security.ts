// The securityContext this project writes into a workload (pure): what passes Pod Security
// "restricted" (restricted.ts), with the IDs the image bakes for the cluster so that the kubelet's
// runAsNonRoot check needs no look at the image and the user has its passwd entry and home.
import type { Value } from '../text/yaml-write.js';

/**
 * The UID and GID the cluster image is built with and the manifests run as. Above 10000 because
 * the linters teams run beside this one want that, so a cluster UID never equals a host account's
 * (kube-score `container-security-context-user-group-id`, checkov CKV_K8S_40, Trivy KSV020/KSV021
 * want runAsUser/runAsGroup > 10000); 10001 rather than a larger one because it is in every
 * distribution's range for ordinary accounts, no base image ships it (65532 is distroless's
 * `nonroot`, 65534 is `nobody`) and BusyBox's adduser takes it (it refuses UIDs above 256000).
 * The image for a developer's
 * machine keeps the host's UID: only a bind mount needs the IDs to match, and a cluster has none.
 */
export const CLUSTER_UID = 10001;
export const CLUSTER_GID = 10001;

/**
 * Fixed IDs, or `arbitrary` (OpenShift's restricted-v2 SCC): there the namespace's range assigns
 * runAsUser and fsGroup, group 0 is the primary group, and a manifest that fixes them outside the
 * range is refused (`Invalid value: 2000: must be in the ranges: [1001030000, 1001039999]`,
 * https://github.com/crossplane/crossplane/issues/3264).
 */
export type KubeIds = { ids: { uid: number; gid: number } } | { arbitrary: true };

/** The keys arbitrary leaves out, and removes where a file sets them. */
export const FIXED_ID_KEYS = ['runAsUser', 'runAsGroup', 'fsGroup'] as const;

export interface SecurityOptions {
  /**
   * One of our containers mounts a PVC or emptyDir it writes: fsGroup makes the volume the group's
   * and group-writable (a fresh PVC is root's, https://github.com/kubernetes/kompose/issues/1604),
   * and `OnRootMismatch` skips the recursive change on every start when the volume's root already
   * matches (without it large volumes time pods out, https://github.com/kubernetes/kubernetes/issues/69699).
   */
  writableVolume: boolean;
  /**
   * The pod also runs containers of images this repo does not build (a sidecar, an init container
   * that chowns as root): who they run as is not ours to change, so runAsNonRoot, the IDs and
   * seccomp go on our containers instead of the pod.
   */
  mixed?: boolean;
}

export interface SecurityContexts {
  pod: Record<string, Value>;
  container: Record<string, Value>;
}

const RUNTIME_DEFAULT: Record<string, Value> = { seccompProfile: { type: 'RuntimeDefault' } };

export function securityContexts(input: KubeIds, options: SecurityOptions): SecurityContexts {
  const ids = 'ids' in input ? input.ids : undefined;
  const user: Record<string, Value> = { runAsNonRoot: true, ...(ids ? { runAsUser: ids.uid, runAsGroup: ids.gid } : {}) };
  const volume: Record<string, Value> = options.writableVolume
    ? { ...(ids ? { fsGroup: ids.gid } : {}), fsGroupChangePolicy: 'OnRootMismatch' }
    : {};
  const container: Record<string, Value> = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
  if (options.mixed) return { pod: volume, container: { ...container, ...user, ...RUNTIME_DEFAULT } };
  return { pod: { ...user, ...volume, ...RUNTIME_DEFAULT }, container: { ...container, runAsNonRoot: true } };
}

/**
 * The keys of a pod-level securityContext whose value Pod Security "restricted" refuses whatever
 * the containers set: a seccomp profile other than RuntimeDefault or Localhost (Unconfined),
 * `runAsNonRoot: false` and `runAsUser: 0` ("must not set … at the pod level or on any container",
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted). A container's
 * own value overrides the pod's for the container, but not for the admission.
 */
export function podForbidden(podContext: unknown): ('seccompProfile' | 'runAsNonRoot' | 'runAsUser')[] {
  const sc = (podContext !== null && typeof podContext === 'object' ? podContext : {}) as Record<string, unknown>;
  const refused = {
    seccompProfile: (p: unknown) =>
      p !== undefined && p !== null && !['RuntimeDefault', 'Localhost'].includes((p as { type?: string }).type!),
    runAsNonRoot: (v: unknown) => v === false,
    runAsUser: (v: unknown) => v === 0,
  };
  // In the file's order, so that they are written in it where they move.
  const isRefused = (key: string): key is keyof typeof refused => key in refused && refused[key as keyof typeof refused](sc[key]);
  return Object.keys(sc).filter(isRefused);
}

/** The IDs the manifests run as: the cluster's by default, or what the strategy bakes (`fixed`). */
export const clusterIds = (arbitrary: boolean, ids = { uid: CLUSTER_UID, gid: CLUSTER_GID }): KubeIds =>
  arbitrary ? { arbitrary: true } : { ids };
