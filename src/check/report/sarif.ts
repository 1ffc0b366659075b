// Findings as SARIF 2.1.0, the format code-scanning uploads accept: one run, every rule of the
// table as the driver's rules (so a fixed finding closes), each result at its file and line.
import type { AuditResult } from '../audit.js';
import { RULES } from '../rules/index.js';

export function formatSarif(result: AuditResult, version: string): string {
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'generator-nonroot',
            version,
            informationUri: 'https://www.npmjs.com/package/generator-nonroot',
            rules: RULES.map((rule) => ({
              id: rule.id,
              name: rule.name,
              shortDescription: { text: rule.title },
              fullDescription: { text: rule.why },
              help: { text: `${rule.why}\nFix: ${rule.fix}`, markdown: `${rule.why}\n\n**Fix:** ${rule.fix}` },
              defaultConfiguration: { level: rule.severity },
            })),
          },
        },
        results: result.findings.map((finding) => ({
          ruleId: finding.rule,
          ruleIndex: RULES.findIndex((rule) => rule.id === finding.rule),
          level: finding.severity,
          message: { text: finding.message },
          // Relative to the checked folder, the repository root for code scanning.
          locations: [{ physicalLocation: { artifactLocation: { uri: finding.file }, region: { startLine: finding.line } } }],
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
