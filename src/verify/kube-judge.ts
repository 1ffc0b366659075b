// From what the played pod said to the Kubernetes rows (pure), each ✗ with its fix at the manifest's
// file:line: the kubelet's runAsNonRoot rule, which Podman does not enforce, judged statically on
// the manifest and the image's USER (core/kube/kubelet.ts); then whether the pod ran as the
// manifest's IDs, and whether $HOME and each writable mount took a file.
import { imageUser, kubeletRunAsNonRoot } from '../core/kube/kubelet.js';
import { containerData } from '../core/kube/workloads.js';
import type { KubeTarget } from './kube-plan.js';
import type { KubeAnswer, PlayedPod } from './kube-pod.js';
import type { KubeCheck } from './kube-report.js';

export interface KubeRow {
  check: KubeCheck;
  /** The row's name in the report: `kubelet accepts runAsNonRoot`, `/data takes a file`. */
  title: string;
  status: 'ok' | 'fail' | 'skip' | 'info';
  detail: string;
  fix?: string;
  /** file:line it is about. */
  where?: string;
}

export interface KubeSeen {
  target: KubeTarget;
  /** The image's USER as the built image says (`podman image inspect`), when it was built. */
  imageUser?: string;
  build?: { ok: boolean; seconds: number; output: string };
  play?: { ok: boolean; output: string };
  pod?: PlayedPod;
  answer?: KubeAnswer;
  arbitrary: boolean;
  /** Why the pod was not played here (no rootless Podman): the rows say so, never passed. */
  notRun?: string;
}

const at = (file: string, line: number | undefined) => (line ? `${file}:${line}` : file);
const last = (output: string) => output.trim().split('\n').slice(-3).join(' | ').slice(0, 300);

export function kubeletRow({ target, imageUser: built }: KubeSeen): KubeRow {
  const { workload, container } = target;
  const data = containerData(workload, container);
  const user = imageUser(built ?? target.build.user);
  const verdict = kubeletRunAsNonRoot(workload.pod, data, user, workload.name);
  const sc = container.securityContext?.lines.runAsNonRoot ? container.securityContext : workload.podSecurityContext;
  const where = at(workload.file, sc?.lines.runAsNonRoot ?? workload.podLine);
  const title = 'kubelet accepts runAsNonRoot';
  if (verdict.ok === true) return { check: 'kubelet', title, status: 'ok', detail: 'the kubelet starts it', where };
  if (verdict.ok === 'unknown')
    return { check: 'kubelet', title, status: 'info', detail: `the image's USER is ${target.build.user}: known once built`, where };
  const fix =
    verdict.reason === 'non-numeric-user'
      ? `the kubelet cannot look a name up: set runAsUser (numeric) beside runAsNonRoot at ${where}, or end ` +
        `${target.build.dockerfile} with a numeric USER; yo nonroot --kubernetes does both`
      : `run as a non-zero UID: runAsUser at ${where}, or a numeric non-root USER in ${target.build.dockerfile}`;
  return { check: 'kubelet', title, status: 'fail', detail: verdict.message, fix, where };
}

