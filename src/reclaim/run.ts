// One reclaim run: scan the tree, plan, and (with --yes) run the one command, then scan again and
// report before and after. Exit 0 when every file is the user's at the end (or a dry run finds
// none to change), 1 when some are not, 2 when it cannot run (bad input, no engine, a remote one).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { probeEngine } from '../core/engine.js';
import { InputError } from '../core/errors.js';
import { readHostIds } from '../core/host.js';
import { readEndpoint } from '../core/machine/endpoint.js';
import { subIdRanges } from '../core/machine/subids.js';
import { scanTree, type TreeScan } from '../core/machine/tree.js';
import { pickImage } from './image.js';
import type { ReclaimOptions } from './options.js';
import { IMAGE, planReclaim, type Plan } from './plan.js';

export interface Outcome {
  folder: string;
  applied: boolean;
  plan: Plan;
  before: TreeScan;
  after?: TreeScan;
  image?: string;
}

export function runReclaim(options: ReclaimOptions): { output: string; exitCode: number } {
  const folder = path.resolve(options.path);
  if (!fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory())
    throw new InputError([`${options.path}: no such folder; pass the project folder (default: the current one)`]);
  const host = readHostIds();
  if (host.uid === 0) throw new InputError(['you are root: every file is yours already; run reclaim as the user who works in this folder']);
  const before = scanTree(folder, host.uid);
  const outcome: Outcome = { folder, applied: false, plan: { targets: [], reclaimable: 0, stuck: [], via: '' }, before };
  if (before.foreign === 0) return report(outcome, options);
  const endpoint = readEndpoint();
  if (endpoint.kind === 'remote')
    throw new InputError([`the engine is ${endpoint.address} (${endpoint.source}), another machine: it cannot reach this folder's files`]);
  const engine = probeEngine();
  if (!engine)
    throw new InputError([
      'reclaim needs Docker or Podman that you may use, and none answered (docker info, podman info); ' +
        `without one: sudo chown -hR ${host.uid}:${host.gid} .`,
    ]);
  const subuid = subIdRanges(readFile('/etc/subuid'), host.login, host.uid);
  outcome.plan = planReclaim(before, host, engine, subuid, folder);
  const { command } = outcome.plan;
  if (command?.includes(IMAGE)) {
    outcome.image = options.image ?? pickImage(command[0], folder);
    if (!outcome.image)
      throw new InputError([`no image on this machine runs chown: pass one with --image (e.g. --image busybox:1.37, pulled first)`]);
  }
  if (!options.yes || !command || outcome.plan.reclaimable === 0) return report(outcome, options);
  const argv = command.map((word) => (word === IMAGE ? outcome.image! : word));
  const ran = spawnSync(argv[0], argv.slice(1), { cwd: folder, encoding: 'utf8', timeout: 600_000 });
  outcome.applied = true;
  outcome.after = scanTree(folder, host.uid);
  // chown's complaints about what it could not change are in the after scan; anything else is said.
  if (ran.status !== 0 && outcome.after.foreign === before.foreign)
    throw new Error(`${argv.join(' ')} exited ${ran.status}: ${(ran.stderr || ran.error?.message || '').trim().slice(-2000)}`);
  return report(outcome, options);
}

function readFile(file: string) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function report(outcome: Outcome, options: ReclaimOptions): { output: string; exitCode: number } {
  const remaining = (outcome.after ?? outcome.before).foreign;
  const exitCode = remaining === 0 ? 0 : 1;
  if (options.format === 'json') return { output: `${JSON.stringify(outcome, null, 2)}\n`, exitCode };
  const { before, after, plan } = outcome;
  const lines = [`generator-nonroot reclaim: ${outcome.folder}`];
  if (before.foreign === 0) return { output: `${lines[0]}\nall ${before.scanned} files and folders are yours: nothing to do\n`, exitCode };
  lines.push(`${before.foreign} of ${before.scanned} files and folders are not yours:`);
  for (const f of before.folders) lines.push(`  ${f.folder === '.' ? 'files at the top' : `${f.folder}/`}: ${f.count}`);
  lines.push(`through ${plan.via}${outcome.image ? ` (${outcome.image})` : ''}:`);
  lines.push(`  ${plan.command!.map((w) => (w === IMAGE ? outcome.image : w)).join(' ')}`);
  for (const s of plan.stuck) lines.push(`${s.count} cannot be given back from here: ${s.why}`);
  if (!outcome.applied)
    lines.push(
      plan.reclaimable > 0
        ? `dry run: ${plan.reclaimable} would be yours; run again with --yes to apply`
        : 'nothing this engine can change',
    );
  else lines.push(`done: ${before.foreign - after!.foreign} are yours now${after!.foreign > 0 ? `, ${after!.foreign} are still not` : ''}`);
  return { output: `${lines.join('\n')}\n`, exitCode };
}
