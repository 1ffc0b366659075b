// The kubelet's runAsNonRoot check, which admission does not make and Podman does not enforce: with
// runAsNonRoot set, a container starts only when its effective runAsUser is non-zero or, without
// one, its image's USER is a non-zero number (kubernetes `pkg/kubelet/kuberuntime/
// security_context_others.go` `verifyRunAsNonRoot`, with the image's user from
// `kuberuntime_manager.go` `getImageUser`: no USER counts as root). A named USER is refused even
// when the name is a non-root account: the kubelet cannot look names up
// (https://github.com/kubernetes/kubernetes/issues/56503).
import type { Obj } from './workloads.js';

/** The image's USER as the container runtime reports it: a UID, a name, none (root), or not known here. */
export type ImageUser = { kind: 'numeric'; uid: number } | { kind: 'name'; name: string } | { kind: 'none' } | { kind: 'unknown' };

const INT64_MAX = 2n ** 63n - 1n;
const MAX_INT32 = 2147483647;

/**
 * A Dockerfile's final `USER` as written (`1000`, `1000:1000`, `app`, `root`), read the way
 * containerd's and CRI-O's `getUserFromImage` do: the part before `:`, a UID when it parses as an
 * integer, else a name. undefined/'' (no USER): none. A variable (`${UID}`) is not known here.
 */
export function imageUser(user: string | undefined | null): ImageUser {
  if (user === undefined || user === null || user.trim() === '') return { kind: 'none' };
  const first = user.trim().split(':')[0];
  if (first.includes('$')) return { kind: 'unknown' };
  if (/^[+-]?\d+$/.test(first) && BigInt(first) <= INT64_MAX && BigInt(first) >= -INT64_MAX - 1n)
    return { kind: 'numeric', uid: Number(first) };
  return { kind: 'name', name: first };
}

export type KubeletVerdict =
  /** The container starts (runAsNonRoot unset or false, or its user is a non-zero UID). */
  | { ok: true }
  /** runAsNonRoot is set, no runAsUser, and the image's user is not known here. */
  | { ok: 'unknown' }
  | { ok: false; reason: 'run-as-user-root' | 'non-numeric-user' | 'image-root' | 'invalid-uid'; message: string };

const asObj = (value: unknown): Obj => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {});

/**
 * The kubelet's verdict on one container of a pod (pod spec and container as data), with its error
 * text; `pod` is how the kubelet names the pod (`format.Pod`: `name_namespace(uid)`).
 */
export function kubeletRunAsNonRoot(pod: Obj, container: Obj, image: ImageUser, podName = 'pod'): KubeletVerdict {
  const podSc = asObj(pod.securityContext);
  const sc = asObj(container.securityContext);
  // securitycontext.DetermineEffectiveSecurityContext: a container's own value wins over the pod's.
  const runAsNonRoot = typeof sc.runAsNonRoot === 'boolean' ? sc.runAsNonRoot : podSc.runAsNonRoot;
  const runAsUser = typeof sc.runAsUser === 'number' ? sc.runAsUser : podSc.runAsUser;
  if (runAsNonRoot !== true) return { ok: true };
  const where = `(pod: ${JSON.stringify(podName)}, container: ${String(container.name ?? '')})`;
  if (typeof runAsUser === 'number') {
    if (runAsUser === 0) return { ok: false, reason: 'run-as-user-root', message: `container's runAsUser breaks non-root policy ${where}` };
    return { ok: true };
  }
  switch (image.kind) {
    case 'unknown':
      return { ok: 'unknown' };
    case 'name':
      return {
        ok: false,
        reason: 'non-numeric-user',
        message: `container has runAsNonRoot and image has non-numeric user (${image.name}), cannot verify user is non-root ${where}`,
      };
    case 'none':
      return { ok: false, reason: 'image-root', message: `container has runAsNonRoot and image will run as root ${where}` };
    case 'numeric':
      if (image.uid === 0)
        return { ok: false, reason: 'image-root', message: `container has runAsNonRoot and image will run as root ${where}` };
      if (image.uid < 0 || image.uid > MAX_INT32)
        return {
          ok: false,
          reason: 'invalid-uid',
          message:
            `container has runAsNonRoot and image has an invalid user id (${image.uid}). (Must be 1-(${MAX_INT32})): ` +
            `must be between 0 and ${MAX_INT32}, inclusive ${where}`,
        };
      return { ok: true };
  }
}
