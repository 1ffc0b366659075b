// What the Dev Containers CLI's UID remap leaves behind. With `updateRemoteUserUID` the CLI rewrites
// a named remote user to the host's UID/GID at `devcontainer up` and re-owns only its home
// (devcontainers/cli scripts/updateUID.Dockerfile: `chown -R $NEW_UID:$NEW_GID $HOME_FOLDER`): a
// volume or a folder the image gave its user elsewhere keeps the old UID. check (NR304) and doctor
// both ask this.
import { stageFolders, userFolders } from '../dockerfile/folders.js';
import { isNumericUser, isRootUser } from '../dockerfile/stage.js';
import type { Container, RepoModel } from './model.js';
import { isBelow } from './mounts.js';
import type { Json } from '../parse.js';
import { isRemapFeature } from '../names.js';

/** Where the CLI's remap reaches: a user's home (`/home/<name>`, root's). */
export const inHome = (path: string) => /^\/home\/[^/]+(\/|$)/.test(path) || path === '/root' || path.startsWith('/root/');

export interface Missed {
  path: string;
  /** A volume mounted there, or a folder the image gives its user. */
  kind: 'volume' | 'image';
  file: string;
  line: number;
}

/**
 * The folders outside the home of the user a Dev Container's remap re-IDs; undefined when the
 * container is not opened by a config that remaps (or its user is root or numeric, which the CLI
 * skips), or when compose passes the host's IDs as build args (nothing is left to remap).
 */
export function missedByRemap(model: Pick<RepoModel, 'dockerfiles'>, container: Container): { user: string; missed: Missed[] } | undefined {
  const dc = container.devcontainer;
  const user = dc?.config.user?.name;
  if (!dc || !dc.config.remap || !user || isRootUser(user) || isNumericUser(user)) return undefined;
  if (container.service?.user?.includes('HOST_UID')) return undefined;
  const binds = container.mounts.filter((m) => m.kind === 'bind').map((m) => m.target);
  const onHost = (path: string) => binds.some((b) => path === b || isBelow(path, b));
  const volumes = container.mounts
    .filter((m) => m.kind === 'volume' && !inHome(m.target))
    .map((m): Missed => ({ path: m.target, kind: 'volume', file: m.file, line: m.line }));
  const entry = container.build && model.dockerfiles.find((d) => d.file === container.build!.dockerfile);
  const stage = entry?.view.stage(container.build!.target);
  const folders = (entry && stage ? userFolders(stageFolders(entry.view, stage)) : [])
    .filter((f) => !inHome(f.path) && !onHost(f.path) && !volumes.some((v) => v.path === f.path))
    .map((f): Missed => {
      const [file, line] = f.why.split(' ')[0].split(':');
      return { path: f.path, kind: 'image', file, line: Number(line) };
    });
  // generator-nonroot's Feature re-owns what it lists at every start, as a root container user.
  const handled = containerUser(dc.json) === 'root' ? featureFolders(dc.json) : [];
  return { user, missed: [...volumes, ...folders].filter((m) => !handled.includes(m.path)) };
}

const containerUser = (json: Record<string, Json>) => (typeof json.containerUser === 'string' ? json.containerUser : undefined);

/** The folders a config gives our remap Feature (`features["./nonroot-remap"].folders`). */
export function featureFolders(json: Record<string, Json>): string[] {
  const features = json.features;
  if (features === null || typeof features !== 'object' || Array.isArray(features)) return [];
  const ours = Object.entries(features).find(([key]) => isRemapFeature(key))?.[1];
  const folders = ours !== null && typeof ours === 'object' && !Array.isArray(ours) ? ours.folders : undefined;
  return typeof folders === 'string' ? folders.split(/\s+/).filter(Boolean) : [];
}
