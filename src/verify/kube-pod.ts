// The Pod verify plays for one container of a workload (pure): the workload's pod and container
// securityContext, its writable volumes as volumes of verify's own, its image under verify's name
// (`imagePullPolicy: IfNotPresent`: Podman then takes it from local storage), and a probe script as
// the command. The user's files are never edited: this is a new document, played from a scratch folder.
//
// Podman does what the kubelet does for who runs (runAsUser, runAsGroup, supplementalGroups), but
// not what the kubelet does to volumes: it ignores fsGroup, copies the image's folder into a fresh
// volume and gives the volume to the container's user (https://docs.podman.io/en/latest/markdown/podman-kube-play.1.html
// lists what it supports). So a first container, as root, makes each volume what the kubelet makes
// of it before the app starts, and the fsGroup joins the supplementary groups, as the kubelet adds it
// (kubernetes `pkg/kubelet/kuberuntime/security_context.go`).
import { stringify } from 'yaml';
import type { Obj } from '../core/kube/workloads.js';
import { containerData } from '../core/kube/workloads.js';
import { effective, type KubeTarget } from './kube-plan.js';

/** Volume sources a container can write, and that verify plays as a fresh volume. */
const WRITABLE = new Set(['persistentVolumeClaim', 'emptyDir', 'ephemeral', 'hostPath']);

export interface PlayedMount {
  path: string;
  /** The workload's volume (a claim template's name for a StatefulSet's). */
  name: string;
  type: string;
  /** The claim it names, for a PVC. */
  claim?: string;
  /** verify's Podman volume for it. */
  volume: string;
  /** The volumeMount's line. */
  line: number;
  /** What the kubelet makes of it before the container starts: group and mode of its root (owner root). */
  gid: number;
  mode: string;
}

export interface PlayedPod {
  pod: string;
  /** Podman names a played container `<pod>-<container>`. */
  container: string;
  yaml: string;
  volumes: string[];
  mounts: PlayedMount[];
  /** The IDs the pod must run as: the manifest's runAsUser/runAsGroup (or arbitrary's); undefined where it names none. */
  expected: { uid?: number; gid?: number };
  /** The pod's fsGroup as the kubelet applies it (arbitrary: the one OpenShift assigns). */
  fsGroup?: number;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const num = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) ? value : undefined);
const asObj = (value: unknown): Obj => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {});

/**
 * The root of a fresh volume as the kubelet hands it over: a claim's filesystem root is root's and
 * 0755 (mkfs), an emptyDir 0777 (`pkg/volume/emptydir/empty_dir.go`), a hostPath the node's folder,
 * root's (`pkg/volume/hostpath/host_path.go` makes it 0755); fsGroup then gives a claim or emptyDir
 * to its group with g+rwx and setgid (`pkg/volume/volume_linux.go` SetVolumeOwnership), never a hostPath.
 */
export function kubeletOwner(type: string, fsGroup: number | undefined): { gid: number; mode: string } {
  const base = type === 'emptyDir' ? 0o777 : 0o755;
  if (fsGroup === undefined || type === 'hostPath') return { gid: 0, mode: base.toString(8) };
  return { gid: fsGroup, mode: (base | 0o2770).toString(8) };
}

/** Sets each volume as the kubelet would: emptied (no copy of the image's folder), then owner and mode. */
export const volumeScript = (mounts: PlayedMount[]) =>
  [
    'set -e',
    'v() { rm -rf "$1"/* "$1"/.[!.]* "$1"/..?*; chown "0:$2" "$1"; chmod "$3" "$1"; }',
    ...mounts.map((m) => `v ${quote(m.path)} ${m.gid} ${m.mode}`),
  ].join('\n');

/** The probe: who it runs as, $HOME, and a file written and removed in $HOME and in each writable mount, a line each. */
export function kubeProbeScript(token: string, mounts: PlayedMount[]): string {
  return [
    `F=.nonroot-verify-${token}`,
    'echo "NR begin"',
    'echo "NR id $(id -u):$(id -g)"',
    'echo "NR groups $(id -G)"',
    'echo "NR home $HOME"',
    't() { if touch "$2/$F" 2>/dev/null && rm -f "$2/$F"; then echo "NR takes $1 $2"; ' +
      'else echo "NR refuses $1 $(stat -c %u:%g:%a "$2" 2>/dev/null || echo missing) $2"; fi; }',
    't home "$HOME"',
    ...mounts.map((m) => `t mount ${quote(m.path)}`),
  ].join('\n');
}

