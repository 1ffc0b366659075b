// Listing a folder's files, which finding Kubernetes manifests needs and `Repo` does not offer
// (layout discovery only ever reads files by name). A repo may bring `files(dir)` itself; else a
// repo on disk is listed from the disk, and an in-memory one through `memoryFiles`.
import fs from 'node:fs';
import path from 'node:path';
import { posix } from 'node:path';
import type { Repo } from '../layout/repo.js';

/** A repo that can also list the files (not folders) directly in a folder, by name, sorted. */
export interface ListingRepo extends Repo {
  files?(dir: string): string[];
}

/** The names of the files directly in `dir` (repo-relative); [] when there is no such folder. */
export function listFiles(repo: ListingRepo, dir: string): string[] {
  if (repo.files) return repo.files(dir);
  if (repo.root === undefined) return [];
  try {
    return fs
      .readdirSync(path.join(repo.root, dir), { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name)
      .sort();
  } catch {
    return []; // no such folder on disk
  }
}

/** An in-memory repo's file listing (tests; the generator's pending files). */
export function memoryFiles(files: Record<string, string> | string[]): (dir: string) => string[] {
  const paths = Array.isArray(files) ? files : Object.keys(files);
  return (dir) => {
    const prefix = dir === '.' ? '' : `${posix.normalize(dir)}/`;
    const names = paths
      .map((file) => posix.normalize(file))
      .filter((file) => file.startsWith(prefix) && !file.slice(prefix.length).includes('/'))
      .map((file) => file.slice(prefix.length));
    return [...new Set(names)].sort();
  };
}

/** `repo` with a file listing: its own, else `files`. */
export const withFiles = (repo: Repo, files: (dir: string) => string[]): ListingRepo => ({
  ...repo,
  files: (repo as ListingRepo).files ?? files,
});
