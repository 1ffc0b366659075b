// Where everything the generator writes goes, decided from the repo's layout (pure): compose edits
// into the file that defines each service, the user block into the Dockerfile (and stage) each
// service or the Dev Container builds, the user script into that build's context, host IDs into
// the .env compose reads for that project. What the repo says wins over defaults; a flag given
// explicitly wins over the repo.
import { posix } from 'node:path';
import { builtServices, projectMount, serviceNamed, type Layout } from '../core/layout/index.js';
import { serviceMounts } from '../core/layout/model.js';
import { nestedInBinds, type Mount } from '../core/layout/mounts.js';
import { isInside, relativeFrom } from '../core/layout/repo.js';
import { placeServices, type ServicePlace } from './placement-services.js';
export type { ServicePlace } from './placement-services.js';
import { devcontainerWorkspace, placeDevcontainer, type DevcontainerPlace } from './placement-devcontainer.js';

export interface ImagePlace {
  dockerfile: string;
  context: string;
  /** Stages built: compose's build.target, the devcontainer's build.target, undefined for the last. */
  targets: (string | undefined)[];
  /** FROM of a new file. */
  baseImage: string;
  /** A Dockerfile the generator wrote follows a --base-image change (not a devcontainer's own). */
  followBase: boolean;
  /** Some build of it cannot pass IDs (a Dev Container build reads no .env): ARGs need defaults. */
  idsBaked: boolean;
  /** Where the project is mounted in containers of this image. */
  workspace: string;
  /** Some container of it mounts the project there (a worker without a project mount has no workspace to own). */
  mounted: boolean;
  /** The Dev Container runs it. */
  devcontainer?: boolean;
  /** The user the devcontainer.json names, for the image the Dev Container runs: the block takes it over. */
  namedUser?: { name: string; why: string };
  /**
   * Where the repo mounts volumes in containers of this image (compose `volumes`, devcontainer.json
   * `mounts`): a fresh volume takes the owner of the image's folder there, so the image makes them the user's.
   */
  volumes: string[];
}

export type { DevcontainerPlace } from './placement-devcontainer.js';

export interface Placement {
  compose?: { files: string[]; dir: string; envFile: string };
  services: ServicePlace[];
  images: ImagePlace[];
  devcontainer: DevcontainerPlace;
  /**
   * Repo-relative folders where the repo mounts a volume inside a bind mount of the project: the
   * engine would create them on the host as root (https://github.com/microsoft/vscode-remote-release/issues/6669).
   */
  mountPoints: string[];
}

/** Volume targets among mounts (tmpfs is the engine's, writable by all). */
const volumeTargets = (mounts: Mount[]) => mounts.filter((m) => m.kind === 'volume').map((m) => m.target);

export interface PlacementInput {
  layout: Layout;
  services: string[];
  workspace: string;
  baseImage: string;
  /** Answers given as flags: they win over what the repo says. */
  explicit: { service: boolean; workspace: boolean };
  /** The repo folder's name and its parent's, for a mount of a folder above it. */
  names: string[];
}

