// The audit's outputs: SARIF 2.1.0 valid against the schema (the one code-scanning uploads check),
// and JSON with every finding's why and fix. The rules page (docs/rules.md) is checked against the
// rule table in docs.test.ts.
import { createRequire } from 'node:module';
import { memoryRepo } from '../../src/core/layout/index.js';
import { audit } from '../../src/check/audit.js';
import { formatJson } from '../../src/check/report/json.js';
import { formatSarif } from '../../src/check/report/sarif.js';
import { formatText } from '../../src/check/report/text.js';
import { RULES } from '../../src/check/rules/index.js';

// @microsoft/jest-sarif checks a log against the SARIF 2.1.0 JSON schema (CommonJS; it extends expect).
createRequire(import.meta.url)('@microsoft/jest-sarif');
declare global {
  // jest's matcher types live in the global `jest` namespace; an augmentation must use it.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      toBeValidSarifLog(): R;
    }
  }
}

const result = audit(
  memoryRepo({
    Dockerfile: 'FROM node:22\nRUN useradd -u 1000 dev && chown -R dev /app\nUSER dev\n',
    'compose.yaml': [
      'services:',
      '  app:',
      '    build: .',
      '    user: "${UID}"',
      '    volumes:',
      '      - .:/app',
      '      - /var/run/docker.sock:/var/run/docker.sock',
      '',
    ].join('\n'),
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
    type Result = {
      ruleId: string;
      level: string;
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
    };
    const where = (r: Result) => [
      r.ruleId,
      r.level,
      r.locations[0].physicalLocation.artifactLocation.uri,
      r.locations[0].physicalLocation.region.startLine,
    ];
    expect(sarif.runs[0].results.map(where)).toEqual(result.findings.map((f) => [f.rule, f.severity, f.file, f.line]));
  });

  it("names each rule's peer linters' rules in its properties", () => {
    const peers = sarif.runs[0].tool.driver.rules.map((r: { id: string; properties: { peers: string[] } }) => [r.id, r.properties.peers]);
    expect(peers).toEqual(RULES.map((r) => [r.id, r.peers]));
    expect(Object.fromEntries(peers)).toMatchObject({
      NR101: expect.arrayContaining(['hadolint DL3002']),
      NR506: ['Trivy KSV012', 'checkov CKV_K8S_23', 'kube-linter run-as-non-root', 'Polaris runAsRootAllowed'],
    });
  });
});

it('formatSarif places a Kubernetes finding at its manifest line, valid SARIF', () => {
  const manifest = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\nspec:\n  containers:\n    - name: shell\n      image: busybox\n';
  const found = audit(memoryRepo({ 'k8s/pod.yaml': manifest }));
  const sarif = JSON.parse(formatSarif(found, '0.1.0'));
  expect(sarif).toBeValidSarifLog();
  const results = sarif.runs[0].results as {
    ruleId: string;
    locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
  }[];
  expect(
    results.map((r) => [r.ruleId, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region.startLine]),
  ).toEqual(['NR503', 'NR504', 'NR505', 'NR506'].map((rule) => [rule, 'k8s/pod.yaml', 7]));
});

it('formatJson carries each finding with its why and fix', () => {
  const json = JSON.parse(formatJson(result));
  expect(json.findings).toHaveLength(result.findings.length);
  const shape = { rule: expect.stringMatching(/^NR\d{3}$/), why: expect.any(String), fix: expect.any(String), peers: expect.any(Array) };
  for (const finding of json.findings) expect(finding).toEqual(expect.objectContaining(shape));
});

it('formatText colours only when asked', () => {
  // eslint-disable-next-line no-control-regex -- ANSI colour codes
  expect(formatText(result, false)).not.toMatch(/\u001b\[/);
  // eslint-disable-next-line no-control-regex -- ANSI colour codes
  expect(formatText(result, true)).toMatch(/\u001b\[31merror/);
});
