// The repo as layout discovery sees it: files read by repo-relative path, and folder names (for
// `.devcontainer/<name>/devcontainer.json`). Paths are POSIX and relative to the repo root ('.').
import fs from 'node:fs';
import path from 'node:path';
import { posix } from 'node:path';

export interface Repo {
  /** The folder on disk, when there is one (git questions need it). */
  root?: string;
  /** A file's text; undefined when there is no such file. */
  read(file: string): string | undefined;
  /** The names of a folder's sub-folders; [] when there is no such folder. */
  folders(dir: string): string[];
  /** The names of the files directly in a folder, sorted; [] when there is no such folder (Kubernetes manifests are found by listing). */
  files(dir: string): string[];
}

/** The names directly in `dir` among repo-relative paths: its files, or (`folders`) its sub-folders. */
function namesIn(paths: string[], dir: string, folders: boolean): string[] {
  const prefix = dir === '.' ? '' : `${posix.normalize(dir)}/`;
  return paths
    .map((file) => posix.normalize(file))
    .filter((file) => file.startsWith(prefix) && file.slice(prefix.length).includes('/') === folders)
    .map((file) => file.slice(prefix.length).split('/')[0]);
}

/**
 * The repo on disk at `root`, seen through `pending` when given: yeoman's in-memory file system,
 * which holds files written but not committed yet (and yeoman-test's `withFiles`).
 */
export function diskRepo(root: string, pending?: { read(file: string): string | undefined; paths(): string[] }): Repo {
  const fromDisk = (file: string) => {
    try {
      return fs.readFileSync(path.join(root, file), 'utf8');
    } catch {
      return undefined;
    }
  };
  return {
    root,
    read: pending ? (file) => pending.read(file) : fromDisk,
    folders: (dir) => listed(dir, true),
    files: (dir) => listed(dir, false),
  };
  function listed(dir: string, folders: boolean): string[] {
    let names: string[] = [];
    try {
      names = fs
        .readdirSync(path.join(root, dir), { withFileTypes: true })
        .filter((e) => (folders ? e.isDirectory() : e.isFile()))
        .map((e) => e.name);
    } catch {
      // no such folder on disk
    }
    return [...new Set([...names, ...namesIn(pending?.paths() ?? [], dir, folders)])].sort();
  }
}

/** An in-memory repo (tests, the audit's corpus runs). */
export function memoryRepo(files: Record<string, string>): Repo {
  return {
    read: (file) => files[posix.normalize(file)],
    folders: (dir) => [...new Set(namesIn(Object.keys(files), dir, true))].sort(),
    files: (dir) => [...new Set(namesIn(Object.keys(files), dir, false))].sort(),
  };
}

/** `rel` resolved from repo-relative folder `dir`: '.', 'a/b', '..' (above the repo) or absolute. */
export function resolvePath(dir: string, rel: string): string {
  const joined = posix.normalize(posix.isAbsolute(rel) ? rel : posix.join(dir, rel));
  // `./` and `../` name the same folders as `.` and `..`.
  return joined.length > 1 ? joined.replace(/\/+$/, '') : joined;
}

/** Inside the repo (the root itself included). */
export const isInside = (p: string) => !posix.isAbsolute(p) && p !== '..' && !p.startsWith('../');

/** The repo root or a folder above it ('..', '../..'): a mount of it shows the whole project. */
export const isRootOrAbove = (p: string) => p === '.' || /^\.\.(\/\.\.)*$/.test(p);

/** A repo-relative path as seen from folder `dir` (for writing paths into files that live there). */
export function relativeFrom(dir: string, p: string): string {
  if (posix.isAbsolute(p)) return p;
  // A fake absolute root deep enough for '../..' keeps this independent of process.cwd().
  const root = '/r/e/p/o/s';
  return posix.relative(posix.join(root, dir), posix.join(root, p)) || '.';
}
