// Answers -> the one context object every template and merge step receives (pure).
import { describeBaseImage } from './base-image.js';
import { InputError } from './errors.js';
import type { Host } from './host.js';
import type { Answers } from './settings.js';
import { strategyById, type Ids } from './strategies/index.js';

export const USER_SCRIPT = '.nonroot/create-user.sh';

export interface RenderContext {
  baseImage: string;
  builderImage: string;
  /** No shell in the base image: the user is created in a builder stage. */
  shellLess: boolean;
  username: string;
  home: string;
  workspace: string;
  service: string;
  sudo: boolean;
  strategy: string;
  /** ARG defaults in the Dockerfile; undefined: UID/GID are required build args. */
  imageIds?: Ids;
  /** Directories the image creates owned by the user (trap: WORKDIR/VOLUME create them as root). */
  ownedDirs: string[];
  compose: { args: Record<string, string>; user: string; volumes: string[]; namedVolumes: string[] };
  devcontainer: { updateRemoteUserUID: boolean; initializeCommand?: string };
  /** --volumes: container paths of the named volumes. */
  volumePaths: string[];
  /** KEY=value lines for .env; undefined: no .env. */
  env?: Record<string, string>;
  userScript: string;
  /** The compose file: the one the repo already has, else docker-compose.yml (plan.ts decides). */
  composeFile: string;
  /** The service's build context and Dockerfile, from the project root (plan.ts reads them). */
  buildDir: string;
  dockerfile: string;
}

/** A compose volume name for a container path: /home/dev/.cache -> home-dev-.cache. */
export const volumeName = (path: string) => path.replace(/[^a-zA-Z0-9_.-]+/g, '-').replace(/^[^a-zA-Z0-9]+/, '');

export function buildContext(answers: Answers, host: Host): RenderContext {
  const strategy = strategyById(answers.idStrategy);
  const input = { host, ids: { uid: answers.uid, gid: answers.gid } };
  const { shellLess } = describeBaseImage(answers.baseImage);
  if (shellLess && answers.sudo) {
    throw new InputError([`--sudo: ${answers.baseImage} has no shell, so sudo cannot run in it; drop --sudo or pick a base image with a shell`]);
  }
  const compose = strategy.compose(input);
  const volumes = answers.volumes ? answers.volumes.split(',') : [];
  return {
    baseImage: answers.baseImage,
    builderImage: answers.builderImage,
    shellLess,
    username: answers.username,
    home: `/home/${answers.username}`,
    workspace: answers.workspace,
    service: answers.service,
    sudo: answers.sudo,
    strategy: strategy.id,
    imageIds: strategy.imageIds(input),
    // Named volumes take owner and content from the image's directory on first use: pre-create them.
    ownedDirs: [answers.workspace, ...volumes],
    compose: {
      ...compose,
      volumes: [`.:${answers.workspace}`, ...volumes.map((path) => `${volumeName(path)}:${path}`)],
      namedVolumes: volumes.map(volumeName),
    },
    volumePaths: volumes,
    devcontainer: strategy.devcontainer,
    env: strategy.envFile(input),
    userScript: USER_SCRIPT,
    composeFile: 'docker-compose.yml',
    buildDir: '.',
    dockerfile: 'Dockerfile',
  };
}

/**
 * Project-relative folders for volumes nested in the workspace mount (e.g. node_modules): the
 * daemon would create them on the host as root (KNOWLEDGE #15), so the generator creates them.
 */
export function nestedVolumeDirs(ctx: RenderContext): string[] {
  return ctx.volumePaths.filter((path) => path.startsWith(`${ctx.workspace}/`)).map((path) => path.slice(ctx.workspace.length + 1));
}
