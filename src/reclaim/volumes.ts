// reclaim --volumes: the repo's own named volumes that hold files an earlier run left (root's, when
// the team ran as root before adopting) are given to the user the containers now run as. Only the
// volumes this repo's compose files and Dev Container configs mount, by the names their tools give
// them (core/layout/volume-names.ts), never another project's; only volumes every container that
// mounts them uses as you (a database's volume is its own user's). Each one: a short-lived container
// as root, no network, nothing pulled, the volume mounted alone, `find … -exec chown -h` on only
// the entries that are not right (a symlink is changed itself, never followed); then a read-only
// look again, which is what the report counts. The dry run only looks (read-only).
import type { EngineInfo } from '../core/engine.js';
import { InputError } from '../core/errors.js';
import type { HostIds } from '../core/host.js';
import { diskRepo } from '../core/layout/repo.js';
import { readModel } from '../core/layout/model.js';
import { repoVolumes } from '../core/layout/volume-names.js';
import { lookAtVolumes, runFind, volumeOwners, type VolumeState } from '../core/machine/volumes.js';
import { readStored } from '../core/stored.js';
import type { ReclaimOptions } from './options.js';

export interface VolumeOutcome {
  name: string;
  short: string;
  /** The line that mounts it. */
  at: string;
  wanted?: string;
  leftAlone?: string;
  exists?: boolean;
  /** Entries that were not right, by `uid:gid`, before. */
  foreign?: Record<string, number>;
  /** With --yes: how many entries chown changed, and how many are still not right after. */
  given?: number;
  remaining?: number;
  image?: string;
  notRun?: string;
}

const total = (counts: Record<string, number> | undefined) => Object.values(counts ?? {}).reduce((a, b) => a + b, 0);
const owners = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([ids, n]) => `${ids === '0:0' ? 'root' : ids}: ${n}`)
    .join(', ');

export function reclaimVolumes(folder: string, host: HostIds, engine: EngineInfo, options: ReclaimOptions) {
  let model;
  try {
    model = readModel(diskRepo(folder));
  } catch (error) {
    throw new InputError([`--volumes: the repo's compose files or Dev Container configs cannot be read: ${(error as Error).message}`]);
  }
  const cli = engine.client ?? 'docker';
  const stored = readStored(model.repo.read('.yo-rc.json'));
  const states = lookAtVolumes(cli, volumeOwners(model, repoVolumes(model, { folder, env: process.env }), { host, stored, engine }), {
    only: options.image,
  });
  const outcomes = states.map((state) => outcome(state));
  // The image the user named did not run: say so by its flag.
  for (const o of outcomes)
    if (options.image && o.notRun) o.notRun = `--image ${options.image} did not run find (not on this machine, or no find in it)`;
  for (const [i, state] of states.entries()) {
    if (!options.yes || total(state.foreign) === 0) continue;
    // The image that looked has find; chown comes with it in BusyBox and coreutils.
    const changed = runFind(cli, state, [state.image!], true);
    const [after] = lookAtVolumes(cli, [state], { only: state.image });
    Object.assign(outcomes[i], {
      given: changed.stdout === undefined ? 0 : changed.stdout.split('\0').filter(Boolean).length,
      remaining: after.foreign === undefined ? total(state.foreign) : total(after.foreign),
      notRun: changed.why,
    });
  }
  // One of yours that could not be looked at may hold anything: not all yours, as far as reclaim knows.
  const unknown = outcomes.filter((o) => o.exists && o.wanted && o.foreign === undefined).length;
  const remaining = unknown + outcomes.reduce((sum, o) => sum + (o.remaining ?? total(o.foreign)), 0);
  return { outcomes, remaining, lines: report(outcomes, options.yes) };
}

function outcome({ volume, wanted, why, exists, foreign, image, notRun }: VolumeState): VolumeOutcome {
  const { mount } = volume.mounts[0];
  const ids = wanted && `${wanted.uid}:${wanted.gid}`;
  return {
    name: volume.name,
    short: volume.short,
    at: `${mount.file}:${mount.line}`,
    wanted: ids,
    leftAlone: why,
    exists,
    foreign,
    image,
    notRun,
  };
}

function report(outcomes: VolumeOutcome[], applied: boolean): string[] {
  if (outcomes.length === 0)
    return ['volumes: this repo mounts no named volume (compose `volumes:`, devcontainer.json `mounts` of type volume): nothing to do'];
  const lines = ["the repo's named volumes:"];
  for (const o of outcomes) {
    const label = `${o.at} ${o.short}${o.name === o.short ? '' : ` (${o.name})`}`;
    if (o.leftAlone) lines.push(`  ${label}: left alone, ${o.leftAlone}`);
    else if (!o.exists) lines.push(`  ${label}: not in the engine: nothing to give back`);
    else if (o.foreign === undefined) lines.push(`  ${label}: not looked at: ${o.notRun}`);
    else if (total(o.foreign) === 0) lines.push(`  ${label}: all yours (${o.wanted})`);
    else if (!applied)
      lines.push(`  ${label}: ${total(o.foreign)} not yours (${owners(o.foreign)}): dry run, --yes gives them to ${o.wanted}`);
    else
      lines.push(
        `  ${label}: gave back ${o.given} entr${o.given === 1 ? 'y' : 'ies'} to ${o.wanted} (${o.image})` +
          (o.remaining ? `, ${o.remaining} still not yours${o.notRun ? `: ${o.notRun}` : ''}` : ''),
      );
  }
  return lines;
}
