// A kustomization file as far as finding manifests needs it: the files and folders it names
// (`resources`, the older `bases`, `components`), its patches (partial objects, not workloads of
// their own) and its `images` overrides, which rename or retag a manifest's image
// (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/).
import { isMap, isSeq, type Document } from 'yaml';
import { dataOf } from './documents.js';
import { lineOf, startOf } from './nodes.js';
import { resolvePath, isInside } from '../layout/repo.js';

/** The names kustomize looks for in a folder (sigs.k8s.io/kustomize `konfig.RecognizedKustomizationFileNames`). */
export const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export interface ImageOverride {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
  line: number;
}

export interface Kustomization {
  file: string;
  /** Repo-relative files and folders named by resources/bases/components, inside the repo and not remote. */
  resources: string[];
  /** Repo-relative patch files (patches[].path, patchesStrategicMerge, patchesJson6902[].path). */
  patches: string[];
  images: ImageOverride[];
}

const isRemote = (entry: string) => /^[a-z][a-z0-9+.-]*:\/\/|^(github\.com|gitlab\.com|bitbucket\.org)\/|^git@/i.test(entry);

export function readKustomization(text: string, doc: Document.Parsed, file: string): Kustomization {
  const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.';
  const read = dataOf(doc);
  const data = ('data' in read && read.data !== null && typeof read.data === 'object' ? read.data : {}) as Record<string, unknown>;
  const list = (key: string) => (Array.isArray(data[key]) ? (data[key] as unknown[]) : []);
  const local = (entries: unknown[]) =>
    entries
      // (an inline patch is YAML text, not a path)
      .filter((entry): entry is string => typeof entry === 'string' && !isRemote(entry) && !entry.includes('\n'))
      .map((entry) => resolvePath(dir, entry))
      .filter(isInside);
  const pathOf = (entry: unknown) =>
    entry !== null && typeof entry === 'object' ? (entry as { path?: unknown }).path : typeof entry === 'string' ? entry : undefined;
  const imagesNode = isMap(doc.contents) ? doc.contents.get('images', true) : undefined;
  const images = list('images').flatMap((entry, i): ImageOverride[] => {
    const image = (entry ?? {}) as Record<string, unknown>;
    if (typeof image.name !== 'string') return [];
    const item = isSeq(imagesNode) ? (imagesNode.items[i] as Parameters<typeof startOf>[0]) : undefined;
    const field = (key: string) => (image[key] === undefined ? undefined : String(image[key]));
    const override: ImageOverride = { name: image.name, line: lineOf(text, startOf(item) ?? 0) };
    for (const key of ['newName', 'newTag', 'digest'] as const) if (field(key) !== undefined) override[key] = field(key);
    return [override];
  });
  return {
    file,
    resources: local([...list('resources'), ...list('bases'), ...list('components')]),
    patches: local([...list('patches'), ...list('patchesStrategicMerge'), ...list('patchesJson6902')].map(pathOf)),
    images,
  };
}
