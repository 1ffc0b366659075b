// The Kubernetes rows in verify's report: a block per played container below the services' table,
// every row shown (the checks differ per workload: one row per writable mount), each ✗ with its fix;
// and their SARIF rules. Pure, and free of core/kube: the report loads it whatever the repo holds.
import type { KubeRow } from './kube-judge.js';
import type { KubeGroup } from './kube-run.js';

export const KUBE_CHECKS = ['kubelet', 'play', 'id', 'home', 'mount'] as const;
export type KubeCheck = (typeof KUBE_CHECKS)[number];

/** What each check proves, for SARIF's rules. */
export const KUBE_TITLES: Record<KubeCheck, string> = {
  kubelet: "the kubelet accepts runAsNonRoot: a numeric runAsUser, or the image's USER a non-zero UID",
  play: 'the image builds and rootless podman kube play runs the pod',
  id: "the pod runs as the manifest's runAsUser/runAsGroup (under arbitrary: an OpenShift-like UID with group 0)",
  home: '$HOME takes a file',
  mount: 'each writable volume takes a file, as the kubelet hands it over (fsGroup applied)',
};

/** A group not played here (no rootless Podman): its play row says why. */
export const kubeNotRun = (group: KubeGroup) => group.rows.some((r) => r.check === 'play' && r.status === 'info');

export function kubeText(groups: KubeGroup[], mark: (status: KubeRow['status']) => string): string[] {
  if (groups.length === 0) return [];
  const width = Math.max(...groups.flatMap((g) => g.rows.map((r) => r.title.length))) + 2;
  const lines = ['Kubernetes: each container of an image built here, played with rootless podman kube play', ''];
  for (const group of groups) {
    lines.push(`${group.name}  ${group.where}`);
    for (const row of group.rows) {
      lines.push(
        `  ${mark(row.status)} ${row.title.padEnd(width)}${row.detail}${row.where && row.status === 'fail' ? ` (${row.where})` : ''}`,
      );
      if (row.status === 'fail' && row.fix) lines.push(`    fix: ${row.fix}`);
    }
    lines.push('');
  }
  return lines;
}

export const kubeRules = () =>
  KUBE_CHECKS.map((check) => ({ id: `verify/kube-${check}`, name: `kube-${check}`, title: KUBE_TITLES[check], level: 'error' as const }));

/** Each ✗ at the manifest line it is about. */
export const kubeResults = (groups: KubeGroup[]) =>
  groups.flatMap((group) =>
    group.rows
      .filter((row) => row.status === 'fail')
      .map((row) => {
        const [, file, line] = /^(.*?)(?::(\d+))?$/.exec(row.where ?? group.where)!;
        return {
          ruleId: `verify/kube-${row.check}`,
          level: 'error' as const,
          message: `${group.name}: ${row.title}: ${row.detail}${row.fix ? `\nFix: ${row.fix}` : ''}`,
          file,
          line: line === undefined ? undefined : Number(line),
        };
      }),
  );
