// NR510: a manifest or a chart's values.yaml that does not parse as YAML, so no NR5xx rule read it.
// Templates (`{{ … }}`, Helm's and envsubst-like ones) are skipped on purpose and not reported
// (core/kube/documents.ts).
import type { Rule } from '../rule.js';

export const manifestNotYaml: Rule = {
  id: 'NR510',
  name: 'manifest-not-yaml',
  severity: 'note',
  title: 'A manifest or values.yaml that is not valid YAML, so it was not audited',
  why:
    'kubectl and helm refuse it too, and the Kubernetes rules cannot see what it would run. A file with Go ' +
    'template syntax (`{{ … }}`) is a template, not a manifest: it is skipped without a finding ' +
    '(https://helm.sh/docs/chart_template_guide/getting_started/).',
  fix: 'Fix the YAML at the line named; `yo nonroot` does not edit a file it cannot parse.',
  peers: [],
  check: ({ kube }) =>
    [...kube.skipped, ...kube.chartValues.flatMap((chart) => chart.skipped ?? [])]
      .filter((skipped) => skipped.reason.startsWith('not valid YAML'))
      .map((skipped) => ({
        file: skipped.file,
        line: skipped.line,
        message: `${skipped.file} is not read: ${skipped.reason.replace(/:$/, '')}`,
      })),
};
