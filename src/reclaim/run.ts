// One reclaim run: scan the tree, plan, and (with --yes) run the one command, then scan again and
// report before and after; with --volumes, the repo's named volumes too (volumes.ts). Exit 0 when
// every file is the user's at the end (or a dry run finds none to change), 1 when some are not, 2
// when it cannot run (bad input, no engine, a remote one).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { probeEngine } from '../core/engine.js';
import { commandFolder } from '../core/command.js';
import { InputError } from '../core/errors.js';
import { readHostIds, type HostIds } from '../core/host.js';
import { readEndpoint } from '../core/machine/endpoint.js';
import { readSubIds } from '../core/machine/subids.js';
import { scanTree, type TreeScan } from '../core/machine/tree.js';
import { pickImage } from './image.js';
import type { ReclaimOptions } from './options.js';
import { IMAGE, planReclaim, type Plan } from './plan.js';
import { reclaimVolumes } from './volumes.js';

export interface Outcome {
  folder: string;
  applied: boolean;
  plan: Plan;
  before: TreeScan;
  after?: TreeScan;
  image?: string;
}

export function runReclaim(options: ReclaimOptions): { output: string; exitCode: number } {
  const folder = commandFolder(options.path);
  refuseNonProject(folder);
  const host = readHostIds();
  if (host.uid === 0) throw new InputError(['you are root: every file is yours already; run reclaim as the user who works in this folder']);
  const tree = reclaimTree(folder, host, options);
  if (!options.volumes) return tree;
  // A volume lives in the engine: one in a VM is given back there, as the containers see it.
  const volumes = reclaimVolumes(folder, host, engineHere(host, { vm: true }), options);
  const exitCode = Math.max(tree.exitCode, volumes.remaining > 0 ? 1 : 0);
  if (options.format === 'json')
    return { output: `${JSON.stringify({ ...JSON.parse(tree.output), volumes: volumes.outcomes }, null, 2)}\n`, exitCode };
  return { output: `${tree.output}${volumes.lines.join('\n')}\n`, exitCode };
}

/** The engine that gives files back: on this machine (or, for volumes, its VM), answering. */
function engineHere(host: HostIds, { vm = false } = {}) {
  const endpoint = readEndpoint();
  if (endpoint.kind === 'remote')
    throw new InputError([`the engine is ${endpoint.address} (${endpoint.source}), another machine: it cannot reach this folder's files`]);
  const engine = probeEngine();
  // In a VM (Docker Desktop, colima, podman machine) a chown in the VM is not who owns the file here.
  if (!vm && (engine?.desktop || endpoint.kind === 'vm'))
    throw new InputError([
      `the engine runs in a VM (${endpoint.address ?? 'Docker Desktop'}): a chown there does not change who owns these files here; ` +
        `use sudo chown -hR ${host.uid}:${host.gid} on the folders listed by generator-nonroot doctor`,
    ]);
  if (!engine)
    throw new InputError([
      'reclaim needs Docker or Podman that you may use, and none answered (docker info, podman info); ' +
        `without one: sudo chown -hR ${host.uid}:${host.gid} .`,
    ]);
  return engine;
}

/** The project folder's files: scan, plan, and (with --yes) the one command, then scan again. */
function reclaimTree(folder: string, host: HostIds, options: ReclaimOptions): { output: string; exitCode: number } {
  const before = scanTree(folder, host.uid);
  const outcome: Outcome = { folder, applied: false, plan: { targets: [], reclaimable: 0, stuck: [], via: '' }, before };
  if (before.foreign === 0) return report(outcome, options);
  const engine = engineHere(host);
  const subuid = readSubIds('/etc/subuid', host.login, host.uid);
  outcome.plan = planReclaim(before, host, engine, subuid, folder);
  const { command } = outcome.plan;
  outcome.image = options.image;
  if (!options.yes || !command || outcome.plan.reclaimable === 0) return report(outcome, options);
  // Only when applying: trying images starts containers.
  if (command.includes(IMAGE)) {
    outcome.image ??= pickImage(command[0], folder);
    if (!outcome.image) throw new InputError(['no image on this machine runs chown: pull one and pass it, e.g. --image busybox:1.37']);
  }
  const argv = command.map((word) => (word === IMAGE ? outcome.image! : word));
  const ran = spawnSync(argv[0], argv.slice(1), { cwd: folder, encoding: 'utf8', timeout: 600_000 });
  outcome.applied = true;
  outcome.after = scanTree(folder, host.uid);
  // chown's complaints about what it could not change are in the after scan; a run that changed nothing is said.
  if (ran.status !== 0 && outcome.after.foreign === before.foreign)
    throw new InputError([
      `${shellWords(argv)} exited ${ran.status} and changed nothing: ${(ran.stderr || ran.error?.message || '').trim().slice(-1000)}`,
      `try another image (--image), or sudo chown -hR ${host.uid}:${host.gid} on the folders listed above`,
    ]);
  return report(outcome, options);
}

/** Markers of a project folder: reclaim gives back one project's files, never a home or a whole disk. */
const MARKERS = [
  '.git',
  '.yo-rc.json',
  '.devcontainer',
  '.devcontainer.json',
  'Dockerfile',
  'compose.yaml',
  'compose.yml',
  'docker-compose.yml',
  'docker-compose.yaml',
];

function refuseNonProject(folder: string) {
  const home = os.homedir();
  if (folder === path.parse(folder).root || home === folder || home.startsWith(`${folder}${path.sep}`))
    throw new InputError([`${folder}: your home or a folder above it, not a project; pass the project folder`]);
  if (!MARKERS.some((marker) => fs.existsSync(path.join(folder, marker))))
    throw new InputError([
      `${folder}: not a project folder (no ${MARKERS.slice(0, 5).join(', ')} or compose file); pass the project folder`,
    ]);
  // The short volume syntax splits on ':'.
  if (folder.includes(':'))
    throw new InputError([`${folder}: a path with ':' cannot be mounted into the container; move or rename the folder`]);
}

/** argv as one line a shell reads back the same: words with other characters in single quotes. */
export const shellWords = (argv: string[]) =>
  argv.map((w) => (/^[\w@%+=:,./<>-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');

function report(outcome: Outcome, options: ReclaimOptions): { output: string; exitCode: number } {
  const remaining = (outcome.after ?? outcome.before).foreign;
  const exitCode = remaining === 0 ? 0 : 1;
  if (options.format === 'json') return { output: `${JSON.stringify(outcome, null, 2)}\n`, exitCode };
  const { before, after, plan } = outcome;
  const lines = [`generator-nonroot reclaim: ${outcome.folder}`];
  if (before.foreign === 0) return { output: `${lines[0]}\nall ${before.scanned} files and folders are yours: nothing to do\n`, exitCode };
  lines.push(`${before.foreign} of ${before.scanned} files and folders are not yours:`);
  for (const f of before.folders) lines.push(`  ${f.folder === '.' ? 'files at the top' : `${f.folder}/`}: ${f.count}`);
  for (const dir of before.unreadable) lines.push(`  ${dir}: cannot be listed (not yours, no r or x): what it holds is not counted`);
  lines.push(`through ${plan.via}${outcome.image ? ` (${outcome.image})` : ''}:`);
  lines.push(`  ${shellWords(plan.command!.map((w) => (w === IMAGE ? (outcome.image ?? IMAGE) : w)))}`);
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
