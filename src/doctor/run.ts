// One doctor run: gather the facts, run every check, report. Exit 0 when nothing fails, 1 when a
// check fails (a warning is what cannot be predicted from here, not a failure).
import { commandFolder } from '../core/command.js';
import { CHECKS, type Finding } from './checks/index.js';
import { gatherFacts, type DoctorFacts } from './facts.js';
import type { DoctorOptions } from './options.js';
import { jsonReport, textReport } from './report.js';
import { sarifReport } from './sarif.js';

export function runChecks(facts: DoctorFacts): Finding[] {
  return CHECKS.flatMap((check) => check.run(facts).map((finding) => ({ check: check.id, ...finding })));
}

export function runDoctor(options: DoctorOptions, color = false): { output: string; exitCode: number } {
  const folder = commandFolder(options.path);
  const facts = gatherFacts(folder);
  const findings = runChecks(facts);
  if (facts.layoutError)
    findings.push({ check: 'repo', status: 'warn', summary: facts.layoutError, fix: 'generator-nonroot check says more' });
  const output =
    options.format === 'json'
      ? jsonReport(facts, findings)
      : options.format === 'sarif'
        ? sarifReport(facts, findings)
        : textReport(facts, findings, color);
  return { output, exitCode: findings.some((f) => f.status === 'fail') ? 1 : 0 };
}
