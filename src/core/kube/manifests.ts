// Finding a repo's Kubernetes manifests where teams keep them, and reading their workloads (pure but
// for reads). Folders: the usual names at the repo root, their sub-folders and one level below
// those (kustomize's `base/` and `overlays/<env>/`), plus whatever a kustomization found there names.
// A folder with a Chart.yaml is a Helm chart (charts.ts reads it): its templates/ are Go
// templates and are never parsed as YAML. A file that is a template or does not parse is skipped
// with its reason, never thrown.
import { posix } from 'node:path';
import { readDocuments, type Skipped } from './documents.js';
import { KUSTOMIZATION_NAMES, readKustomization, type Kustomization } from './kustomize.js';
import { listFiles, type ListingRepo } from './listing.js';
import { readWorkload, type Workload } from './workloads.js';

export type { Skipped } from './documents.js';
export type { Kustomization, ImageOverride } from './kustomize.js';
export type { KubeContainer, KubeVolume, Context, VolumeMount, Workload, WorkloadKind } from './workloads.js';

/** Root folders teams keep manifests and charts in. */
export const MANIFEST_FOLDERS = [
  'k8s',
  '.k8s',
  'kube',
  'kubernetes',
  'kubernetes-manifests',
  'k8s-manifests',
  'manifests',
  'deploy',
  'deployment',
  'deployments',
  'kustomize',
  'openshift',
  'helm',
  'chart',
  'charts',
];

/** Levels below a root folder that are searched: `k8s/overlays/prod/` is two. */
const DEPTH = 2;

export interface Manifests {
  /** Manifest files read (kustomizations and chart files not included). */
  files: string[];
  workloads: Workload[];
  skipped: Skipped[];
  kustomizations: Kustomization[];
  /** Chart folders (each holds a Chart.yaml). */
  charts: string[];
}

const isYaml = (name: string) => /\.ya?ml$/i.test(name);
const join = (dir: string, name: string) => (dir === '.' ? name : `${dir}/${name}`);

/** The folders searched: every root folder that exists, and its sub-folders to DEPTH, charts not entered. */
function searchedFolders(repo: ListingRepo): { folders: string[]; charts: string[] } {
  const folders: string[] = [];
  const charts: string[] = [];
  const visit = (dir: string, depth: number) => {
    if (repo.read(join(dir, 'Chart.yaml')) !== undefined) {
      charts.push(dir);
      return;
    }
    folders.push(dir);
    if (depth < DEPTH) for (const sub of repo.folders(dir)) visit(join(dir, sub), depth + 1);
  };
  if (repo.read('Chart.yaml') !== undefined) charts.push('.');
  const roots = new Set(repo.folders('.'));
  for (const name of MANIFEST_FOLDERS) if (roots.has(name)) visit(name, 0);
  return { folders, charts };
}

export function findManifests(repo: ListingRepo): Manifests {
  const { folders, charts } = searchedFolders(repo);
  const out: Manifests = { files: [], workloads: [], skipped: [], kustomizations: [], charts };
  const inChart = (file: string) => charts.some((chart) => chart === '.' || file.startsWith(`${chart}/`));
  const seen = new Set<string>();
  const patches = new Set<string>();
  const queue: string[] = [];
  const kustomizationIn = (dir: string) => KUSTOMIZATION_NAMES.map((name) => join(dir, name)).find((f) => repo.read(f) !== undefined);

  const root = kustomizationIn('.');
  if (root) queue.push(root);
  for (const dir of folders)
    for (const name of listFiles(repo, dir)) if (isYaml(name) || name === 'Kustomization') queue.push(join(dir, name));

  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file) || (inChart(file) && !KUSTOMIZATION_NAMES.includes(posix.basename(file)))) continue;
    seen.add(file);
    const text = repo.read(file);
    if (text === undefined) {
      // A kustomization's folder resource: that folder's kustomization.
      const inner = kustomizationIn(file);
      if (inner) queue.push(inner);
      continue;
    }
    const read = readDocuments(text, file);
    if ('skipped' in read) {
      out.skipped.push(read.skipped);
      continue;
    }
    if (KUSTOMIZATION_NAMES.includes(posix.basename(file))) {
      if (read.docs.length === 0) continue;
      const kustomization = readKustomization(text, read.docs[0], file);
      out.kustomizations.push(kustomization);
      for (const patch of kustomization.patches) patches.add(patch);
      queue.push(...kustomization.resources, ...kustomization.patches);
      continue;
    }
    out.files.push(file);
    read.docs.forEach((doc, index) => {
      const workload = readWorkload(text, doc, file, index);
      if (workload) out.workloads.push(workload);
    });
  }
  for (const workload of out.workloads) workload.patch = patches.has(workload.file);
  out.files.sort();
  out.workloads.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.document - b.document));
  return out;
}
