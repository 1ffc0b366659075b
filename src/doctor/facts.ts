// What doctor knows before it judges: the host, the engine that answers and where it runs, the
// user's subordinate IDs, what the repo stored and wrote (.yo-rc.json, .env, the layout) and who
// owns its working tree. Gathered once, with one engine probe (2 s at most); the checks are pure
// functions of these facts, so recorded hosts are unit tests.
import fs from 'node:fs';
import os from 'node:os';
import { probeEngine, type EngineInfo } from '../core/engine.js';
import { readHostIds, type HostIds } from '../core/host.js';
import { diskRepo, type Repo } from '../core/layout/repo.js';
import { findDevcontainers, serviceNamed, type Layout } from '../core/layout/index.js';
import { readModel, type RepoModel } from '../core/layout/model.js';
import { readEndpoint, type Endpoint } from '../core/machine/endpoint.js';
import { readSubIds, type SubIdRange } from '../core/machine/subids.js';
import { scanTree, type TreeScan } from '../core/machine/tree.js';
import { idNames, readImageIds, type ImageIds } from '../core/machine/image-ids.js';
import { lookAtVolumes, volumeOwners, type VolumeState } from '../core/machine/volumes.js';
import { repoVolumes } from '../core/layout/volume-names.js';
import { View } from '../core/dockerfile/view.js';
import { readStored, type Stored } from '../core/stored.js';
import { envEntries } from '../core/text/lines.js';

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
  /** The one model of the repo every command reads: every container with its mounts. */
  model?: RepoModel;
  tree: TreeScan;
  /** The Dev Container's base image's users and groups, when that image is on this machine. */
  imageIds?: ImageIds;
  /** The repo's named volumes, those in the engine looked at; `notRun` says why none was. */
  volumes?: { states: VolumeState[]; notRun?: string };
}

export function gatherFacts(folder: string): DoctorFacts {
  const host = readHostIds();
  const repo = diskRepo(folder);
  let layout: Layout | undefined;
  let layoutError: string | undefined;
  let model: RepoModel | undefined;
  try {
    model = readModel(repo);
    // The first Dev Container config, in the order the Dev Containers CLI looks for them.
    layout = model.layout(findDevcontainers(repo)[0]);
  } catch (error) {
    layoutError = (error as Error).message;
  }
  const engine = probeEngine();
  const image = layout?.devcontainer?.remap ? devcontainerImage({ layout, repo }) : undefined;
  const endpoint = readEndpoint();
  const stored = readStored(repo.read('.yo-rc.json'));
  return {
    folder,
    host,
    machine: os.hostname(),
    engine,
    imageIds: engine && image ? readImageIds(engine.client ?? 'docker', image) : undefined,
    endpoint,
    subuid: readSubIds('/etc/subuid', host.login, host.uid),
    subgid: readSubIds('/etc/subgid', host.login, host.uid),
    names: readPasswdNames(),
    repo,
    stored,
    // compose reads the .env beside its (first) file, where host-ids.sh writes it.
    env: envEntries(repo.read(layout?.compose?.envFile ?? '.env')),
    layout,
    layoutError,
    model,
    tree: scanTree(folder, host.uid),
    volumes: model && gatherVolumes({ model, folder, engine, endpoint, host, stored }),
  };
}

/** The repo's named volumes and whose they are; those that exist, looked at in the engine (a container each). */
function gatherVolumes(
  facts: Required<Pick<DoctorFacts, 'model' | 'folder' | 'endpoint' | 'host'>> & Pick<DoctorFacts, 'engine' | 'stored'>,
) {
  const { model, folder, engine, endpoint } = facts;
  const states = volumeOwners(model, repoVolumes(model, { folder, env: process.env }), facts);
  if (states.length === 0) return { states };
  if (endpoint.kind === 'remote')
    return { states, notRun: `the engine is ${endpoint.address}, another machine, where your IDs mean nothing` };
  if (!engine) return { states, notRun: 'no engine answered (docker info, podman info)' };
  return { states: lookAtVolumes(engine.client ?? 'docker', states) };
}

/** /etc/passwd's names by UID; none where there is no such file (Windows). */
function readPasswdNames(): Record<number, string> {
  try {
    return idNames(fs.readFileSync('/etc/passwd', 'utf8'));
  } catch {
    return {};
  }
}

/** The engine runs in a VM (its socket says so) or on a machine of another name than this one. */
export const inVm = ({ engine, endpoint, machine }: Pick<DoctorFacts, 'engine' | 'endpoint' | 'machine'>) =>
  endpoint.kind === 'vm' || (engine?.host !== undefined && engine.host !== machine);

/** The base image the devcontainer's container runs: its image, or the FROM its Dockerfile's built stage starts from. */
export function devcontainerImage({ layout, repo }: Pick<DoctorFacts, 'layout' | 'repo'>): string | undefined {
  const dc = layout?.devcontainer;
  if (!dc) return undefined;
  if (dc.kind === 'image') return dc.image;
  const service = dc.kind === 'compose' && dc.service ? serviceNamed(layout!, dc.service) : undefined;
  if (service && !service.build) return service.image;
  const built = dc.kind === 'dockerfile' ? dc : service?.build;
  const text = built && repo.read(built.dockerfile);
  if (!built || !text) return undefined;
  try {
    return new View(text, built.dockerfile).stage(built.target)?.image;
  } catch {
    return undefined; // check reports a Dockerfile it cannot read
  }
}
