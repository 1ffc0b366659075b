// What templates/kubernetes/*.ejs see for a new project (pure): the workload's name, the image
// and how it is built for the cluster, the IDs it bakes (or arbitrary), and one claim per
// --volumes path. Names follow Kubernetes' DNS-1123 label rule (lower-case letters, digits and
// `-`, starting and ending with a letter or digit, at most 63): a claim name is also a label value.
import type { KubeIds } from './security.js';

export interface KubeTemplateVolume {
  /** The pod's name for the volume: the path as a DNS-1123 label (`/home/dev/.cache` → `home-dev-cache`). */
  name: string;
  path: string;
  size: string;
  /** The PersistentVolumeClaim's name: `<workload>-<name>`. */
  claim: string;
  /** The file it is written to, beside the deployment: `pvc-<name>.yaml`. */
  file: string;
}

export interface KubeTemplateData {
  name: string;
  image: string;
  ids?: { uid: number; gid: number };
  arbitrary: boolean;
  clusterBuild: string;
  command?: string[];
  volumes: KubeTemplateVolume[];
  /** The kustomization's resources, in order. */
  resources: string[];
}

export interface KubeTemplateInput {
  name: string;
  image: string;
  security: KubeIds;
  /** The command that builds `image` for the cluster (one line), for the manifest's comment. */
  clusterBuild: string;
  command?: string[];
  volumes: { path: string; size?: string }[];
}

/** A DNS-1123 label from any text; `fallback` when nothing of it is left. */
export function dnsLabel(text: string, fallback = 'data', max = 63): string {
  const label = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, max)
    .replace(/^-+|-+$/g, '');
  return label === '' ? fallback : label;
}

export const DEFAULT_VOLUME_SIZE = '1Gi';

export function kubeTemplateData(input: KubeTemplateInput): KubeTemplateData {
  const name = dnsLabel(input.name, 'app');
  const used = new Set<string>();
  const volumes = input.volumes.map(({ path, size }) => {
    // Two paths that make one label (`/a.b`, `/a-b`) get numbered apart.
    const base = dnsLabel(path, 'data', 50);
    let volume = base;
    for (let n = 2; used.has(volume); n += 1) volume = `${base}-${n}`;
    used.add(volume);
    return { name: volume, path, size: size ?? DEFAULT_VOLUME_SIZE, claim: dnsLabel(`${name}-${volume}`), file: `pvc-${volume}.yaml` };
  });
  return {
    name,
    image: input.image,
    ids: 'ids' in input.security ? input.security.ids : undefined,
    arbitrary: 'arbitrary' in input.security,
    clusterBuild: input.clusterBuild,
    command: input.command,
    volumes,
    resources: ['deployment.yaml', ...volumes.map((v) => v.file)],
  };
}
