// NR507: a container that runs as non-root writes a PersistentVolumeClaim, and the pod sets no fsGroup.
// Sources: https://github.com/kubernetes/kompose/issues/1604; emptyDir needs none, the kubelet makes
// it 0777 (kubernetes `pkg/volume/emptydir/empty_dir.go`).
import { openShift, pods, runsNonRoot } from '../kube.js';
import type { Rule } from '../rule.js';

export const claimWithoutFsGroup: Rule = {
  id: 'NR507',
  name: 'claim-without-fsgroup',
  severity: 'warning',
  title: 'A non-root container writes a PersistentVolumeClaim, and the pod sets no `fsGroup`',
  why:
    "A freshly provisioned volume's root is root's and not group-writable, so a non-root container cannot write it " +
    "(kubernetes/kompose#1604); `fsGroup` makes the volume the group's and group-writable at mount, and adds the " +
    "group to the container's. A container of an image the repo builds counts as non-root: `yo nonroot` makes it so. " +
    '(An emptyDir needs none: the kubelet makes it 0777; hostPath ignores fsGroup.)',
  fix:
    "`yo nonroot` sets the pod's `fsGroup` to the GID the cluster image bakes, with `fsGroupChangePolicy: " +
    'OnRootMismatch`; under OpenShift, which assigns one, none.',
  peers: [],
  check: (subject) => {
    const found = pods(subject).filter((pod) => pod.decides.pod && (pod.data.securityContext as { fsGroup?: unknown })?.fsGroup == null);
    // OpenShift's restricted-v2 assigns the fsGroup (NR509 says to leave it out).
    if (found.length === 0 || openShift(subject)) return [];
    return found.flatMap((pod) => {
      const writers = pod.containers.filter((c) => c.claims.length > 0 && (c.ours || runsNonRoot(pod, c)));
      if (writers.length === 0) return [];
      const what = writers.map(
        (c) => `container ${c.name} writes ${c.claims.map((m) => `the claim ${m.name} (line ${m.line})`).join(', ')}`,
      );
      return [
        {
          file: pod.file,
          line: pod.line,
          message:
            `${pod.what}: ${what.join('; ')}, and the pod sets no fsGroup: a fresh volume is root's` + (pod.hint ? `; ${pod.hint}` : ''),
        },
      ];
    });
  },
};
