// The folders a built stage gives its non-root user, and the folders it creates at all: what the
// user must be able to write when the container runs, and whether a volume mounted at a path finds
// a folder of the user's there (a fresh named volume takes the owner of the image's folder at its
// mount point; none there, and it is root's: https://docs.docker.com/engine/storage/volumes/#populate-a-volume-using-a-container).
// Read from the text: WORKDIR, VOLUME, COPY --chown, chown, mkdir (relative paths under the WORKDIR
// in effect), `python -m venv`, and the user block's NONROOT_DIRS / NONROOT_REOWN.
import { posix } from 'node:path';
import { ModifiableInstruction, type Instruction } from 'dockerfile-ast';
import { isRootUser, instructionLine } from './stage.js';
import { copiesFile, destination, workdirAfter, workdirs } from './steps.js';
import { isSystemUser, stageChain, userRefs } from './refs.js';
import { shellCommands } from './shell-words.js';
import type { Stage, View } from './view.js';

export interface Folder {
  /** Absolute container path. */
  path: string;
  /** `Dockerfile:7 WORKDIR`: the step that makes or gives it. */
  why: string;
  /** The step gives it to the user (not only creates it). */
  users: boolean;
  /** Given with everything below it (`chown -R`, `COPY --chown` of a folder, a venv made as the user). */
  recursive: boolean;
}

/** A COPY/ADD's `--chown` names a user other than root. */
const givenTo = (copy: ModifiableInstruction) => {
  const owner = copy
    .getFlags()
    .find((f) => f.getName() === 'chown')
    ?.getValue();
  return owner !== undefined && owner !== null && !/^(root|0)(:|$)/.test(owner);
};

const resolve = (path: string, workdir: string) => posix.normalize(posix.isAbsolute(path) ? path : posix.join(workdir, path));
const plain = (path: string) => !path.includes('$') && path !== '/';

/** A block's `NAME="a b"` list (the user block's owned and re-owned folders). */
function blockList(text: string, name: string): string[] {
  return (new RegExp(`\\b${name}="([^"]*)"`).exec(text)?.[1] ?? '').split(/\s+/).filter(Boolean);
}

