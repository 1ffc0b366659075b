// The audit's findings as SARIF: every rule of the table (with the peer linters' rules it matches),
// each finding at its file and line.
import { sarifLog } from '../../core/sarif.js';
import type { AuditResult } from '../audit.js';
import { RULES } from '../rules/index.js';

export function formatSarif(result: AuditResult, version: string): string {
  const rules = RULES.map((rule) => ({
    id: rule.id,
    name: rule.name,
    title: rule.title,
    why: rule.why,
    fix: rule.fix,
    level: rule.severity,
    peers: rule.peers,
  }));
  const results = result.findings.map((f) => ({ ruleId: f.rule, level: f.severity, message: f.message, file: f.file, line: f.line }));
  return sarifLog(rules, results, version);
}
