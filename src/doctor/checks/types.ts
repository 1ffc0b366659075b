import type { DoctorFacts } from '../facts.js';

/** ok: as it should be; info: worth knowing; warn: cannot be predicted from here; fail: will go wrong. */
export type Status = 'ok' | 'info' | 'warn' | 'fail';

export interface Finding {
  check: string;
  status: Status;
  summary: string;
  details?: string[];
  /** The next step, when there is one. */
  fix?: string;
}

export interface Check {
  id: string;
  /** What it looks at, for --help and the JSON output. */
  title: string;
  run(facts: DoctorFacts): Omit<Finding, 'check'>[];
}
