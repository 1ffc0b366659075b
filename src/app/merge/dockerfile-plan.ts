// What the block templates and the placement need to know about one stage of a Dockerfile: is it
// built, does it have a shell, which user it names (the takeover), where its blocks go, what the
// user must own, and the data the templates render with. Read from the View only: the merge
// (dockerfile.ts) decides from it what to write.
import { describeBaseImage } from '../base-image.js';
import type { RenderContext } from '../context.js';
import { isRootUser } from '../../core/dockerfile/stage.js';
import { isSystemPath, needsRoot } from '../../core/dockerfile/steps.js';
import { stageChain } from '../../core/dockerfile/refs.js';
import { refsTo, takenOver, takeoverId, type Takeover } from '../../core/dockerfile/users.js';
import type { Stage, View } from '../../core/dockerfile/view.js';
import { blockPlaces, ownUserAt } from './dockerfile-place.js';

export interface StagePlan {
  ctx: RenderContext;
  /** The stage is built by a service or devcontainer the run adopts. */
  adopted: boolean;
  shellLess: boolean;
  /** A `USER root` of the file's own follows the block: the stage needs a numeric USER at its end. */
  endsAsRoot: boolean;
  rootAgain: boolean;
  /** Folders the user must own in this stage. */
  ownedDirs: string[];
  /** The user the stage names, which its block takes over. */
  takeover?: Takeover;
  /** The block's user: the one the stage names keeps its name unless --username asked for another. */
  username: string;
  /** The block had to go above a root step: a USER of its own switches below that step. */
  switchBlock: boolean;
  places?: { create: number; switch: number };
  /** What the block templates render with. */
  data: object;
}

/** What the templates and placement need to know about one stage. */
export function planStage(view: View, stage: Stage, adopted: Set<number>, ctx: RenderContext, hoist = true): StagePlan {
  const own = view.instructions(stage);
  // A FROM with a variable that no ARG default resolves cannot be looked up: assume a shell.
  const base = stage.image.includes('$') ? { shellLess: false, scratch: false } : describeBaseImage(stage.image);
  const isAdopted = adopted.has(stage.index);
  const user = isAdopted && !base.shellLess ? takenOver(view, stage, ctx.namedUser) : undefined;
  const places = isAdopted ? blockPlaces(view, stage, user, hoist) : undefined;
  const username = blockUsername(ctx, user);
  const below = places ? own.slice(places.switch) : [];
  const lastUser = below
    .filter((i) => i.getKeyword() === 'USER')
    .at(-1)
    ?.getArgumentsContent()
    ?.trim();
  const ownedDirs = [...new Set([...ctx.ownedDirs, ...workdirsAndVolumes(own)])];
  const builderStage = stage.index === view.stages.length - 1 ? 'nonroot-user' : `nonroot-user-${stage.name ?? stage.index}`;
  // The file's own `USER node` (made numeric) right where the block would switch does it instead.
  const ownSwitch = places !== undefined && !ctx.image.groupZero && ownUserAt(view, stage, places.switch);
  const split = places !== undefined && places.switch > places.create;
  const reown = user && places ? reownDirs(view, stage, ownedDirs, user, places.create) : [];
  return {
    ctx,
    adopted: isAdopted,
    shellLess: base.shellLess,
    endsAsRoot: lastUser !== undefined && isRootUser(lastUser),
    // A stage built FROM an adopted one starts as the user; its root steps need root back (also
    // when it is adopted itself: its root steps stay above its own user block).
    rootAgain: stage.parent !== undefined && adopted.has(stage.parent) && rootBeforeUser(own),
    ownedDirs,
    takeover: user,
    username,
    switchBlock: split && !ownSwitch,
    places,
    data: {
      ...ctx,
      username,
      shellLess: base.shellLess,
      scratch: base.scratch,
      finalImage: stage.image,
      builderStage,
      ownedDirs,
      ownEntrypoint: ownEntrypoint(view, stage),
      takeover: user && takeoverId(user),
      reown,
      // The user the block takes over, and where its old IDs' files are re-owned (create-user.sh).
      takeoverEnv: user ? `NONROOT_TAKEOVER=${takeoverId(user)} ${reown.length > 0 ? `NONROOT_REOWN="${reown.join(' ')}" ` : ''}` : '',
      switchInBlock: !split && !ownSwitch,
    },
  };
}

/**
 * Each image keeps the user it names (web's `node`, worker's `appuser`), re-IDed in place, unless
 * the username answer asked for another name than the repo's own user: then every taken-over user
 * is renamed to it. An image that names no user gets the answer.
 */
export const blockUsername = (ctx: Pick<RenderContext, 'username' | 'renameUsers'>, user?: Takeover) =>
  user?.name && !ctx.renameUsers ? user.name : ctx.username;

/**
 * Folders where files of the taken-over user's old IDs are re-owned: the owned folders, the WORKDIRs
 * of the stage and those it is built on, and what steps gave that user (`chown -R rails db log`),
 * never a system root such as /usr itself.
 */
function reownDirs(view: View, stage: Stage, ownedDirs: string[], user: Takeover, create: number): string[] {
  const chain = stageChain(view, stage);
  // What steps above the block gave the old user; those below it name the block's user.
  const above = new Set(view.instructions(stage).slice(0, create));
  const given = refsTo(view, stage, user)
    .filter((r) => above.has(r.instruction))
    .flatMap((r) => r.targets);
  const dirs = [...ownedDirs, ...chain.flatMap((s) => workdirsAndVolumes(view.instructions(s))), ...given];
  return [...new Set(dirs)].filter((dir) => dir.split('/').length > 2 || !isSystemPath(dir));
}

/** The stage's own ENTRYPOINT (instructions() leaves the generator's blocks out) as exec-form arguments; [] if none. */
function ownEntrypoint(view: View, stage: Stage): string[] {
  const entry = view
    .instructions(stage)
    .filter((i) => i.getKeyword() === 'ENTRYPOINT')
    .at(-1);
  const content = entry?.getArgumentsContent()?.trim();
  if (!content) return [];
  try {
    const parsed: unknown = JSON.parse(content);
    if (Array.isArray(parsed) && parsed.every((a) => typeof a === 'string')) return parsed;
  } catch {
    // The shell form: Docker runs it with /bin/sh -c, and so does the wrapped one.
  }
  return ['/bin/sh', '-c', content];
}

function rootBeforeUser(own: ReturnType<View['instructions']>) {
  const firstUser = own.findIndex((i) => i.getKeyword() === 'USER');
  return own.slice(0, firstUser === -1 ? undefined : firstUser).some((i) => i.getKeyword() === 'RUN' && needsRoot(i));
}

/** WORKDIR and VOLUME paths of a stage, which Docker would create as root (https://github.com/moby/moby/issues/36677). */
function workdirsAndVolumes(own: ReturnType<View['instructions']>): string[] {
  return own
    .filter((i) => i.getKeyword() === 'WORKDIR' || i.getKeyword() === 'VOLUME')
    .flatMap((i) => i.getArguments().map((a) => a.getValue().replace(/^\[?"?|"?,?\]?$/g, '')))
    .filter((p) => /^\/[A-Za-z0-9._@+/-]*$/.test(p) && p !== '/');
}
