// Where the Dev Container config goes and what it says (pure): the config the repo has, or a new
// compose-based one that opens the first service; its workspace folder, worked out from the
// service's project mount (`../..:/workspaces` from .devcontainer/ puts the repo one level down).
import { posix } from 'node:path';
import { projectMount, serviceNamed, type Bind, type Layout } from '../core/layout/index.js';
import { isRootOrAbove, relativeFrom } from '../core/layout/repo.js';
import { isPlainContainerPath } from '../core/names.js';
import type { PlacementInput, ServicePlace } from './placement.js';

export interface DevcontainerPlace {
  file: string;
  /** 'new': written from the template; 'image' becomes Dockerfile-based. */
  kind: 'new' | 'compose' | 'dockerfile' | 'image';
  /** For a new config and for --service/--workspace given explicitly. */
  composeFiles: string[];
  service?: string;
  workspaceFolder?: string;
  /** For an image-based config: the Dockerfile it now builds and its context, from the json's folder. */
  build?: { dockerfile: string; context: string };
}

export function placeDevcontainer(
  layout: Layout,
  services: ServicePlace[],
  composeFiles: string[],
  workspace: string,
  explicit: PlacementInput['explicit'],
  names: string[],
): DevcontainerPlace {
  const dc = layout.devcontainer;
  const first = services[0];
  const repoPath = first ? repoPathIn(projectMount(serviceNamed(layout, first.name)), first.mount.target, names) : workspace;
  if (!dc) {
    return {
      file: '.devcontainer/devcontainer.json',
      kind: 'new',
      composeFiles: composeFiles.map((f) => relativeFrom('.devcontainer', f)),
      service: first?.name,
      workspaceFolder: repoPath,
    };
  }
  return {
    file: dc.file,
    kind: dc.kind,
    composeFiles: [],
    service: dc.kind === 'compose' && explicit.service ? first?.name : undefined,
    workspaceFolder: explicit.workspace ? (dc.kind === 'compose' ? repoPath : workspace) : undefined,
  };
}

/** Where the repo itself is in the container, given its project mount (`../..:/workspaces` from .devcontainer/). */
function repoPathIn(mount: Bind | undefined, target: string, names: string[]): string {
  const up = mount?.source && isRootOrAbove(mount.source) ? (mount.source === '.' ? 0 : mount.source.split('/').length) : 0;
  const below = names
    .slice(0, up)
    .reverse()
    .map((name, i, all) => (i === all.length - 1 ? '${localWorkspaceFolderBasename}' : name));
  return posix.join(target, ...below);
}

/** The folder a Dockerfile-/image-based Dev Container mounts the project in: a plain workspaceFolder, else the CLI's /workspaces. */
export const devcontainerWorkspace = (folder: string | undefined) => (folder && isPlainContainerPath(folder) ? folder : '/workspaces');
