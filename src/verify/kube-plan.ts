// Which of the repo's Kubernetes workloads verify plays, and with which image (pure). A container
// is played when the repo builds its image (core/kube/built.ts follows `image:` to the Dockerfile);
// the image is built as the generated files say: the `docker build --build-arg …` line a generated
// manifest carries in its comment, else the Dockerfile's own ARG defaults, which `yo nonroot
// --kubernetes` sets to the cluster's IDs so that a plain `docker build` bakes them. Everything
// verify makes is named `nonroot-verify-<token>-…`, so it never touches the user's images or volumes.
import type { Built } from '../core/kube/built.js';
import { builtFor } from '../core/kube/built.js';
import { parseImage } from '../core/kube/images.js';
import type { KubeContainer, Obj, Workload } from '../core/kube/workloads.js';

/**
 * The IDs the pod runs as under `arbitrary`: an OpenShift-like UID from a namespace's range, which
 * no image knows, with group 0 (restricted-v2 assigns runAsUser and fsGroup from the namespace's
 * `openshift.io/sa.scc.uid-range` and runs the user in group 0).
 */
export const ARBITRARY_UID = 1000680000;
/**
 * Where the user's subordinate IDs cannot map ARBITRARY_UID (rootless Podman maps container UIDs
 * 1..N onto the /etc/subuid range, usually 65536 long): a UID no image gives a name, as Debian
 * policy reserves 65000-65533 (https://www.debian.org/doc/debian-policy/ch-opersys.html#uid-and-gid-classes).
 */
export const ARBITRARY_FALLBACK_UID = 65000;

/** The arbitrary UID (and fsGroup) for a user namespace that maps container IDs 0..`mapped`-1. */
export const arbitraryUid = (mapped: number) => (mapped > ARBITRARY_UID ? ARBITRARY_UID : ARBITRARY_FALLBACK_UID);

export interface KubeBuild {
  /** verify's own name for it: `localhost/nonroot-verify-<token>-<name>:<tag>`. */
  image: string;
  dockerfile: string;
  context: string;
  target?: string;
  /** `--build-arg` pairs, in order. */
  args: [string, string][];
  /** Where the build args come from: the manifest's comment (`k8s/deployment.yaml:3`), or the Dockerfile's ARG defaults. */
  from: string;
  /** The stage's last USER as written (`app`, `${UID}:${GID}`). */
  user?: string;
}

export interface KubeTarget {
  /** `Deployment web`, with `/<container>` when the pod runs several containers of ours. */
  name: string;
  /** The workload's `kind:` line. */
  where: string;
  workload: Workload;
  container: KubeContainer;
  build: KubeBuild;
}

export interface KubePlanInput {
  token: string;
  workloads: Workload[];
  built: Built[];
  /** A repo file's text. */
  read(file: string): string | undefined;
}

/** The `--build-arg` pairs of a `docker build` (or `podman build`) line in a manifest's comment, with its line. */
export function commentBuildArgs(text: string): { args: [string, string][]; line: number } | undefined {
  const lines = text.split('\n');
  const index = lines.findIndex((l) => /^\s*#\s*(docker|podman) build\s/.test(l));
  if (index === -1) return undefined;
  const args = [...lines[index].matchAll(/--build-arg[= ]([A-Za-z_][A-Za-z0-9_]*)=(\S*)/g)].map((m): [string, string] => [m[1], m[2]]);
  return { args, line: index + 1 };
}

/** A name part Podman accepts: lower-case letters, digits, `.`, `_`, `-`. */
const part = (text: string, fallback: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '') || fallback;

function buildOf(input: KubePlanInput, built: Built, workload: Workload): Omit<KubeBuild, 'image'> {
  const context = built.context;
  const comment = commentBuildArgs(input.read(workload.file) ?? '');
  return {
    dockerfile: built.dockerfile,
    context,
    target: built.target,
    args: comment?.args ?? [],
    from: comment ? `${workload.file}:${comment.line}` : `${built.dockerfile}'s ARG defaults`,
    user: built.user,
  };
}

/** The containers verify plays (each of an image the repo builds), each with its build; one build per distinct build. */
export function planKube(input: KubePlanInput): KubeTarget[] {
  const builds: KubeBuild[] = [];
  const targets: KubeTarget[] = [];
  for (const workload of input.workloads) {
    if (workload.patch) continue; // a kustomize patch: a partial object, completed by its base
    const ours = workload.containers.filter((c) => c.role === 'containers' && c.image !== undefined && builtFor(input.built, c.image));
    for (const container of ours) {
      const built = builtFor(input.built, container.image!)!;
      const wanted = buildOf(input, built, workload);
      const key = JSON.stringify([wanted.dockerfile, wanted.context, wanted.target, wanted.args]);
      let build = builds.find((b) => JSON.stringify([b.dockerfile, b.context, b.target, b.args]) === key);
      if (!build) {
        const ref = parseImage(container.image!);
        const name = part(ref?.path.at(-1) ?? 'app', 'app');
        const tag = part(ref?.tag ?? 'latest', 'latest').slice(0, 128);
        const taken = (image: string) => builds.some((b) => b.image === image);
        let image = `localhost/nonroot-verify-${input.token}-${name}:${tag}`;
        for (let n = 2; taken(image); n += 1) image = `localhost/nonroot-verify-${input.token}-${name}-${n}:${tag}`;
        builds.push((build = { image, ...wanted }));
      }
      targets.push({
        name: `${workload.kind} ${workload.name}${ours.length > 1 ? `/${container.name}` : ''}`,
        where: `${workload.file}:${workload.line}`,
        workload,
        container,
        build,
      });
    }
  }
  return targets;
}

/** The effective value of a securityContext key: the container's own wins over the pod's (as the kubelet merges them). */
export function effective(pod: Obj, container: Obj, key: string): unknown {
  const own = (container.securityContext as Obj | undefined)?.[key];
  return own !== undefined ? own : (pod.securityContext as Obj | undefined)?.[key];
}
