// The one model of a repo every command reads: each Dev Container config (as the Dev Containers
// CLI resolves it) -> the compose files it and the repo root use (as compose merges them) ->
// services -> the Dockerfiles and stages they build; and every container the repo runs, with its
// mounts, whoever declares them. The generator adopts from it, `check` audits it, `doctor`
// predicts on it and `verify` runs it: what one knows, all know. Pure but for reads; parsed once.
import { BrokenReference } from '../errors.js';
import { parseJsonc, type Json } from '../parse.js';
import { View } from '../dockerfile/view.js';
import type { ComposeProject, Service } from './compose-project.js';
import type { Devcontainer } from './devcontainer-config.js';
import { findDevcontainers, readLayout, type Layout } from './index.js';
import type { Mount } from './mounts.js';
import type { Repo } from './repo.js';
import { findManifests, type Manifests } from '../kube/manifests.js';
import { readChart, type Chart } from '../kube/charts.js';

export interface DevcontainerEntry {
  file: string;
  config: Devcontainer;
  json: Record<string, Json>;
  /** Its compose project, for a compose-based config. */
  compose?: ComposeProject;
}

export interface DockerfileEntry {
  file: string;
  view: View;
  /** Indexes of the stages something builds (compose's build.target, the devcontainer's, else the last). */
  built: number[];
}

/** Something the repo runs: a compose service, or a Dev Container that compose does not run. */
export interface Container {
  /** The service's name; for a Dockerfile- or image-based Dev Container, its config file. */
  name: string;
  /** Where it is declared. */
  file: string;
  line: number;
  /** The compose service (and its project), when compose runs it. */
  service?: Service;
  project?: ComposeProject;
  /** The Dev Container config that opens it: its mounts are this container's too. */
  devcontainer?: DevcontainerEntry;
  /** The Dockerfile and stage it builds (undefined target: the last), when it builds one in the repo. */
  build?: { dockerfile: string; target?: string };
  /** The image it runs when it builds none. */
  image?: string;
  /** Every mount: the service's volumes, the config's `mounts` and its workspace mount. */
  mounts: Mount[];
}

export interface RepoModel {
  repo: Repo;
  devcontainers: DevcontainerEntry[];
  /** Each compose project once: the repo root's and each compose-based devcontainer's. */
  composeProjects: ComposeProject[];
  dockerfiles: DockerfileEntry[];
  containers: Container[];
  /** Dev Container configs that name a compose file or service that does not exist. */
  broken: BrokenReference[];
  /** The layout as seen through one config (or the repo root's compose files): what the generator adopts. */
  layout(devcontainer?: string): Layout;
  /** The Kubernetes manifests and Helm charts the repo keeps (k8s/, deploy/, kustomize/…), read when first asked. */
  readonly kube: Manifests & { chartValues: Chart[] };
}

/** A compose service's mounts as the model's one kind. */
export const serviceMounts = (service: Service): Mount[] => [
  ...service.binds.map((b): Mount => ({ kind: 'bind', source: b.source, target: b.target, file: b.file, line: b.line })),
  ...service.volumes.map((v): Mount => ({
    kind: 'volume',
    source: v.name,
    target: v.target,
    file: v.file,
    line: v.line,
    ...(v.nocopy ? { nocopy: true } : {}),
  })),
];

/** A service's build the generator and the audit can read: in the repo, from a Dockerfile. */
const editableBuild = (service: Service) =>
  service.build && !service.build.inline && !service.build.outside
    ? { dockerfile: service.build.dockerfile, target: service.build.target }
    : undefined;

export function readModel(repo: Repo): RepoModel {
  const layouts = new Map<string, Layout>();
  const layout = (file?: string) => {
    if (!layouts.has(file ?? '')) layouts.set(file ?? '', readLayout(repo, file));
    return layouts.get(file ?? '')!;
  };
  const devcontainers: DevcontainerEntry[] = [];
  const broken: BrokenReference[] = [];
  for (const file of findDevcontainers(repo)) {
    try {
      const config = layout(file).devcontainer!;
      const compose = config.kind === 'compose' ? layout(file).compose : undefined;
      devcontainers.push({ file, config, json: parseJsonc(repo.read(file)!, file), compose });
    } catch (error) {
      // A config naming a compose file or service that is not there is a finding; the rest is read.
      if (!(error instanceof BrokenReference)) throw error;
      broken.push(error);
    }
  }
  const projects = new Map<string, ComposeProject>();
  for (const project of [layout().compose, ...devcontainers.map((d) => d.compose)])
    if (project) projects.set(project.files.join('\n'), project);
  const composeProjects = [...projects.values()];
  const containers = [
    ...composeProjects.flatMap((project) =>
      project.services.map((service): Container => {
        const opens = devcontainers.find(
          (d) =>
            d.config.kind === 'compose' && d.config.service === service.name && d.compose?.files.join('\n') === project.files.join('\n'),
        );
        return {
          name: service.name,
          file: service.file,
          line: service.line,
          service,
          project,
          devcontainer: opens,
          build: editableBuild(service),
          image: service.image,
          mounts: [...serviceMounts(service), ...(opens?.config.mounts ?? [])],
        };
      }),
    ),
    ...devcontainers
      .filter((d) => d.config.kind !== 'compose')
      .map((d): Container => {
        const { config } = d;
        return {
          name: d.file,
          file: d.file,
          line: 1,
          devcontainer: d,
          build: config.kind === 'dockerfile' ? { dockerfile: config.dockerfile, target: config.target } : undefined,
          image: config.kind === 'image' ? config.image : undefined,
          mounts: [...(config.workspaceMount ? [config.workspaceMount] : []), ...config.mounts],
        };
      }),
  ];
  let dockerfiles: DockerfileEntry[] | undefined;
  let kube: RepoModel['kube'] | undefined;
  return {
    repo,
    devcontainers,
    composeProjects,
    // Parsed when first asked (the audit, verify): the generator's defaults never need them, and a
    // Dockerfile the user took over (.yo-resolve) may not even parse.
    get dockerfiles() {
      return (dockerfiles ??= readDockerfiles(repo, containers));
    },
    containers,
    broken,
    layout,
    get kube() {
      if (!kube) {
        const found = findManifests(repo);
        kube = { ...found, chartValues: found.charts.map((dir) => readChart(repo, dir)) };
      }
      return kube;
    },
  };
}

function readDockerfiles(repo: Repo, containers: Container[]): DockerfileEntry[] {
  const builds = new Map<string, Set<string | undefined>>();
  const addBuild = (file: string, target: string | undefined) => builds.set(file, (builds.get(file) ?? new Set()).add(target));
  for (const container of containers) if (container.build) addBuild(container.build.dockerfile, container.build.target);
  // A Dockerfile at the root that nothing names is still the repo's image.
  if (repo.read('Dockerfile') !== undefined && !builds.has('Dockerfile')) addBuild('Dockerfile', undefined);
  return [...builds].flatMap(([file, targets]) => {
    const text = repo.read(file);
    if (text === undefined) return [];
    const view = new View(text, file);
    const built = [...targets].map((t) => view.stage(t)?.index).filter((i): i is number => i !== undefined);
    return [{ file, view, built: [...new Set(built)] }];
  });
}
