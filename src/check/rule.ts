// The shape of an audit rule and of what it finds. Each rule is data (ID, severity, the one
// sentence of why with its public source, the fix: what `yo nonroot` would do) plus the code that
// looks for it, one module per rule under rules/; rules/index.ts is the table. `peers` names the
// rules of other linters that look for the same trap, so a team that runs them beside this one can
// match findings (SARIF `properties.peers`, docs/rules.md).
import type { Subject } from './subject.js';

export type Severity = 'error' | 'warning' | 'note';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'note'];

export interface Finding {
  rule: string;
  /** Repo-relative. */
  file: string;
  /** 1-based. */
  line: number;
  /** What is wrong here, in one sentence naming the thing. */
  message: string;
}

export interface Rule {
  /** Stable: NR1xx Dockerfile, NR2xx compose, NR3xx devcontainer.json, NR4xx the repo and the engine, NR5xx Kubernetes. */
  id: string;
  name: string;
  severity: Severity;
  title: string;
  why: string;
  fix: string;
  /**
   * The other linters' rules that find the same trap, as `<tool> <rule ID>` (`hadolint DL3002`,
   * `Trivy KSV012`, `checkov CKV_K8S_23`); [] when none does. Where a peer's advice differs from
   * this rule's, docs/rules.md says so (report/rules-page.ts).
   */
  peers: readonly string[];
  check(subject: Subject): Omit<Finding, 'rule'>[];
}
