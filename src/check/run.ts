// One check run, shared by the bin and `yo nonroot:check`: audit the folder, render the findings,
// and say which exit code they call for (0 clean, 1 findings at or above --fail-on, 2 input that
// cannot be read). Loads no yeoman: the bin's `check` pays only for what it uses.
import path from 'node:path';
import { probeEngine } from '../core/engine.js';
import { diskRepo } from '../core/layout/index.js';
import { packageVersion } from '../core/sarif.js';
import { audit, type AuditResult } from './audit.js';
import type { CheckOptions } from './options.js';
import { formatJson } from './report/json.js';
import { formatSarif } from './report/sarif.js';
import { formatText } from './report/text.js';
import { SEVERITIES } from './rule.js';

export function runCheck(options: CheckOptions, colour: boolean): { output: string; exitCode: 0 | 1; result: AuditResult } {
  const root = path.resolve(options.path);
  const result = audit(diskRepo(root), { engine: options.engine ? probeEngine() : undefined });
  const failing = result.findings.some((f) => SEVERITIES.indexOf(f.severity) <= SEVERITIES.indexOf(options.failOn));
  const output =
    options.format === 'json'
      ? formatJson(result)
      : options.format === 'sarif'
        ? formatSarif(result, packageVersion())
        : formatText(result, colour);
  return { output, exitCode: failing ? 1 : 0, result };
}
