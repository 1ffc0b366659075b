// What the audit looks at: the repo's layout read through the same discovery the generator uses
// (every Dev Container config, the compose projects they and the repo root use, the Dockerfiles
// and stages those build), parsed once. Pure but for reads.
import type { EngineInfo } from '../core/engine.js';
import { BrokenReference } from '../core/errors.js';
import { findDevcontainers, readLayout, type ComposeProject, type Devcontainer, type Repo } from '../core/layout/index.js';
import { View } from '../core/dockerfile/view.js';
import { parseJsonc, type Json } from '../core/parse.js';

export interface DevcontainerFile {
  file: string;
  config: Devcontainer;
  json: Record<string, Json>;
  /** Its compose project, for a compose-based config. */
  compose?: ComposeProject;
}

export interface DockerfileFile {
  file: string;
  view: View;
  /** Indexes of the stages something builds (compose's build.target, the devcontainer's, else the last). */
  built: number[];
}

export interface Subject {
  repo: Repo;
  devcontainers: DevcontainerFile[];
  /** Each compose project once: the repo root's and each compose-based devcontainer's. */
  composeProjects: ComposeProject[];
  dockerfiles: DockerfileFile[];
  /** Dev Container configs that name a compose file or service that does not exist. */
  broken: BrokenReference[];
  /** The engine that answered (check --engine), for the rules about rootless engines. */
  engine?: EngineInfo;
}

export function readSubject(repo: Repo, engine?: EngineInfo): Subject {
  const devcontainers: DevcontainerFile[] = [];
  const projects = new Map<string, ComposeProject>();
  const builds = new Map<string, Set<string | undefined>>();
  const addBuild = (file: string, target: string | undefined) => builds.set(file, (builds.get(file) ?? new Set()).add(target));
  const addProject = (project: ComposeProject | undefined) => {
    if (!project) return;
    projects.set(project.files.join('\n'), project);
    for (const service of project.services)
      if (service.build && !service.build.inline && !service.build.outside) addBuild(service.build.dockerfile, service.build.target);
  };
  addProject(readLayout(repo).compose);
  const broken: BrokenReference[] = [];
  for (const file of findDevcontainers(repo)) {
    let layout;
    try {
      layout = readLayout(repo, file);
    } catch (error) {
      // A config naming a compose file or service that is not there is a finding; the rest is audited.
      if (!(error instanceof BrokenReference)) throw error;
      broken.push(error);
      continue;
    }
    const config = layout.devcontainer!;
    const compose = config.kind === 'compose' ? layout.compose : undefined;
    devcontainers.push({ file, config, json: parseJsonc(repo.read(file)!, file), compose });
    addProject(compose);
    if (config.kind === 'dockerfile') addBuild(config.dockerfile, config.target);
  }
  // A Dockerfile at the root that nothing names is still the repo's image.
  if (repo.read('Dockerfile') !== undefined && !builds.has('Dockerfile')) addBuild('Dockerfile', undefined);
  const dockerfiles = [...builds].flatMap(([file, targets]) => {
    const text = repo.read(file);
    if (text === undefined) return [];
    const view = new View(text, file);
    const built = [...targets].map((t) => view.stage(t)?.index).filter((i): i is number => i !== undefined);
    return [{ file, view, built: [...new Set(built)] }];
  });
  return { repo, devcontainers, composeProjects: [...projects.values()], dockerfiles, broken, engine };
}