/** Every folder the stage (and the stages it is built on) creates or gives a non-root user, in order. */
export function stageFolders(view: View, stage: Stage): Folder[] {
  const folders: Folder[] = [];
  // Steps in the file's order, and commands in a RUN's order: a chown before a mkdir gives nothing.
  const order: number[] = [];
  const add = (path: string, instruction: Instruction, users: boolean, recursive: boolean, at?: { line: number; start: number }) => {
    if (!plain(path)) return;
    path = path.replace(/(.)\/+$/, '$1'); // `COPY x /tmp/` gives /tmp
    const where = at ?? instruction.getRange().start;
    order.push(where.line * 1e5 + ('start' in where ? where.start : where.character));
    folders.push({ path, why: `${view.file}:${instructionLine(instruction)} ${instruction.getKeyword()}`, users, recursive });
  };
  let start = '/';
  for (const s of stageChain(view, stage)) {
    const all = view.instructions(s, { blocks: true });
    const dirs = workdirs(all, start);
    let user = '';
    for (const instruction of all) {
      const keyword = instruction.getKeyword();
      const workdir = dirs.get(instruction)!;
      const args = instruction.getArgumentsContent() ?? '';
      if (keyword === 'USER') user = args.trim();
      else if (instruction instanceof ModifiableInstruction && /^(COPY|ADD)$/.test(keyword) && givenTo(instruction)) {
        // A copy given to a non-root user (the shell-less block's `COPY --from=… --chown=${UID}:${GID}`).
        const target = destination(instruction, workdir);
        if (target && !copiesFile(instruction)) add(target, instruction, true, true);
      } else if (keyword === 'WORKDIR') add(resolve(args.trim().replace(/^"|"$/g, ''), workdir), instruction, false, false);
      else if (keyword === 'VOLUME')
        for (const a of instruction.getArguments())
          add(resolve(a.getValue().replace(/^\[?"?|"?,?\]?$/g, ''), workdir), instruction, false, false);
      else if (keyword === 'RUN') {
        const asUser = user !== '' && !isRootUser(user);
        for (const dir of [...blockList(args, 'NONROOT_DIRS'), ...blockList(args, 'NONROOT_REOWN')]) add(dir, instruction, true, false);
        for (const words of shellCommands(instruction)) {
          const [tool, ...rest] = words.map((w) => w.text);
          const here = words[0];
          const paths = rest.filter((w, i) => !w.startsWith('-') && !/^(-m|--mode)$/.test(rest[i - 1] ?? ''));
          // `mkdir -p a/b` makes the parents that were not there: not the WORKDIR, nor a folder above one a step made.
          const existed = (d: string) => [workdir, ...folders.map((f) => f.path)].some((k) => k === d || isInside(k, d));
          if (tool === 'mkdir')
            for (const p of paths)
              for (const d of withParents(resolve(p, workdir), rest))
                if (d === resolve(p, workdir) || !existed(d)) add(d, instruction, asUser, false, here);
          // `python -m venv /opt/venv` as the user: the whole virtualenv is theirs.
          if (/^python[0-9.]*$/.test(tool) && rest[0] === '-m' && /^(venv|virtualenv)$/.test(rest[1] ?? ''))
            for (const p of rest.slice(2).filter((w) => !w.startsWith('-'))) add(resolve(p, workdir), instruction, asUser, asUser, here);
        }
      }
    }
    // What the stage gives a named or numbered non-root user: chown targets, COPY --chown destinations.
    for (const ref of userRefs(view, s, { workdir: start })) {
      if (ref.kind !== 'use' || (ref.user !== '' && isSystemUser(ref.user))) continue;
      if (ref.via === '--chown' && copiesFile(ref.instruction)) continue;
      if (ref.via === 'chown' || ref.via === 'chgrp' || ref.via === '--chown') {
        const recursive = ref.via === '--chown' || /\s-[a-zA-Z]*R/.test(` ${ref.instruction.getArgumentsContent() ?? ''}`);
        for (const target of ref.targets) add(target, ref.instruction, true, recursive, ref.words[0]?.word);
      }
    }
    start = workdirAfter(all, start);
  }
  return folders
    .map((folder, i) => ({ folder, at: order[i] }))
    .sort((a, b) => a.at - b.at)
    .map(({ folder }) => folder);
}

/** `mkdir -p a/b/c` makes its parents too. */
function withParents(path: string, words: string[]): string[] {
  if (!words.some((w) => /^-[a-zA-Z]*p/.test(w) || w === '--parents')) return [path];
  const parts = path.split('/').filter(Boolean);
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}`);
}

/**
 * Whether the stage leaves a folder of its user's at `path`: created by a step, and the user's
 * from then on (made as the user, or given to the user by that step or a later one, itself or
 * with a folder above it). A `mkdir` of a folder that exists changes no owner.
 */
export function givesUser(folders: Folder[], path: string): boolean {
  let created = false;
  let users = false;
  for (const f of folders) {
    if (f.path === path && !created) {
      created = true;
      users = f.users;
    } else if (created && f.users && (f.path === path || (f.recursive && isInside(path, f.path)))) users = true;
  }
  return created && users;
}

/** The folders the stage gives its user (where the user must be able to write), each once. */
export function userFolders(folders: Folder[]): Folder[] {
  const seen = new Set<string>();
  return folders.filter((f) => f.users && !seen.has(f.path) && seen.add(f.path));
}

const isInside = (path: string, dir: string) => path.startsWith(`${dir.replace(/\/$/, '')}/`);

/** A COPY/ADD destination (exported for the rules that ask where a copy lands). */
export { destination };
