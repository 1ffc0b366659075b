// SARIF 2.1.0, the format code-scanning uploads accept: one run of generator-nonroot, its rules
// (so that a fixed finding closes), each result at a file of the repo and, when known, a line.
// check's findings and doctor's (those that have a place in the repo) are written through it. A
// rule's `properties` (SARIF's property bag, §3.8) carries the peer linters' rules it matches.
import fs from 'node:fs';

export interface SarifRule {
  id: string;
  name: string;
  title: string;
  why?: string;
  fix?: string;
  level: 'error' | 'warning' | 'note';
  /** Other linters' rules that find the same trap (`hadolint DL3002`), as the rule's `properties.peers`. */
  peers?: readonly string[];
}

export interface SarifResult {
  ruleId: string;
  level: 'error' | 'warning' | 'note';
  message: string;
  /** Relative to the folder checked, the repository root for code scanning. */
  file: string;
  line?: number;
}

/** This package's version, for the driver. */
export const packageVersion = () =>
  (JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export function sarifLog(rules: readonly SarifRule[], results: readonly SarifResult[], version = packageVersion()): string {
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
            rules: rules.map((rule) => ({
              id: rule.id,
              name: rule.name,
              shortDescription: { text: rule.title },
              ...(rule.why && { fullDescription: { text: rule.why } }),
              ...(rule.why && { help: { text: `${rule.why}\nFix: ${rule.fix}`, markdown: `${rule.why}\n\n**Fix:** ${rule.fix}` } }),
              defaultConfiguration: { level: rule.level },
              ...(rule.peers && { properties: { peers: [...rule.peers] } }),
            })),
          },
        },
        results: results.map((result) => ({
          ruleId: result.ruleId,
          ruleIndex: rules.findIndex((rule) => rule.id === result.ruleId),
          level: result.level,
          message: { text: result.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: result.file },
                ...(result.line !== undefined && { region: { startLine: result.line } }),
              },
            },
          ],
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
