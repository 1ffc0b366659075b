// The image reclaim's throwaway container runs: one already on this machine, so nothing is pulled
// and nothing leaves it. The project's own images first (compose names them `<project>-<service>`),
// then images that ship chown in their usual place (BusyBox, Alpine, Debian and the images built on
// them), each tried with `chown --help` until one answers.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { normalizeProjectName } from '../core/layout/volume-names.js';
import { LIKELY_TOOL_IMAGES, localImages } from '../core/machine/local-images.js';

/** Tried at most: each try starts a container (~0.5 s). */
const TRIES = 5;

/** The candidates in the order they are tried (pure: what `image ls` listed, and the project folder). */
export function candidates(images: string[], folder: string): string[] {
  // compose's default project name: the folder's, normalized as compose does.
  const project = normalizeProjectName(path.basename(folder));
  const own = images.filter((ref) => ref.startsWith(`${project}-`) || ref.startsWith(`${project}_`));
  const likely = images.filter((ref) => !own.includes(ref) && LIKELY_TOOL_IMAGES.test(ref));
  return [...own, ...likely];
}

/** The first candidate whose container runs chown; undefined when none does. */
export function pickImage(cli: string, folder: string): string | undefined {
  return candidates(localImages(cli), folder)
    .slice(0, TRIES)
    .find((image) => {
      const ran = spawnSync(cli, ['run', '--rm', '--pull', 'never', '--network', 'none', '--entrypoint', 'chown', image, '--help'], {
        stdio: 'ignore',
        timeout: 30_000,
      });
      return ran.status === 0;
    });
}
