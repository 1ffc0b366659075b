// Which compose services the run adopts and how (pure): the ones asked for, and any other that
// builds the same Dockerfile; the project mount only for the service the editor opens (or the one
// service there is); a build the generator cannot edit refused by name rather than left as root.
import { InputError } from '../core/errors.js';
import { projectMount, serviceNamed, sharingBuilds, type Layout } from '../core/layout/index.js';
import { relativeFrom } from '../core/layout/repo.js';

export interface ServicePlace {
  name: string;
  /** The compose file that defines it (or gets it). */
  file: string;
  /** The build to add when it has none, as written from the project directory. */
  build: { context: string; dockerfile?: string };
  mount: {
    source: string;
    target: string;
    add: boolean;
    retarget: boolean;
    /** The mount shows the repo folder itself (not a folder above it). */
    root: boolean;
  };
  /** Not named, but builds the Dockerfile of this named service, so it gets the same user and IDs. */
  sharesBuildOf?: string;
}

export function placeServices(
  layout: Layout,
  services: string[],
  compose: { files: string[]; dir: string } | undefined,
  workspace: string,
  explicit: { workspace: boolean },
): ServicePlace[] {
  // Only the service the editor opens gets the project mount it lacks (or the one service there
  // is): a worker beside it keeps the volumes it asked for and no others.
  const dc = layout.devcontainer;
  const opened = dc?.kind === 'compose' ? dc.service : !dc || services.length === 1 ? services[0] : undefined;
  const shared = sharingBuilds(layout, services);
  return [...services, ...shared.map((s) => s.name)].map((name): ServicePlace => {
    const found = serviceNamed(layout, name);
    const build = found?.build;
    if (build?.inline)
      throw new InputError([
        `${found!.file}:${found!.line}: services.${name}.build uses ` +
          `dockerfile_inline, which the generator cannot edit — move it into a ` +
          `Dockerfile, or pass --service with the other services`,
      ]);
    if (build?.outside)
      throw new InputError([
        `${found!.file}:${found!.line}: services.${name}.build points ` +
          `outside the project (${build.context}, ${build.dockerfile}); the generator ` +
          `edits files inside it only — pass --service with the other services`,
      ]);
    const mount = projectMount(found);
    const add = !mount && name === opened;
    return {
      name,
      file: found?.file ?? compose!.files[0],
      build: { context: relativeFrom(compose!.dir, '.') },
      mount: {
        source: relativeFrom(compose!.dir, '.'),
        target: mount && !explicit.workspace ? mount.target : workspace,
        add,
        retarget: explicit.workspace,
        root: add || mount?.source === '.',
      },
      sharesBuildOf: shared.find((s) => s.name === name)?.with,
    };
  });
}
