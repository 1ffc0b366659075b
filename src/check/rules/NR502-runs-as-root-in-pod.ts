// NR502: a container of an image this repo builds set to run as root in a manifest or chart values.
// Sources: kubernetes/pod-security-admission `policy/check_runAsUser.go` and `check_runAsNonRoot.go`.
import { explicitRoot, pods, whereSet } from '../kube.js';
import { PATCHES_JUDGED, patchFindings } from '../kube-patches.js';
import type { Rule } from '../rule.js';

export const runsAsRootInPod: Rule = {
  id: 'NR502',
  name: 'runs-as-root-in-pod',
  severity: 'error',
  title: 'A container of an image the repo builds is set to run as root (`runAsUser: 0`, `runAsNonRoot: false`)',
  why:
    "`runAsUser: 0` makes the container root whatever its image's USER says, and `runAsNonRoot: false` with no " +
    'runAsUser lets it run as root: the files it writes to its volumes are root\'s, and Pod Security "restricted" ' +
    'refuses the pod (`runAsUser=0`, `runAsNonRoot != true`, kubernetes/pod-security-admission `policy/check_runAsUser.go`).' +
    ' ' +
    PATCHES_JUDGED,
  fix:
    '`yo nonroot` sets `runAsNonRoot: true` and runAsUser/runAsGroup to the IDs the cluster image bakes, on the pod ' +
    'and on each container of ours that sets its own.',
  peers: [
    'Trivy KSV105',
    'Trivy KSV012',
    'checkov CKV_K8S_23',
    'kube-linter run-as-non-root',
    'Polaris runAsRootAllowed',
    'KICS Container Running As Root',
  ],
  check: (subject) => [
    ...pods(subject).flatMap((pod) =>
      pod.containers.flatMap((container) => {
        const key = container.ours ? explicitRoot(pod, container) : undefined;
        if (!key) return [];
        const own = (container.data.securityContext as Record<string, unknown> | undefined)?.[key] !== undefined;
        const value = key === 'runAsUser' ? 'runAsUser: 0' : 'runAsNonRoot: false';
        return [
          {
            file: pod.file,
            line: whereSet(pod, container, key),
            message: `${pod.what}: container ${container.name} runs as root: ${value}${own ? '' : ' on the pod'}`,
          },
        ];
      }),
    ),
    ...patchFindings(subject, 'NR502'),
  ],
};