export function judgeKube(seen: KubeSeen): KubeRow[] {
  const { target, build, play, pod, answer } = seen;
  const rows = [kubeletRow(seen)];
  const title = 'plays';
  if (seen.notRun) return [...rows, { check: 'play', title, status: 'info', detail: `not run: ${seen.notRun}` }];
  if (!build?.ok)
    return [
      ...rows,
      {
        check: 'play',
        title,
        status: 'fail',
        detail: `the image did not build (${target.build.from}): ${last(build?.output ?? '')}`,
        fix: `podman build -f ${target.build.dockerfile} ${target.build.context} shows the whole log`,
      },
    ];
  if (!play?.ok || !answer?.ran || !answer.id || !pod)
    return [
      ...rows,
      {
        check: 'play',
        title,
        status: 'fail',
        detail: `podman kube play did not run the probe: ${last(play?.output ?? '')}`,
        fix: 'verify runs sh in the container: an image without a shell is checked by hand (podman kube play)',
      },
    ];
  rows.push({ check: 'play', title, status: 'ok', detail: `built in ${build.seconds.toFixed(1)} s (${target.build.from}), played` });
  const { workload } = target;
  const ids = `${answer.id.uid}:${answer.id.gid}`;
  const want = pod.expected;
  const userLine = target.container.securityContext?.lines.runAsUser ?? workload.podSecurityContext?.lines.runAsUser;
  const idWhere = at(workload.file, userLine ?? workload.podLine);
  const idTitle = seen.arbitrary ? 'runs as an arbitrary UID, group 0' : "runs as the manifest's IDs";
  if (want.uid === undefined)
    rows.push({
      check: 'id',
      title: idTitle,
      status: 'info',
      detail: `${ids}: the manifest sets no runAsUser, the image's USER decides`,
      where: idWhere,
    });
  else if (want.uid === answer.id.uid && (want.gid === undefined || want.gid === answer.id.gid))
    rows.push({ check: 'id', title: idTitle, status: 'ok', detail: ids, where: seen.arbitrary ? undefined : idWhere });
  else
    rows.push({
      check: 'id',
      title: idTitle,
      status: 'fail',
      detail: `${ids}, the pod asks for ${want.uid}${want.gid === undefined ? '' : `:${want.gid}`}`,
      fix: 'an entrypoint that switches user: the image must start as the user the pod names',
      where: idWhere,
    });
  const baked = imageUser(seen.imageUser);
  for (const place of answer.places) {
    const mount = pod.mounts.find((m) => place.kind === 'mount' && m.path === place.path);
    const name = place.kind === 'home' ? '$HOME' : place.path;
    const row: KubeRow = {
      check: place.kind,
      title: `${name} takes a file`,
      status: place.ok ? 'ok' : 'fail',
      detail: place.ok
        ? place.kind === 'home'
          ? place.path
          : `${mount?.type}${mount?.claim ? ` ${mount.claim}` : ''}`
        : `${place.path} is ${place.owner ?? '?'} (uid:gid:mode); the pod runs as ${ids} with groups ${answer.groups.join(' ')}`,
      where: mount ? at(workload.file, mount.line) : undefined,
    };
    if (!place.ok) row.fix = place.kind === 'home' ? homeFix(seen, baked, idWhere) : mountFix(seen, mount?.type);
    rows.push(row);
  }
  if (rows.some((r) => r.check === 'id' && r.status === 'fail'))
    for (const row of rows)
      if (row.status === 'fail' && (row.check === 'home' || row.check === 'mount')) row.fix = 'follows from id: fix that first';
  return rows;
}

function homeFix(seen: KubeSeen, baked: ReturnType<typeof imageUser>, where: string): string {
  if (seen.arbitrary)
    return "under an arbitrary UID the image's home must belong to group 0 with g=u: yo nonroot --id-strategy arbitrary builds it so";
  const uid = seen.pod?.expected.uid;
  if (uid !== undefined && baked.kind === 'numeric' && baked.uid !== uid)
    return (
      `runAsUser ${uid} (${where}) is not the UID the image bakes (${baked.uid}), whose home this is: ` +
      `set runAsUser: ${baked.uid}, or build the image with --build-arg UID=${uid}`
    );
  return 'a user with a home of its own in the image, at the UID the pod runs as (yo nonroot --kubernetes writes both)';
}

function mountFix({ target, pod }: KubeSeen, type: string | undefined): string {
  const where = at(target.workload.file, target.workload.podSecurityContext?.line ?? target.workload.podLine);
  if (type === 'hostPath')
    return (
      "a hostPath is the node's folder, root's, and fsGroup does not change it " +
      '(https://kubernetes.io/docs/concepts/storage/volumes/#hostpath): use a PersistentVolumeClaim or an emptyDir'
    );
  if (pod?.fsGroup === undefined)
    return (
      `a fresh volume is root's: set fsGroup (the image's GID) and fsGroupChangePolicy: OnRootMismatch in the pod's ` +
      `securityContext (${where}); yo nonroot --kubernetes writes them`
    );
  return `the volume is group ${pod.fsGroup}'s (fsGroup, ${where}): the user must be able to use that group's rights`;
}
