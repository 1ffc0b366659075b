// NR505: no RuntimeDefault or Localhost seccomp profile on the pod or the container.
// Source: kubernetes/pod-security-admission `policy/check_seccompProfile_restricted.go`.
import { EVERY_WORKLOAD, restrictedFindings } from '../kube-restricted.js';
import { PATCHES_JUDGED, patchFindings } from '../kube-patches.js';
import type { Rule } from '../rule.js';

export const seccompProfileUnset: Rule = {
  id: 'NR505',
  name: 'seccomp-profile-unset',
  severity: 'warning',
  title: 'No seccomp profile (`RuntimeDefault` or `Localhost`) on the pod or a container',
  why:
    'Without one the container runs unconfined (unless the kubelet runs with `--seccomp-default`), and Pod Security ' +
    '"restricted" refuses a pod unless the pod or every container sets `seccompProfile.type` to `RuntimeDefault` or ' +
    '`Localhost`; `Unconfined` is refused (kubernetes/pod-security-admission `policy/check_seccompProfile_restricted.go`). ' +
    EVERY_WORKLOAD +
    ' ' +
    PATCHES_JUDGED,
  fix:
    '`yo nonroot` sets `seccompProfile: {type: RuntimeDefault}` on the pod (on our containers when the pod also runs ' +
    'images the repo does not build) and replaces a profile restricted refuses on a container of ours.',
  peers: ['Trivy KSV030', 'Trivy KSV104', 'checkov CKV_K8S_31', 'kube-score container-seccomp-profile'],
  check: (subject) => [
    ...restrictedFindings(subject, {
      check: 'seccompProfile_restricted',
      keys: ['seccompProfile.type', 'seccompProfile'],
      scope: 'pod-or-container',
    }),
    ...patchFindings(subject, 'NR505'),
  ],
};
