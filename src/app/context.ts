// Answers and the repo's layout -> the one context object every template and merge receives (pure).
import { InputError } from '../core/errors.js';
import type { Host } from '../core/host.js';
import type { Layout } from '../core/layout/index.js';
import { place, type ImagePlace, type Placement } from './placement.js';
import { serviceList, type Answers } from './settings.js';
import { SHARED_IDS } from '../core/strategies/fixed.js';
import { strategyById, type StrategyDevcontainer, type Ids, type Strategy } from '../core/strategies/index.js';
import type { StrategyCompose } from '../core/strategies/types.js';
import { describeBaseImage } from './base-image.js';
import { USER_SCRIPT } from '../core/names.js';
import { HOST_IDS_COMMAND } from '../core/strategies/build-arg.js';
import { remapFeature, type RemapFeature } from './remap-feature.js';
import { kubePlan, type KubePlan } from './kubernetes.js';
import type { RepoModel } from '../core/layout/model.js';

export interface RenderContext {
  baseImage: string;
  builderImage: string;
  username: string;
  home: string;
  /** Where the project folder is mounted (per image: see forImage). */
  workspace: string;
  sudo: boolean;
  strategy: string;
  /** What the strategy's image does beyond the user block (group 0, an entrypoint, ending as root). */
  image: Strategy['image'];
  /** ARG defaults in the Dockerfile; undefined: UID/GID are required build args. */
  imageIds?: Ids;
  /** Directories the image creates owned by the user (trap: WORKDIR/VOLUME create them as root). */
  ownedDirs: string[];
  compose: StrategyCompose;
  devcontainer: StrategyDevcontainer;
  /** --volumes: container paths of the named volumes, and their compose entries (`name:/path`). */
  volumePaths: string[];
  volumes: string[];
  /** KEY=value lines for the .env compose reads; undefined: no .env. */
  env?: Record<string, string>;
  userScript: string;
  place: Placement;
  /** The user a devcontainer.json names (`remoteUser`), for the image it builds: the block takes it over. */
  namedUser?: { name: string; why: string };
  /** The username answer is not the repo's own user: every user an image names is renamed to it. */
  renameUsers: boolean;
  /** The Feature that re-owns, after the CLI's remap, the folders outside $HOME (remap-feature.ts). */
  remapFeature?: RemapFeature;
  /** --kubernetes: what the run writes for the cluster (kubernetes.ts). */
  kube?: KubePlan;
}

/** A compose volume name for a container path: /home/dev/.cache -> home-dev-.cache. */
export const volumeName = (path: string) => path.replace(/[^a-zA-Z0-9_.-]+/g, '-').replace(/^[^a-zA-Z0-9]+/, '');

export interface ContextInput {
  answers: Answers;
  host: Host;
  layout: Layout;
  explicit: { service: boolean; workspace: boolean };
  /** The repo folder's name, then its parent's (a mount of a folder above the repo needs them). */
  names: string[];
  /** The user the repo names (`USER node`, `remoteUser`): a username answer other than it renames. */
  repoUser?: string;
  /** The repo's files (the Dev Container's Dockerfile: the folders it gives its user). */
  read?: (file: string) => string | undefined;
  /** The repo's model and folder, for --kubernetes (its manifests, the images it builds, the project's name). */
  model?: RepoModel;
  folder?: string;
}