/** The Pod (and a claim per volume) verify plays for `target`; `arbitrary`: the UID OpenShift would assign. */
export function derivePod(target: KubeTarget, token: string, index: number, arbitrary?: number): PlayedPod {
  const { workload, container } = target;
  const data = containerData(workload, container);
  const pod = `nonroot-verify-${token}-${index}`;
  const podContext = { ...asObj(workload.pod.securityContext) };
  const ownContext = { ...asObj(data.securityContext) };
  if (arbitrary !== undefined) {
    // restricted-v2 assigns these (its own values win over a manifest's, which it would refuse).
    Object.assign(podContext, { runAsUser: arbitrary, runAsGroup: 0, fsGroup: arbitrary });
    for (const key of ['runAsUser', 'runAsGroup']) delete ownContext[key];
  }
  const fsGroup = num(podContext.fsGroup);
  if (fsGroup !== undefined) {
    const groups = Array.isArray(podContext.supplementalGroups) ? (podContext.supplementalGroups as unknown[]) : [];
    podContext.supplementalGroups = [...groups, fsGroup];
  }
  const volumeOf = (name: string) => asObj((workload.pod.volumes as unknown[] | undefined)?.find((v) => asObj(v).name === name));
  const mounts: PlayedMount[] = [];
  for (const mount of container.volumeMounts) {
    if (mount.readOnly || mounts.some((m) => m.path === mount.mountPath)) continue;
    const template = workload.claimTemplates.some((t) => t.name === mount.name);
    const source = volumeOf(mount.name);
    const type = template ? 'persistentVolumeClaim' : Object.keys(source).find((k) => k !== 'name');
    if (!type || !WRITABLE.has(type) || asObj(source.persistentVolumeClaim).readOnly === true) continue;
    const claim = template ? mount.name : (asObj(source.persistentVolumeClaim).claimName as string | undefined);
    const volume = `${pod}-${mounts.length}`;
    mounts.push({ path: mount.mountPath, name: mount.name, type, claim, volume, line: mount.line, ...kubeletOwner(type, fsGroup) });
  }
  const volumeMounts = mounts.map((m) => ({ name: `v${mounts.indexOf(m)}`, mountPath: m.path }));
  const image = target.build.image;
  const env = (Array.isArray(data.env) ? data.env : []).filter((e) => typeof asObj(e).value === 'string');
  const probe: Obj = {
    name: container.name || 'app',
    image,
    imagePullPolicy: 'IfNotPresent',
    command: ['sh', '-c', kubeProbeScript(token, mounts)],
    ...(env.length > 0 ? { env } : {}),
    ...(typeof data.workingDir === 'string' ? { workingDir: data.workingDir } : {}),
    securityContext: ownContext,
    volumeMounts,
  };
  const prepare: Obj = {
    name: 'nonroot-verify-volumes',
    image,
    imagePullPolicy: 'IfNotPresent',
    command: ['sh', '-c', volumeScript(mounts)],
    securityContext: {
      runAsUser: 0,
      runAsGroup: 0,
      runAsNonRoot: false,
      capabilities: { drop: ['ALL'], add: ['CHOWN', 'FOWNER', 'DAC_OVERRIDE'] },
    },
    volumeMounts,
  };
  const spec: Obj = {
    restartPolicy: 'Never',
    securityContext: podContext,
    ...(mounts.length > 0 ? { initContainers: [prepare] } : {}),
    containers: [probe],
    volumes: mounts.map((m, i) => ({ name: `v${i}`, persistentVolumeClaim: { claimName: m.volume } })),
  };
  const claims = mounts.map((m) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: m.volume },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  }));
  const docs = [...claims, { apiVersion: 'v1', kind: 'Pod', metadata: { name: pod, labels: { 'nonroot.verify': token } }, spec }];
  const uid = arbitrary ?? num(effective(workload.pod, data, 'runAsUser'));
  const gid = arbitrary !== undefined ? 0 : num(effective(workload.pod, data, 'runAsGroup'));
  return {
    pod,
    container: `${pod}-${probe.name as string}`,
    yaml: docs.map((doc) => stringify(doc)).join('---\n'),
    volumes: mounts.map((m) => m.volume),
    mounts,
    expected: { uid, gid },
    fsGroup,
  };
}

export interface KubeAnswer {
  ran: boolean;
  id?: { uid: number; gid: number };
  groups: number[];
  home?: string;
  /** Each place written: `home`, or a mount's path; `owner` (`uid:gid:mode`) where it refused. */
  places: { kind: 'home' | 'mount'; path: string; ok: boolean; owner?: string }[];
}

export function readKubeAnswer(logs: string): KubeAnswer {
  const answer: KubeAnswer = { ran: false, groups: [], places: [] };
  for (const line of logs.split(/\r?\n/)) {
    const [, key, value = ''] = /^NR ([a-z]+)(?: (.*))?$/.exec(line) ?? [];
    if (key === 'begin') answer.ran = true;
    else if (key === 'id') {
      const [uid, gid] = value.split(':').map(Number);
      if (Number.isInteger(uid) && Number.isInteger(gid)) answer.id = { uid, gid };
    } else if (key === 'groups') answer.groups = value.split(/\s+/).filter(Boolean).map(Number);
    else if (key === 'home') answer.home = value;
    else if (key === 'takes') {
      const [, kind, path] = /^(home|mount) (.*)$/.exec(value) ?? [];
      if (kind) answer.places.push({ kind: kind as 'home' | 'mount', path, ok: true });
    } else if (key === 'refuses') {
      const [, kind, owner, path] = /^(home|mount) (\S+) (.*)$/.exec(value) ?? [];
      if (kind) answer.places.push({ kind: kind as 'home' | 'mount', path, ok: false, owner });
    }
  }
  return answer;
}
