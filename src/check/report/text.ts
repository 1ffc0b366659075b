// Findings for people: grouped by file, one line each with its why and fix, a summary; colour
// only when the output is a terminal (and NO_COLOR is unset).
import type { AuditResult } from '../audit.js';
import { ruleById } from '../rules/index.js';
import { SEVERITIES, type Severity } from '../rule.js';

const COLOURS: Record<Severity | 'dim' | 'bold', string> = { error: '31', warning: '33', note: '36', dim: '2', bold: '1' };

export function summary({ findings, ignored }: AuditResult): string {
  if (findings.length === 0) return `check: clean${ignored ? ` (${ignored} ignored)` : ''}`;
  const counts = SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  const rules = [...new Set(findings.map((f) => f.rule))].sort().join(', ');
  return `check: ${counts.map(([s, n]) => `${n} ${s}${n === 1 ? '' : 's'}`).join(', ')} (${rules})${ignored ? `, ${ignored} ignored` : ''}`;
}

export function formatText(result: AuditResult, colour: boolean): string {
  const paint = (kind: keyof typeof COLOURS, text: string) => (colour ? `\u001b[${COLOURS[kind]}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  for (const file of [...new Set(result.findings.map((f) => f.file))]) {
    lines.push(paint('bold', file));
    for (const finding of result.findings.filter((f) => f.file === file)) {
      const rule = ruleById(finding.rule)!;
      lines.push(
        `  ${String(finding.line).padStart(4)}  ` +
          `${paint(finding.severity, finding.severity.padEnd(7))}  ${finding.rule}  ` +
          `${finding.message}`,
      );
      lines.push(paint('dim', `        why: ${rule.why}`), paint('dim', `        fix: ${rule.fix}`));
    }
    lines.push('');
  }
  lines.push(summary(result));
  return `${lines.join('\n')}\n`;
}
