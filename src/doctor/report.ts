// doctor's report: a line per finding (✓ ok, · info, ! warn, ✗ fail), its details and next step
// indented under it, then the count; or the same as JSON. The one-line summary is what `yo nonroot`
// prints at its end when the working tree has files that are not the user's.
import type { DoctorFacts } from './facts.js';
import type { Finding, Status } from './checks/index.js';

const MARK: Record<Status, string> = { ok: '✓', info: '·', warn: '!', fail: '✗' };
const COLOR: Record<Status, string> = { ok: '32', info: '2', warn: '33', fail: '31' };

export function textReport(facts: DoctorFacts, findings: Finding[], color = false): string {
  const paint = (status: Status, text: string) => (color ? `\x1b[${COLOR[status]}m${text}\x1b[0m` : text);
  const width = Math.max(...findings.map((f) => f.check.length));
  const lines = [`generator-nonroot doctor: ${facts.folder}`];
  for (const f of findings) {
    lines.push(`  ${paint(f.status, MARK[f.status])} ${f.check.padEnd(width)}  ${f.summary}`);
    const indent = ' '.repeat(width + 6);
    for (const detail of f.details ?? []) lines.push(`${indent}${detail}`);
    if (f.fix) lines.push(`${indent}next: ${f.fix}`);
  }
  const count = (status: Status) => findings.filter((f) => f.status === status).length;
  const [fails, warns] = [count('fail'), count('warn')];
  lines.push(
    fails + warns === 0
      ? 'all is well'
      : `${fails} problem${fails === 1 ? '' : 's'}, ${warns} warning${warns === 1 ? '' : 's'}` + (fails > 0 ? ': exit 1' : ''),
  );
  return `${lines.join('\n')}\n`;
}

export function jsonReport(facts: DoctorFacts, findings: Finding[]): string {
  const { folder, host, engine, endpoint, tree } = facts;
  // Each volume by its names and the line that mounts it (not the model objects it came from).
  const volumes = facts.volumes?.states.map(({ volume, wanted, why, exists, foreign, image, notRun }) => ({
    name: volume.name,
    short: volume.short,
    at: `${volume.mounts[0].mount.file}:${volume.mounts[0].mount.line}`,
    ...{ exists, wanted, foreign, image, notRun, leftAlone: why },
  }));
  return `${JSON.stringify({ folder, host, engine: engine ?? null, endpoint, tree, volumes: volumes ?? [], findings }, null, 2)}\n`;
}

/** One line for the end of a `yo nonroot` run; undefined when the tree is all the user's. */
export function treeSummary(facts: Pick<DoctorFacts, 'tree'>): string | undefined {
  const { foreign, folders } = facts.tree;
  if (foreign === 0) return undefined;
  const top = folders
    .slice(0, 3)
    .map((f) => `${f.folder === '.' ? 'files at the top' : f.folder} ${f.count}`)
    .join(', ');
  const more = folders.length > 3 ? ', …' : '';
  return `doctor: ${foreign} files and folders here are not yours (${top}${more}): generator-nonroot reclaim gives them back`;
}
