// NR506: neither the pod nor the container sets runAsNonRoot: true (Pod Security "restricted").
// Source: kubernetes/pod-security-admission `policy/check_runAsNonRoot.go`.
import { explicitRoot } from '../kube.js';
import { EVERY_WORKLOAD, restrictedFindings } from '../kube-restricted.js';
import type { Rule } from '../rule.js';

export const runAsNonRootUnset: Rule = {
  id: 'NR506',
  name: 'run-as-non-root-unset',
  severity: 'warning',
  title: 'Neither the pod nor the container sets `runAsNonRoot: true`',
  why:
    'Without it nothing stops the container running as root when its image does (a base image bump, a tag pushed ' +
    'from another Dockerfile), and Pod Security "restricted" refuses the pod: `runAsNonRoot != true` ' +
    '(kubernetes/pod-security-admission `policy/check_runAsNonRoot.go`). ' +
    EVERY_WORKLOAD,
  fix:
    '`yo nonroot` sets `runAsNonRoot: true` on the pod and on each container of an image the repo builds, with a ' +
    'numeric runAsUser so that the kubelet needs no look at the image.',
  peers: ['Trivy KSV012', 'checkov CKV_K8S_23', 'kube-linter run-as-non-root', 'Polaris runAsRootAllowed'],
  check: (subject) =>
    restrictedFindings(subject, {
      check: 'runAsNonRoot',
      keys: ['runAsNonRoot'],
      scope: 'pod-or-container',
      // `runAsNonRoot: false` on a container of ours is NR502's (it runs as root on purpose).
      skip: (pod, container) => container.ours && explicitRoot(pod, container) === 'runAsNonRoot',
    }),
};
