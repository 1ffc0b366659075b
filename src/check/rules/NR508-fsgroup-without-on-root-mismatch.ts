// NR508: fsGroup without fsGroupChangePolicy: OnRootMismatch on a pod that mounts a claim.
// Its public source is cited in `why` below.
import { pods } from '../kube.js';
import type { Rule } from '../rule.js';

export const fsGroupWithoutOnRootMismatch: Rule = {
  id: 'NR508',
  name: 'fsgroup-without-on-root-mismatch',
  severity: 'note',
  title: '`fsGroup` without `fsGroupChangePolicy: OnRootMismatch`',
  why:
    'By default the kubelet changes the group and mode of every file of the volume at every mount: on a large ' +
    'volume that takes minutes and pods time out (kubernetes/kubernetes#69699). `OnRootMismatch` skips the walk ' +
    "when the volume's root already has them.",
  fix: '`yo nonroot` writes `fsGroupChangePolicy: OnRootMismatch` beside the fsGroup of a pod that mounts a volume.',
  peers: [],
  check: (subject) =>
    pods(subject).flatMap((pod) => {
      const context = (pod.decides.pod ? pod.data.securityContext : undefined) as Record<string, unknown> | undefined;
      if (context?.fsGroup == null || context.fsGroupChangePolicy === 'OnRootMismatch') return [];
      const claims = pod.containers.flatMap((c) => c.claims.map((m) => m.name));
      if (claims.length === 0) return [];
      const policy =
        context.fsGroupChangePolicy == null ? 'no fsGroupChangePolicy' : `fsGroupChangePolicy: ${String(context.fsGroupChangePolicy)}`;
      return [
        {
          file: pod.file,
          line: pod.keyLine('fsGroup') ?? pod.line,
          message: `${pod.what}: fsGroup with ${policy}: every mount of ${[...new Set(claims)].join(', ')} walks all its files`,
        },
      ];
    }),
};
