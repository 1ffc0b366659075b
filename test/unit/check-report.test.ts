// The audit's outputs: SARIF 2.1.0 valid against the schema (the one code-scanning uploads check),
// JSON with every finding's why and fix, and the README's rule table in step with the rule table.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import { memoryRepo } from '../../src/core/layout/index.js';
import { audit } from '../../src/check/audit.js';
import { formatJson } from '../../src/check/report/json.js';
import { formatSarif } from '../../src/check/report/sarif.js';
import { formatText } from '../../src/check/report/text.js';
import { RULES } from '../../src/check/rules/index.js';

// @microsoft/jest-sarif checks a log against the SARIF 2.1.0 JSON schema (CommonJS; it extends expect).
createRequire(import.meta.url)('@microsoft/jest-sarif');
declare global {
  namespace jest {
    interface Matchers<R> {
      toBeValidSarifLog(): R;
    }
  }
}

const result = audit(
  memoryRepo({
    Dockerfile: 'FROM node:22\nRUN useradd -u 1000 dev && chown -R dev /app\nUSER dev\n',
    'compose.yaml': 'services:\n  app:\n    build: .\n    user: "${UID}"\n    volumes:\n      - .:/app\n      - /var/run/docker.sock:/var/run/docker.sock\n',
  }),
);

describe('formatSarif', () => {
  const sarif = JSON.parse(formatSarif(result, '0.1.0'));

  it('is a valid SARIF 2.1.0 log', () => {
    expect(result.findings.length).toBeGreaterThan(3);
    expect(sarif).toBeValidSarifLog();
    expect(JSON.parse(formatSarif({ findings: [], ignored: 0 }, '0.1.0'))).toBeValidSarifLog();
  });

  it('lists every rule, and each result at its rule, file and line', () => {
    expect(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(RULES.map((r) => r.id));
    expect(sarif.runs[0].results.map((r: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }) => [r.ruleId, r.level, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region.startLine])).toEqual(
      result.findings.map((f) => [f.rule, f.severity, f.file, f.line]),
    );
  });
});

it('formatJson carries each finding with its why and fix', () => {
  const json = JSON.parse(formatJson(result));
  expect(json.findings).toHaveLength(result.findings.length);
  for (const finding of json.findings) expect(finding).toEqual(expect.objectContaining({ rule: expect.stringMatching(/^NR\d{3}$/), why: expect.any(String), fix: expect.any(String) }));
});

it('formatText colours only when asked', () => {
  expect(formatText(result, false)).not.toMatch(/\u001b\[/);
  expect(formatText(result, true)).toMatch(/\u001b\[31merror/);
});

it('the README lists every rule with its severity, and no other', () => {
  const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const rows = [...readme.matchAll(/^\| `(NR\d{3})` \| (error|warning|note) \|/gm)].map((m) => [m[1], m[2]]);
  expect(rows).toEqual(RULES.map((r) => [r.id, r.severity]));
});
