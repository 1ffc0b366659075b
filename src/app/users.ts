// The user a repo already names for its containers (`USER node`, `useradd app`, a devcontainer.json's
// `remoteUser`): the username setting defaults to it, so the block re-IDs that user in place and
// everything the repo wrote for it keeps working; --username renames it instead. Pure but for reads.
import { InputError } from '../core/errors.js';
import { defaultServices, serviceNamed, type Layout, type Repo } from '../core/layout/index.js';
import { dockerfileUsers, namedTakeover, type Takeover } from '../core/dockerfile/users.js';
import type { ImagePlace } from './placement.js';
import type { RenderContext } from './context.js';
import { blockUsername } from './merge/dockerfile-plan.js';
import { scriptsNaming } from './scripts.js';
import { View } from '../core/dockerfile/view.js';
import type { Host } from '../core/host.js';
import { username as validUsername } from './validate.js';

/** The user the images a run adopts by default name, first found first (the Dev Container's image first). */
export function repoUser(repo: Repo, layout: Layout): { name: string; why: string } | undefined {
  const dc = layout.devcontainer;
  const named = dc?.user && { name: dc.user.name, why: `${dc.file} "${dc.user.key}": "${dc.user.name}"` };
  const builds: { dockerfile: string; target?: string; named?: typeof named }[] = [];
  if (dc?.kind === 'dockerfile') builds.push({ dockerfile: dc.dockerfile, target: dc.target, named });
  const services = defaultServices(layout).map((name) => serviceNamed(layout, name));
  for (const service of services) {
    const build = service?.build;
    if (build && !build.inline && !build.outside)
      builds.push({ dockerfile: build.dockerfile, target: build.target, named: dc?.kind === 'compose' ? named : undefined });
  }
  // No compose file and no Dockerfile-based config: the run writes a compose file whose app builds ./Dockerfile.
  if (builds.length === 0 && dc?.kind !== 'image') builds.push({ dockerfile: 'Dockerfile' });
  for (const build of builds) {
    // A user named only by a UID has no name to keep: the username stays the host's.
    const found = usersOf(repo, build.dockerfile, [build.target], build.named)[0];
    if (found?.name) return { name: found.name, why: found.why };
  }
  // An image-based config's Dockerfile is written by the run: only the config names a user.
  const image = dc?.kind === 'image' ? namedTakeover(named) : undefined;
  return image?.name ? { name: image.name, why: image.why } : undefined;
}

/** The users one image's built stages name (an unreadable Dockerfile names none: the merge reports it). */
export function usersOf(
  repo: Repo,
  dockerfile: string,
  targets: (string | undefined)[],
  named?: { name: string; why: string },
): Takeover[] {
  const text = repo.read(dockerfile);
  if (text === undefined) return [namedTakeover(named)].filter((u) => u !== undefined);
  try {
    return dockerfileUsers(text, dockerfile, targets, named);
  } catch (error) {
    if (error instanceof InputError) return [];
    throw error;
  }
}

/**
 * One line per image whose block takes a user over: which, why, and what happens to it, in plain
 * words; on a rename, one more line per line of a script it runs that still names the old user.
 */
export function describeTakeovers(repo: Repo, images: ImagePlace[], ctx: Pick<RenderContext, 'username' | 'renameUsers'>): string[] {
  return images.flatMap((image) =>
    usersOf(repo, image.dockerfile, image.targets, image.namedUser).flatMap((user) => {
      const name = blockUsername(ctx, user);
      const left =
        user.name && user.name !== name
          ? renamedInScripts(repo, image, user.name).map(
              (hit) => `${hit}: still names ${user.name}, now ${name}: scripts are yours to change (the Dockerfile's steps follow)`,
            )
          : [];
      const line =
        user.name === name
          ? `${image.dockerfile} keeps its user ${name} (${user.why}) and gives it your UID/GID; its home, groups and files go with it`
          : `${image.dockerfile} renames its user ${user.name ?? `with UID ${user.uid}`} (${user.why}) to ${name}, with your UID/GID` +
            `${user.name ? ' (--username)' : ''}; its home, groups, sudo rights and the Dockerfile's steps that name it go with it`;
      return [line, ...left];
    }),
  );
}

/** The lines of the scripts the image's built stages copy in that name `old` (an unreadable Dockerfile names none). */
function renamedInScripts(repo: Repo, image: ImagePlace, old: string): string[] {
  const text = repo.read(image.dockerfile);
  if (text === undefined) return [];
  try {
    const view = new View(text, image.dockerfile);
    const stages = image.targets.map((t) => view.stage(t)?.index).filter((i): i is number => i !== undefined);
    return [...new Set(stages.flatMap((index) => scriptsNaming(repo, view, index, image.context, old)))];
  } catch (error) {
    if (error instanceof InputError) return [];
    throw error;
  }
}

/** The host login when it is a portable, non-root username; otherwise `dev`. */
export function defaultUsername(host: Host): string {
  const login = host.login?.toLowerCase();
  return login && validUsername(login) === true ? login : 'dev';
}
