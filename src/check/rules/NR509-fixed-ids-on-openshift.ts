// NR509: a fixed runAsUser, runAsGroup or fsGroup where the repo targets OpenShift.
// Sources: https://github.com/crossplane/crossplane/issues/3264 (the SCC's refusal),
// https://github.com/questdb/questdb-kubernetes/pull/228 (a chart's hardened IDs reverted for it).
import { FIXED_ID_KEYS } from '../../core/kube/security.js';
import { openShift, pods } from '../kube.js';
import type { Rule } from '../rule.js';

const WHY: Record<(typeof FIXED_ID_KEYS)[number], string> = {
  runAsUser: "restricted-v2 assigns the UID from the namespace's range and refuses another",
  runAsGroup: 'restricted-v2 runs every UID with group 0, the group whose writable paths an OpenShift image keeps',
  fsGroup: "restricted-v2 assigns the fsGroup from the namespace's range and refuses another",
};

export const fixedIdsOnOpenShift: Rule = {
  id: 'NR509',
  name: 'fixed-ids-on-openshift',
  severity: 'error',
  title: 'A fixed `runAsUser`, `runAsGroup` or `fsGroup` in a repo that targets OpenShift',
  why:
    "OpenShift's restricted-v2 SCC assigns the UID and fsGroup from the namespace's range, with group 0, and refuses a " +
    'pod that fixes them outside it: "Invalid value: 2000: must be in the ranges: [1001030000, 1001039999]" ' +
    '(crossplane/crossplane#3264). The repo targets OpenShift when .yo-rc.json stores idStrategy `arbitrary`, it has ' +
    'an openshift/ folder, or its manifests hold a DeploymentConfig or another `*.openshift.io` kind.',
  fix:
    "`yo nonroot --id-strategy arbitrary` removes them from the workloads of images the repo builds and from charts' " +
    "values, keeping `runAsNonRoot: true`; the image keeps its writable paths group 0's.",
  peers: [],
  check: (subject) => {
    const ours = pods(subject).filter((pod) => pod.containers.some((c) => c.ours));
    const signal = ours.length > 0 ? openShift(subject) : undefined;
    if (!signal) return [];
    const fixed = (context: unknown) => {
      const values = (context ?? {}) as Record<string, unknown>;
      return FIXED_ID_KEYS.filter((key) => values[key] != null).map((key) => ({ key, value: String(values[key]) }));
    };
    return ours.flatMap((pod) => [
      ...(pod.decides.pod ? fixed(pod.data.securityContext) : []).map(({ key, value }) => ({
        file: pod.file,
        line: pod.keyLine(key) ?? pod.line,
        message: `${pod.what}: the pod fixes ${key}: ${value}, and ${signal}: ${WHY[key]}`,
      })),
      ...pod.containers
        .filter((c) => c.ours && pod.decides.containers)
        .flatMap((c) =>
          fixed(c.data.securityContext).map(({ key, value }) => ({
            file: pod.file,
            line: c.keyLine(key) ?? c.line,
            message: `${pod.what}: container ${c.name} fixes ${key}: ${value}, and ${signal}: ${WHY[key]}`,
          })),
        ),
    ]);
  },
};
