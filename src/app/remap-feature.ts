// Where the Dev Container relies on the Dev Containers CLI's UID remap (updateRemoteUserUID), which
// re-owns only the user's home (devcontainers/cli scripts/updateUID.Dockerfile), the folders the
// image gives its user elsewhere would keep the image's UID: a node_modules volume under the
// workspace, a virtualenv in /opt. A local Dev Container Feature of ours re-owns them at every
// container start, as root, before the user's session; the container user is then root (as in
// the devcontainers images), and every session, terminal and lifecycle command is the remote user's.
// https://containers.dev/implementors/features/#entrypoint (a Feature's start step).
import { posix } from 'node:path';
import { stageFolders, userFolders } from '../core/dockerfile/folders.js';
import { View } from '../core/dockerfile/view.js';
import { inHome } from '../core/layout/remap.js';
import { isBelow } from '../core/layout/mounts.js';
import type { Layout } from '../core/layout/index.js';
import type { RenderContext } from './context.js';
import { forImage } from './context.js';
import { REMAP_FEATURE } from '../core/names.js';

/**
 * The Feature's folder: the CLI takes a local Feature only from under the workspace's .devcontainer/,
 * whichever config names it (`./nonroot-remap`, `../nonroot-remap`, `./.devcontainer/nonroot-remap`).
 */
export const REMAP_FEATURE_DIR = `.devcontainer/${REMAP_FEATURE}`;
export const REMAP_FEATURE_FILES = ['devcontainer-feature.json', 'install.sh', 'start.sh', 'wait.sh'];

export interface RemapFeature {
  /** The Feature's key in `features`: its folder as seen from the devcontainer.json. */
  ref: string;
  folders: string[];
}

/** The Feature the Dev Container needs, or undefined: no remap (or none of a named user), or nothing outside $HOME. */
export function remapFeature(ctx: RenderContext, layout: Layout, read: (file: string) => string | undefined): RemapFeature | undefined {
  const dc = ctx.place.devcontainer;
  if (!ctx.devcontainer.updateRemoteUserUID || ctx.devcontainer.runAs === 'root') return undefined;
  const image = ctx.place.images.find((i) => i.devcontainer);
  if (!image) return undefined;
  // Where the project is bind-mounted: those are your files on the host, never re-owned.
  const binds = [
    ...(layout.devcontainer?.workspaceMount ? [layout.devcontainer.workspaceMount.target] : []),
    ...(layout.devcontainer?.kind === 'compose' || dc.kind === 'new' ? [image.workspace] : []),
  ];
  // A volume mounted inside the project mount is the engine's, not the host's: it stays in.
  const volumes = [...image.volumes, ...ctx.volumePaths];
  const onHost = (path: string) => !volumes.includes(path) && binds.some((b) => path === b || isBelow(path, b));
  const text = read(image.dockerfile);
  const given = image.targets.flatMap((target) => {
    try {
      const view = text === undefined ? undefined : new View(text, image.dockerfile);
      const stage = view?.stage(target);
      // What the stage gives its user, and its WORKDIRs and VOLUMEs, which the user block makes the user's.
      const folders = view && stage ? stageFolders(view, stage) : [];
      return [...userFolders(folders), ...folders.filter((f) => / (WORKDIR|VOLUME)$/.test(f.why))].map((f) => f.path);
    } catch {
      return []; // the merge reports a Dockerfile it cannot read
    }
  });
  const folders = [...new Set([...forImage(ctx, image).ownedDirs, ...given])].filter((f) => !inHome(f) && !onHost(f));
  if (folders.length === 0) return undefined;
  return { ref: `./${posix.relative(posix.dirname(dc.file), REMAP_FEATURE_DIR)}`.replace(/^\.\/\.\.\//, '../'), folders };
}
