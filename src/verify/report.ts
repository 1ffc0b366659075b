// verify's result: a table, service × check, and below it every ✗ with its fix; or JSON.
import { sarifLog } from '../core/sarif.js';
import { CHECKS, TITLES, type Row } from './judge.js';
import { kubeNotRun, kubeResults, kubeRules, kubeText } from './kube-report.js';
import type { Format } from './options.js';
import { engineLine, type Verdict } from './run.js';

const MARK: Record<Row['status'], string> = { ok: '✓', fail: '✗', skip: '–', info: '·' };

export const failed = (verdict: Verdict) =>
  [...verdict.services, ...(verdict.kube ?? [])].some((s) => s.rows.some((r) => r.status === 'fail'));

/** What verify could not run here (a Dev Container without the CLI, manifests without rootless Podman): never counted as passed. */
export const notRun = (verdict: Verdict) => [
  ...verdict.services
    .filter((s) => s.rows.length === 1 && s.rows[0].check === 'build' && s.rows[0].status === 'info')
    .map((s) => s.service),
  ...(verdict.kube ?? []).filter(kubeNotRun).map((g) => g.name),
];

export function jsonReport(verdict: Verdict): string {
  const { folder, engine, host, plan, services, kept } = verdict;
  const json = {
    folder,
    engine,
    host,
    strategy: plan.strategy?.id,
    promised: plan.promised,
    services,
    kube: verdict.kube ?? [],
    kept,
    ok: !failed(verdict),
    notRun: notRun(verdict),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

export function textReport(verdict: Verdict, color = false): string {
  const paint = (status: Row['status'], text: string) =>
    color && status === 'fail' ? `\x1b[31m${text}\x1b[0m` : color && status === 'ok' ? `\x1b[32m${text}\x1b[0m` : text;
  const width = Math.max(7, ...verdict.services.map((s) => s.service.length)) + 2;
  const lines = [`generator-nonroot verify: ${verdict.folder}`, `on ${engineLine(verdict)}`, ''];
  if (verdict.services.length > 0) lines.push(`${'service'.padEnd(width)}${CHECKS.map((c) => c.padEnd(9)).join('')}`.trimEnd());
  for (const { service, rows } of verdict.services) {
    const cells = CHECKS.map((check) => {
      const row = rows.find((r) => r.check === check);
      return row ? paint(row.status, MARK[row.status]) + ' '.repeat(8) : ' '.repeat(9);
    });
    lines.push(`${service.padEnd(width)}${cells.join('')}`.trimEnd());
  }
  if (verdict.services.length > 0) lines.push('');
  for (const { service, rows, note } of verdict.services) {
    if (note) lines.push(`· ${service}: ${note}`);
    for (const row of rows.filter((r) => r.status === 'fail' || r.status === 'info')) {
      lines.push(`${paint(row.status, MARK[row.status])} ${service} ${row.check}: ${row.detail}`);
      if (row.fix) lines.push(`  fix: ${row.fix}`);
    }
  }
  if (verdict.services.length > 0 && verdict.kube?.length) lines.push('');
  lines.push(...kubeText(verdict.kube ?? [], (status) => paint(status, MARK[status])));
  if (verdict.kept.length > 0) lines.push(`kept (--keep): ${verdict.kept.join(', ')}`);
  const skipped = notRun(verdict);
  lines.push(
    failed(verdict)
      ? 'verify: some checks failed (✗ above)'
      : skipped.length > 0
        ? `verify: every check it ran passed; not run here: ${skipped.join(', ')} (· above)`
        : 'verify: every check passed',
  );
  return `${lines.join('\n')}\n`;
}

/** Each ✗ as a SARIF result at the compose service (or the Dev Container config) it is about. */
export function sarifReport(verdict: Verdict): string {
  const rules = [
    ...CHECKS.map((check) => ({ id: `verify/${check}`, name: check, title: TITLES[check], level: 'error' as const })),
    ...kubeRules(),
  ];
  const results = verdict.services.flatMap(({ service, where, rows }) => {
    const [, file, line] = /^(.*?)(?::(\d+))?$/.exec(where)!;
    return rows
      .filter((row) => row.status === 'fail')
      .map((row) => ({
        ruleId: `verify/${row.check}`,
        level: 'error' as const,
        message: `${service}: ${row.detail}${row.fix ? `\nFix: ${row.fix}` : ''}`,
        file,
        line: line === undefined ? undefined : Number(line),
      }));
  });
  return sarifLog(rules, [...results, ...kubeResults(verdict.kube ?? [])]);
}

/** The report in the format asked for: the bin's `verify` and `yo nonroot:verify` print this. */
export function renderVerdict(verdict: Verdict, format: Format, color: boolean): string {
  return format === 'json' ? jsonReport(verdict) : format === 'sarif' ? sarifReport(verdict) : textReport(verdict, color);
}
