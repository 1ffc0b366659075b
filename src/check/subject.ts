// What the audit looks at: the repo's model (src/core/layout/model.ts: every Dev Container config,
// the compose projects they and the repo root use, every container with its mounts, the
// Dockerfiles and stages those build), read once, and the engine `check --engine` asked.
import type { EngineInfo } from '../core/engine.js';
import { readModel, type DevcontainerEntry, type DockerfileEntry, type RepoModel } from '../core/layout/model.js';
import type { Repo } from '../core/layout/index.js';

export type DevcontainerFile = DevcontainerEntry;
export type DockerfileFile = DockerfileEntry;

export interface Subject extends RepoModel {
  /** The engine that answered (check --engine), for the rules about rootless engines. */
  engine?: EngineInfo;
}

export function readSubject(repo: Repo, engine?: EngineInfo): Subject {
  // Not spread: the model parses its Dockerfiles when first asked.
  return Object.assign(readModel(repo), { engine });
}
