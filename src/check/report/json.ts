// Findings for machines: one JSON document, each finding with its rule's why, fix and peer rules.
import type { AuditResult } from '../audit.js';
import { ruleById } from '../rules/index.js';

export function formatJson(result: AuditResult): string {
  const findings = result.findings.map((f) => ({
    ...f,
    title: ruleById(f.rule)!.title,
    why: ruleById(f.rule)!.why,
    fix: ruleById(f.rule)!.fix,
    peers: ruleById(f.rule)!.peers,
  }));
  return `${JSON.stringify({ version: 1, findings, ignored: result.ignored }, null, 2)}\n`;
}
