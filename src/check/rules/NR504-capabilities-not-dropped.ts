// NR504: a container that does not drop ALL capabilities, or adds one restricted forbids.
// Source: kubernetes/pod-security-admission `policy/check_capabilities_restricted.go`.
import { EVERY_WORKLOAD, restrictedFindings } from '../kube-restricted.js';
import { PATCHES_JUDGED, patchFindings } from '../kube-patches.js';
import type { Rule } from '../rule.js';

export const capabilitiesNotDropped: Rule = {
  id: 'NR504',
  name: 'capabilities-not-dropped',
  severity: 'warning',
  title: 'A container that does not drop `ALL` capabilities, or adds one besides NET_BIND_SERVICE',
  why:
    "A process that gets root back (a setuid binary, `runAsUser: 0`) gets the runtime's default capabilities with it; " +
    'Pod Security "restricted" refuses a container whose `capabilities.drop` lacks `ALL` (upper case: `all` does not ' +
    'count) or that adds any but NET_BIND_SERVICE (kubernetes/pod-security-admission ' +
    '`policy/check_capabilities_restricted.go`). ' +
    EVERY_WORKLOAD +
    ' ' +
    PATCHES_JUDGED,
  fix: '`yo nonroot` adds `ALL` to `capabilities.drop` on every container of an image the repo builds, keeping the rest of the list.',
  peers: ['Trivy KSV003', 'Trivy KSV106', 'checkov CKV_K8S_37', 'Polaris insecureCapabilities'],
  check: (subject) => [
    ...restrictedFindings(subject, { check: 'capabilities_restricted', keys: ['capabilities.drop', 'capabilities'], scope: 'container' }),
    ...patchFindings(subject, 'NR504'),
  ],
};
