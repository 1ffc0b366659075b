// What the run writes for the cluster (`--kubernetes`): the same image's user, carried to the pod.
// A repo with manifests or a Helm chart gets the securityContext we own merged into them, on the
// workloads that run an image it builds (merge/manifest.ts, merge/helm-values.ts); a repo without
// gets a kustomize folder of its own (templates/kubernetes/). The cluster's IDs are 10001:10001
// (core/kube/security.ts says why), `fixed`'s own IDs, or none under `arbitrary` (OpenShift
// assigns them); the image is built for the cluster with them as build args, which the manifests'
// comment and the run's next steps say.
import { posix } from 'node:path';
import { InputError } from '../core/errors.js';
import { builtImages } from '../core/kube/built.js';
import { imageMatches, type BuiltImage } from '../core/kube/images.js';
import { clusterIds, type KubeIds } from '../core/kube/security.js';
import { kubeTemplateData, type KubeTemplateData } from '../core/kube/template-data.js';
import type { RepoModel } from '../core/layout/model.js';
import type { RenderContext } from './context.js';

/** Where a new project's manifests go: the folder name teams use most. */
export const KUBE_DIR = 'k8s';

export interface KubePlan {
  security: KubeIds;
  /** The command that builds the image for the cluster. */
  clusterBuild: string;
  /** The image the new manifests run (compose's name for the service, tagged `cluster`). */
  image: string;
  /** New manifests, when the repo keeps none: what the templates render with. */
  fresh?: KubeTemplateData;
  /** Existing manifest files holding a workload of an image the repo builds, and the images it builds. */
  manifests: string[];
  built: BuiltImage[];
  /** Charts' values.yaml, each with whether the chart mounts a writable volume. */
  charts: { values: string; writableVolume: boolean }[];
}

export function kubePlan(ctx: RenderContext, model: RepoModel, folder: string): KubePlan {
  if (ctx.image.endsAsRoot)
    throw new InputError([
      `--kubernetes with --id-strategy ${ctx.strategy}: that image starts as root to re-ID its user, and the kubelet's ` +
        'runAsNonRoot refuses it; build the cluster image with --id-strategy fixed (or arbitrary for OpenShift)',
    ]);
  const arbitrary = ctx.image.groupZero === true;
  // `fixed` bakes the IDs it was given for servers and clusters alike; the others build the cluster's.
  const security = clusterIds(arbitrary, ctx.strategy === 'fixed' && ctx.imageIds ? ctx.imageIds : undefined);
  const service = ctx.place.services[0]?.name ?? 'app';
  const built = builtImages(model).map((b) => b.image);
  const project =
    posix
      .basename(folder)
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, '') || 'app';
  // The name the repo's manifests already run it under; else compose's, tagged apart from the dev build.
  const running = model.kube.workloads.flatMap((w) => w.containers.map((c) => c.image ?? '')).find((i) => imageMatches(i, built));
  const image = running ?? `${built[0]?.ref.replace(/:[^/:]*$/, '') ?? `${project}-${service}`}:cluster`;
  const dockerfile = ctx.place.images[0]?.dockerfile ?? 'Dockerfile';
  const context = ctx.place.images[0]?.context ?? '.';
  const args = 'ids' in security ? `--build-arg UID=${security.ids.uid} --build-arg GID=${security.ids.gid} ` : '';
  const clusterBuild = `docker build ${args}-f ${dockerfile} -t ${image} ${context}`;
  const ours = (file: string) =>
    model.kube.workloads.some((w) => w.file === file && w.containers.some((c) => imageMatches(c.image ?? '', built)));
  const manifests = [...new Set(model.kube.workloads.map((w) => w.file))].filter(ours);
  const charts = model.kube.chartValues.filter((c) => c.values).map((c) => ({ values: c.values!, writableVolume: c.writableVolume }));
  const keeps = model.kube.files.length > 0 || model.kube.charts.length > 0;
  const fresh = keeps
    ? undefined
    : kubeTemplateData({ name: service, image, security, clusterBuild, volumes: ctx.volumePaths.map((path) => ({ path })) });
  return { security, clusterBuild, image, fresh, manifests, built, charts };
}
