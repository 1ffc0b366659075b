// The shape of an audit rule and of what it finds. Each rule is data (ID, severity, the one
// sentence of why with its public source, the fix: what `yo nonroot` would do) plus the code that
// looks for it, one module per rule under rules/; rules/index.ts is the table.
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
  /** Stable: NR1xx Dockerfile, NR2xx compose, NR3xx devcontainer.json, NR4xx the repo and the engine. */
  id: string;
  name: string;
  severity: Severity;
  title: string;
  why: string;
  fix: string;
  check(subject: Subject): Omit<Finding, 'rule'>[];
}
