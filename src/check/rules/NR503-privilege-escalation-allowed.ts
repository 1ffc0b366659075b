// NR503: a container without allowPrivilegeEscalation: false (Pod Security "restricted").
// Source: kubernetes/pod-security-admission `policy/check_allowPrivilegeEscalation.go`.
import { EVERY_WORKLOAD, restrictedFindings } from '../kube-restricted.js';
import { PATCHES_JUDGED, patchFindings } from '../kube-patches.js';
import type { Rule } from '../rule.js';

export const privilegeEscalationAllowed: Rule = {
  id: 'NR503',
  name: 'privilege-escalation-allowed',
  severity: 'warning',
  title: 'A container without `allowPrivilegeEscalation: false`',
  why:
    'Without it a setuid binary (sudo, su) lifts a non-root process back to root, and Pod Security "restricted" ' +
    'refuses the pod: `allowPrivilegeEscalation != false` (kubernetes/pod-security-admission ' +
    '`policy/check_allowPrivilegeEscalation.go`). ' +
    EVERY_WORKLOAD +
    ' ' +
    PATCHES_JUDGED,
  fix:
    '`yo nonroot` sets `allowPrivilegeEscalation: false` on every container of an image the repo builds, and in a ' +
    "chart's `securityContext`.",
  peers: ['Trivy KSV001', 'checkov CKV_K8S_20', 'kube-linter privilege-escalation-container', 'Polaris privilegeEscalationAllowed'],
  check: (subject) => [
    ...restrictedFindings(subject, { check: 'allowPrivilegeEscalation', keys: ['allowPrivilegeEscalation'], scope: 'container' }),
    ...patchFindings(subject, 'NR503'),
  ],
};
