// Silencing a rule: `# nonroot-ignore NR107` (or `// nonroot-ignore NR107` in devcontainer.json)
// on the finding's line or the line above it, several IDs separated by commas or spaces; or in
// .yo-rc.json, `"generator-nonroot": { "check": { "ignore": ["NR107", "NR202:compose.yaml"] } }`
// for a rule everywhere or in one file.
import type { Repo } from '../core/layout/index.js';
import type { Finding } from './rule.js';

const MARK = /(?:#|\/\/|\/\*)\s*nonroot-ignore\s+([A-Z0-9, ]+)/i;

/** The rule IDs a line's ignore comment names. */
export function ignoredOn(line: string | undefined): string[] {
  const match = line === undefined ? null : MARK.exec(line);
  return match
    ? match[1]
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((id) => id.toUpperCase())
    : [];
}

/** The ignore entries of .yo-rc.json (the same file the generator's answers live in). */
export function configuredIgnores(repo: Repo): string[] {
  try {
    const config = JSON.parse(repo.read('.yo-rc.json') ?? '{}') as { 'generator-nonroot'?: { check?: { ignore?: unknown } } };
    const ignore = config['generator-nonroot']?.check?.ignore;
    return Array.isArray(ignore) ? ignore.map(String) : [];
  } catch {
    return []; // the generator reports a broken .yo-rc.json; the audit looks at containers
  }
}

export function isIgnored(finding: Finding, repo: Repo, configured: string[]): boolean {
  if (configured.includes(finding.rule) || configured.includes(`${finding.rule}:${finding.file}`)) return true;
  const lines = (repo.read(finding.file) ?? '').split('\n');
  return [lines[finding.line - 1], lines[finding.line - 2]].some((line) => ignoredOn(line).includes(finding.rule));
}
