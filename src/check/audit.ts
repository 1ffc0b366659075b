// `nonroot check`: the repo's container setup read through the generator's layout discovery, every
// rule of the table run over it, findings an ignore comment or .yo-rc.json silences left out.
// Writes nothing. A file that cannot be read stops the audit with an InputError (file:line).
import type { EngineInfo } from '../core/engine.js';
import type { Repo } from '../core/layout/index.js';
import { configuredIgnores, isIgnored } from './ignore.js';
import type { Finding, Severity } from './rule.js';
import { RULES } from './rules/index.js';
import { readSubject } from './subject.js';

export interface Reported extends Finding {
  severity: Severity;
}

export interface AuditResult {
  findings: Reported[];
  /** How many findings an ignore comment or .yo-rc.json silenced. */
  ignored: number;
}

export function audit(repo: Repo, options: { engine?: EngineInfo } = {}): AuditResult {
  const subject = readSubject(repo, options.engine);
  const configured = configuredIgnores(repo);
  const all = RULES.flatMap((rule) => rule.check(subject).map((found) => ({ ...found, rule: rule.id, severity: rule.severity })));
  // The same place found twice (a Dockerfile two services build) is one finding.
  const unique = [...new Map(all.map((f) => [`${f.rule}\u0000${f.file}\u0000${f.line}\u0000${f.message}`, f])).values()];
  const findings = unique.filter((f) => !isIgnored(f, repo, configured));
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule));
  return { findings, ignored: unique.length - findings.length };
}