export function buildContext(given: ContextInput): RenderContext {
  const { answers, host, layout, explicit, names, repoUser, read = () => undefined } = given;
  const strategy = strategyById(answers.idStrategy);
  const input = { host, ids: { uid: answers.uid, gid: answers.gid } };
  const { shellLess } = describeBaseImage(answers.baseImage);
  if (shellLess && answers.sudo) {
    throw new InputError([
      `--sudo: ${answers.baseImage} has no shell, so sudo cannot run in it; drop --sudo or pick a base image with a shell`,
    ]);
  }
  if (shellLess && strategy.needsShell) {
    throw new InputError([
      `--id-strategy ${strategy.id}: its entrypoint is a shell script, and ` +
        `${answers.baseImage} has no shell; pick a base image with a shell, or ` +
        `--id-strategy fixed`,
    ]);
  }
  const placement = place({
    layout,
    services: serviceList(answers),
    workspace: answers.workspace,
    baseImage: answers.baseImage,
    explicit,
    names,
  });
  const volumePaths = answers.volumes ? answers.volumes.split(',') : [];
  const imageIds = strategy.imageIds(input);
  // A Dockerfile- or image-based Dev Container build reads no .env: per-host IDs cannot reach it,
  // so its image user sits at 1000 and the Dev Containers CLI remaps it (updateRemoteUserUID).
  const byCli = ['dockerfile', 'image'].includes(placement.devcontainer.kind) && imageIds === undefined;
  const devcontainer = byCli ? { updateRemoteUserUID: true } : strategy.devcontainer(input);
  const ctx: RenderContext = {
    baseImage: answers.baseImage,
    builderImage: answers.builderImage,
    username: answers.username,
    home: `/home/${answers.username}`,
    workspace: answers.workspace,
    sudo: answers.sudo,
    strategy: strategy.id,
    image: strategy.image,
    imageIds,
    ownedDirs: [answers.workspace, ...volumePaths],
    compose: strategy.compose(input),
    devcontainer,
    volumePaths,
    volumes: volumePaths.map((path) => `${volumeName(path)}:${path}`),
    env: placement.compose ? strategy.envFile(input) : undefined,
    userScript: USER_SCRIPT,
    place: placement,
    // No user named anywhere: nothing to keep (tests without a repo rename as asked).
    renameUsers: repoUser !== answers.username,
  };
  // The Dev Container prepares the clone on every start too (mount points, .env), before the container exists.
  if (hostScript(ctx) && !devcontainer.initializeCommand) ctx.devcontainer = { ...devcontainer, initializeCommand: HOST_IDS_COMMAND };
  ctx.remapFeature = remapFeature(ctx, layout, read);
  if (answers.kubernetes && given.model) ctx.kube = kubePlan(ctx, given.model, given.folder ?? names[0]);
  return ctx;
}

/** The context one image is rendered with: its own workspace, and ARG defaults when a build cannot pass IDs. */
export function forImage(ctx: RenderContext, image: ImagePlace): RenderContext {
  return {
    ...ctx,
    baseImage: image.baseImage,
    workspace: image.workspace,
    // Named volumes take owner and content from the image's directory on first use: pre-create them,
    // the repo's own (compose volumes, devcontainer.json mounts) and --volumes.
    ownedDirs: [...new Set([...(image.mounted ? [image.workspace] : []), ...ctx.volumePaths, ...image.volumes])],
    // A plain `docker build` of the cluster's image must not fail for want of build args: it bakes the cluster's IDs.
    imageIds: ctx.imageIds ?? (image.idsBaked ? SHARED_IDS : ctx.kube && 'ids' in ctx.kube.security ? ctx.kube.security.ids : undefined),
    namedUser: image.namedUser,
  };
}

/** Whether the clone needs `.nonroot/host-ids.sh`: IDs for compose's .env, or mount points to create as you. */
export const hostScript = (ctx: RenderContext) => ctx.env !== undefined || nestedVolumeDirs(ctx).length > 0;

/** What host-ids.sh is rendered with. */
export const hostScriptData = (ctx: RenderContext) => ({ ...ctx, mountPoints: nestedVolumeDirs(ctx) });

/**
 * Project-relative folders for volumes nested in a service's project mount (e.g. node_modules): the
 * daemon would create them on the host as root, so the generator creates them
 * (https://github.com/microsoft/vscode-remote-release/issues/6669).
 */
export function nestedVolumeDirs(ctx: RenderContext): string[] {
  const targets = ctx.place.services.filter((s) => s.mount.root).map((s) => s.mount.target);
  const fromFlag = ctx.volumePaths.flatMap((path) => targets.filter((t) => path.startsWith(`${t}/`)).map((t) => path.slice(t.length + 1)));
  return [...new Set([...ctx.place.mountPoints, ...fromFlag])];
}
