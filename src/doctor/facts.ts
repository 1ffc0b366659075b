// What doctor knows before it judges: the host, the engine that answers and where it runs, the
// user's subordinate IDs, what the repo stored and wrote (.yo-rc.json, .env, the layout) and who
// owns its working tree. Gathered once, with one engine probe (2 s at most); the checks are pure
// functions of these facts, so recorded hosts are unit tests.
import fs from 'node:fs';
import os from 'node:os';
import { probeEngine, type EngineInfo } from '../core/engine.js';
import { readHostIds, type HostIds } from '../core/host.js';
import { diskRepo, type Repo } from '../core/layout/repo.js';
import { findDevcontainers, readLayout, type Layout } from '../core/layout/index.js';
import { readEndpoint, type Endpoint } from '../core/machine/endpoint.js';
import { readSubIds, type SubIdRange } from '../core/machine/subids.js';
import { scanTree, type TreeScan } from '../core/machine/tree.js';
import { readStored, type Stored } from '../core/stored.js';

export interface DoctorFacts {
  /** The project folder, absolute. */
  folder: string;
  host: HostIds;
  /** This machine's name, to compare with the engine's. */
  machine: string;
  /** undefined: no engine answered. */
  engine?: EngineInfo;
  endpoint: Endpoint;
  subuid: SubIdRange[];
  subgid: SubIdRange[];
  /** /etc/passwd names by UID, for owners. */
  names: Record<number, string>;
  repo: Repo;
  /** What `yo nonroot` stored in .yo-rc.json; undefined when it never ran here. */
  stored?: Stored;
  /** The compose project's .env entries; undefined when there is no such file. */
  env?: Record<string, string>;
  /** The repo's layout (with its first Dev Container config), or why it could not be read (the rest of the report still runs). */
  layout?: Layout;
  layoutError?: string;
  tree: TreeScan;
}

export function gatherFacts(folder: string): DoctorFacts {
  const host = readHostIds();
  const repo = diskRepo(folder);
  let layout: Layout | undefined;
  let layoutError: string | undefined;
  try {
    // The first Dev Container config, in the order the Dev Containers CLI looks for them.
    layout = readLayout(repo, findDevcontainers(repo)[0]);
  } catch (error) {
    layoutError = (error as Error).message;
  }
  return {
    folder,
    host,
    machine: os.hostname(),
    engine: probeEngine(),
    endpoint: readEndpoint(),
    subuid: readSubIds('/etc/subuid', host.login, host.uid),
    subgid: readSubIds('/etc/subgid', host.login, host.uid),
    names: readPasswdNames(),
    repo,
    stored: readStored(repo.read('.yo-rc.json')),
    // compose reads the .env beside its (first) file, where host-ids.sh writes it.
    env: envEntries(repo.read(layout?.compose?.envFile ?? '.env')),
    layout,
    layoutError,
    tree: scanTree(folder, host.uid),
  };
}

/** /etc/passwd's names by UID; none where there is no such file (Windows). */
function readPasswdNames(): Record<number, string> {
  try {
    return passwdNames(fs.readFileSync('/etc/passwd', 'utf8'));
  } catch {
    return {};
  }
}

export function passwdNames(text: string): Record<number, string> {
  const names: Record<number, string> = {};
  for (const [name, , uid] of text.split('\n').map((line) => line.split(':'))) if (/^\d+$/.test(uid ?? '')) names[Number(uid)] ??= name;
  return names;
}

/** KEY=value lines (`export KEY=value` too), as compose reads .env; quotes around a value dropped. */
export function envEntries(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined) return undefined;
  const entries: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match) entries[match[1]] = match[2].replace(/^(["'])(.*)\1$/, '$2');
  }
  return entries;
}

/** The engine runs in a VM (its socket says so) or on a machine of another name than this one. */
export const inVm = ({ engine, endpoint, machine }: Pick<DoctorFacts, 'engine' | 'endpoint' | 'machine'>) =>
  endpoint.kind === 'vm' || (engine?.host !== undefined && engine.host !== machine);
