// One check run, shared by the bin and `yo nonroot:check`: audit the folder, render the findings,
// and say which exit code they call for (0 clean, 1 findings at or above --fail-on, 2 input that
// cannot be read). Loads no yeoman: the bin's `check` pays only for what it uses.
import fs from 'node:fs';
import path from 'node:path';
import { probeEngine } from '../core/engine.js';
import { diskRepo } from '../core/layout/index.js';
import { audit, type AuditResult } from './audit.js';
import type { CheckOptions } from './options.js';
import { formatJson } from './report/json.js';
import { formatSarif } from './report/sarif.js';
import { formatText } from './report/text.js';
import { SEVERITIES } from './rule.js';

const version = () => (JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export function runCheck(options: CheckOptions, colour: boolean): { output: string; exitCode: 0 | 1; result: AuditResult } {
  const root = path.resolve(options.path);
  const result = audit(diskRepo(root), { engine: options.engine ? probeEngine() : undefined });
  const failing = result.findings.some((f) => SEVERITIES.indexOf(f.severity) <= SEVERITIES.indexOf(options.failOn));
  const output =
    options.format === 'json'
      ? formatJson(result)
      : options.format === 'sarif'
        ? formatSarif(result, version())
        : formatText(result, colour);
  return { output, exitCode: failing ? 1 : 0, result };
}
