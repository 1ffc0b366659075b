// Listing a folder's files, which finding Kubernetes manifests needs: every repo lists them
// (`Repo.files`); these names stay for the modules written against them.
import type { Repo } from '../layout/repo.js';

/** A repo that lists the files directly in a folder: every `Repo`. */
export type ListingRepo = Repo;

/** The names of the files directly in `dir` (repo-relative); [] when there is no such folder. */
export const listFiles = (repo: Repo, dir: string): string[] => repo.files(dir);
