// doctor's findings as SARIF, for the ones that have a place in the repo: `.env` (env), the
// strategy in .yo-rc.json, the Dev Container config's user (remap), the first file of the working
// tree that is not yours (tree), the line mounting the first volume that holds some (volumes).
// Host, engine and keep-id are about this machine, not a file: they stay in the text and JSON reports.
import { jsonLine } from '../core/parse.js';
import { sarifLog, type SarifResult } from '../core/sarif.js';
import { CHECKS, type Finding } from './checks/index.js';
import type { DoctorFacts } from './facts.js';

const LEVEL = { fail: 'error', warn: 'warning' } as const;

/** Where a check's finding sits in the repo; undefined: nowhere in it. */
function where(check: string, facts: DoctorFacts): { file: string; line?: number } | undefined {
  const { repo, layout, tree } = facts;
  if (check === 'env' && facts.env && layout?.compose) {
    const file = layout.compose.envFile;
    const index = (repo.read(file) ?? '').split('\n').findIndex((line) => /^\s*(export\s+)?HOST_(UID|GID)\s*=/.test(line));
    return { file, line: index >= 0 ? index + 1 : 1 };
  }
  if (check === 'strategy' && repo.read('.yo-rc.json') !== undefined)
    return { file: '.yo-rc.json', line: jsonLine(repo.read('.yo-rc.json')!, ['generator-nonroot', 'idStrategy']) };
  const dc = layout?.devcontainer;
  if (check === 'remap' && dc) return { file: dc.file, line: jsonLine(repo.read(dc.file) ?? '', [dc.user?.key ?? 'remoteUser']) };
  const volume = facts.volumes?.states.find((s) => s.foreign && Object.keys(s.foreign).length > 0)?.volume.mounts[0].mount;
  if (check === 'volumes' && volume) return { file: volume.file, line: volume.line };
  const first = tree.folders[0]?.examples[0];
  if (check === 'tree' && first) return { file: first };
  return undefined;
}

export function sarifReport(facts: DoctorFacts, findings: Finding[]): string {
  const rules = CHECKS.map((check) => ({ id: `doctor/${check.id}`, name: check.id, title: check.title, level: 'error' as const }));
  const results: SarifResult[] = [];
  for (const finding of findings) {
    const at = finding.status === 'fail' || finding.status === 'warn' ? where(finding.check, facts) : undefined;
    if (!at) continue;
    const message = [finding.summary, ...(finding.details ?? []), ...(finding.fix ? [`Next: ${finding.fix}`] : [])].join('\n');
    results.push({ ruleId: `doctor/${finding.check}`, level: LEVEL[finding.status as 'fail' | 'warn'], message, ...at });
  }
  return sarifLog(rules, results);
}