export function place({ layout, services, workspace, baseImage, explicit, names }: PlacementInput): Placement {
  const compose = layout.compose
    ? { files: layout.compose.files, dir: layout.compose.dir, envFile: layout.compose.envFile }
    : services.length > 0
      ? { files: ['docker-compose.yml'], dir: '.', envFile: '.env' }
      : undefined;
  const dc = layout.devcontainer;
  const servicePlaces = placeServices(layout, services, compose, workspace, explicit);
  const images = new Map<string, ImagePlace>();
  const addImage = ({ target, ...image }: Omit<ImagePlace, 'targets'> & { target?: string }) => {
    const known = images.get(image.dockerfile);
    if (!known) images.set(image.dockerfile, { ...image, targets: [target] });
    else {
      if (!known.targets.includes(target)) known.targets.push(target);
      known.idsBaked ||= image.idsBaked;
      known.namedUser ??= image.namedUser;
      known.mounted ||= image.mounted;
      known.volumes = [...new Set([...known.volumes, ...image.volumes])];
    }
  };
  // The mounts of each container the run adopts: a compose service's own, and a config's `mounts` for the service it opens.
  const mountsOf = (name: string) => {
    const found = serviceNamed(layout, name);
    return [...(found ? serviceMounts(found) : []), ...(dc?.kind === 'compose' && dc.service === name ? dc.mounts : [])];
  };
  for (const service of servicePlaces) {
    const usable = serviceNamed(layout, service.name)?.build;
    addImage({
      followBase: true,
      dockerfile: usable?.dockerfile ?? 'Dockerfile',
      context: usable?.context ?? '.',
      target: usable?.target,
      baseImage,
      idsBaked: false,
      workspace: service.mount.target,
      mounted: service.mount.add || projectMount(serviceNamed(layout, service.name)) !== undefined,
      volumes: volumeTargets(mountsOf(service.name)),
    });
  }
  const devcontainer = placeDevcontainer(layout, servicePlaces, compose?.files ?? [], workspace, explicit, names);
  const namedUser = dc?.user && { name: dc.user.name, why: `${dc.file} "${dc.user.key}": "${dc.user.name}"` };
  // The image the Dev Container runs: its compose service's (the new config opens the first service).
  const opens = dc?.kind === 'compose' ? dc.service : !dc ? servicePlaces[0]?.name : undefined;
  if (opens !== undefined) {
    const image = images.get(serviceNamed(layout, opens)?.build?.dockerfile ?? 'Dockerfile');
    if (image) image.devcontainer = true;
    if (image && namedUser) image.namedUser = namedUser;
  }
  if (dc?.kind === 'dockerfile')
    addImage({
      followBase: false,
      dockerfile: dc.dockerfile,
      context: dc.context,
      target: dc.target,
      baseImage,
      idsBaked: true,
      workspace: devcontainerWorkspace(dc.workspaceFolder),
      namedUser,
      mounted: true,
      devcontainer: true,
      volumes: volumeTargets(dc.mounts),
    });
  if (dc?.kind === 'image') {
    const dir = dc.dir === '.' ? '.devcontainer' : dc.dir;
    addImage({
      followBase: true,
      dockerfile: posix.join(dir, 'Dockerfile'),
      context: dir,
      baseImage: dc.image,
      idsBaked: true,
      workspace: devcontainerWorkspace(dc.workspaceFolder),
      namedUser,
      mounted: true,
      devcontainer: true,
      volumes: volumeTargets(dc.mounts),
    });
    devcontainer.build = { dockerfile: relativeFrom(dc.dir, posix.join(dir, 'Dockerfile')), context: relativeFrom(dc.dir, dir) };
  }
  const containerMounts = [
    ...servicePlaces.map((s) => mountsOf(s.name)),
    ...(dc && dc.kind !== 'compose' ? [[...(dc.workspaceMount ? [dc.workspaceMount] : []), ...dc.mounts]] : []),
  ];
  const mountPoints = containerMounts.flatMap((mounts) => nestedInBinds(mounts).map((n) => n.hostPath)).filter(isInside);
  return {
    compose: servicePlaces.length > 0 ? compose : undefined,
    services: servicePlaces,
    images: [...images.values()],
    devcontainer,
    mountPoints: [...new Set(mountPoints)].filter((p) => p !== '.'),
  };
}

/** The workspace a repo already uses: the devcontainer service's or first built service's mount target. */
export function detectedWorkspace(layout: Layout, services: string[]): string | undefined {
  const dc = layout.devcontainer;
  if (dc?.kind === 'dockerfile' || dc?.kind === 'image') return devcontainerWorkspace(dc.workspaceFolder);
  const names = dc?.kind === 'compose' ? [dc.service!] : services.length > 0 ? services : builtServices(layout).map((s) => s.name);
  return names.map((name) => projectMount(serviceNamed(layout, name))?.target).find(Boolean);
}
