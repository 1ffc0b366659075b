// The kube e2e's own look at a manifest (not verify's code): the manifest's pod with its
// securityContext and writable claims, a probe as its command, played with rootless Podman as the
// host user, and the kubelet's runAsNonRoot rule read from the image as the kubelet reads it.
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { accountName, keyValues, run, type HostUser } from './lab.js';
import { startPodman, type Rootless } from './rootless.js';

type Obj = Record<string, unknown>;
/** OpenShift's first namespace range starts about here (`openshift.io/sa.scc.uid-range: 1000680000/10000`). */
export const OPENSHIFT_UID = 1000680000;
export const asObj = (value: unknown): Obj => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {});

/** The workload of a manifest file: its pod spec and its first container. */
export function workload(file: string) {
  const deployment = parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map((d) => asObj(d.toJS()))
    .find((d) => d.kind === 'Deployment')!;
  const pod = asObj(asObj(asObj(deployment.spec).template).spec);
  return { pod, container: asObj((pod.containers as unknown[])[0]) };
}

/**
 * The test's own look: the manifest's pod with its securityContext and writable claims, a probe
 * as the command, played as the user. A first container hands each claim over as the kubelet
 * does (a fresh filesystem, root's 0755; with fsGroup, that group's with g+rwx and setgid), which
 * Podman does not; under `arbitrary`, the UID and fsGroup OpenShift assigns, with group 0.
 */
export function look(podman: Rootless, dir: string, file: string, image: string, arbitrary = false): Record<string, string> {
  const { pod, container } = workload(file);
  const security: Obj = {
    ...asObj(pod.securityContext),
    ...(arbitrary ? { runAsUser: OPENSHIFT_UID, runAsGroup: 0, fsGroup: OPENSHIFT_UID } : {}),
  };
  const fsGroup = security.fsGroup as number | undefined;
  if (fsGroup !== undefined) security.supplementalGroups = [fsGroup];
  const claims = new Set(((pod.volumes as Obj[] | undefined) ?? []).filter((v) => v.persistentVolumeClaim).map((v) => v.name as string));
  const mounts = ((container.volumeMounts as Obj[] | undefined) ?? []).filter((m) => !m.readOnly && claims.has(m.name as string));
  const volumes = mounts.map((_, i) => `kube-e2e-look-${i}`);
  const mountsOf = mounts.map((m, i) => ({ name: `m${i}`, mountPath: m.mountPath }));
  const hand = mounts.map(
    (m) => `rm -rf ${m.mountPath}/* && chown 0:${fsGroup ?? 0} ${m.mountPath} && chmod ${fsGroup ? 2775 : 755} ${m.mountPath}`,
  );
  const probe = [
    'echo UID=$(id -u); echo GID=$(id -g); echo HOME=$HOME',
    'touch "$HOME/.look" && rm "$HOME/.look" && echo HOME_TAKES=yes',
    ...mounts.map((m) => `touch ${m.mountPath}/.look && echo MOUNT${m.mountPath}=yes`),
  ].join('; ');
  const spec = {
    restartPolicy: 'Never',
    securityContext: security,
    initContainers: [
      {
        name: 'hand',
        image,
        command: ['sh', '-c', hand.join(' && ') || 'true'],
        securityContext: { runAsUser: 0 },
        volumeMounts: mountsOf,
      },
    ],
    containers: [
      {
        name: 'look',
        image,
        imagePullPolicy: 'IfNotPresent',
        command: ['sh', '-c', probe],
        securityContext: container.securityContext,
        volumeMounts: mountsOf,
      },
    ],
    volumes: mountsOf.map((m, i) => ({ name: m.name, persistentVolumeClaim: { claimName: volumes[i] } })),
  };
  const yaml = [
    ...volumes.map((name) => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name },
      spec: { accessModes: ['ReadWriteOnce'] },
    })),
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'kube-e2e-look' }, spec },
  ]
    .map((doc) => stringify(doc))
    .join('---\n');
  // Beside the checkout, never in it.
  const pod_ = path.join(path.dirname(dir), 'look.yaml');
  fs.writeFileSync(pod_, yaml);
  try {
    podman.as('podman', ['kube', 'play', '--network', 'none', pod_]);
    podman.as('podman', ['wait', 'kube-e2e-look-look']);
    const seen = keyValues(podman.as('podman', ['logs', 'kube-e2e-look-look']).stdout);
    // The kubelet's runAsNonRoot, as the test reads it: the image's USER from its config, a name refused without runAsUser.
    const user = podman.as('podman', ['image', 'inspect', '--format', '{{.Config.User}}', image]).stdout.trim();
    const own = asObj(container.securityContext);
    const nonRoot = own.runAsNonRoot ?? security.runAsNonRoot;
    const uid = own.runAsUser ?? security.runAsUser;
    seen.KUBELET = nonRoot === true && uid === undefined && !/^[1-9]\d*(:|$)/.test(user) ? `refuses USER ${user}` : 'starts';
    return seen;
  } finally {
    podman.as('podman', ['kube', 'down', pod_], { check: false });
    if (volumes.length > 0) podman.as('podman', ['volume', 'rm', '-f', ...volumes], { check: false });
    fs.rmSync(pod_, { force: true });
  }
}

/** Above useradd's SUB_UID_MAX (600100000): no account is ever handed these. */
const SUBID_LINE = (login: string) => `${login}:700000000:1000700000`;

/**
 * Rootless Podman for the cluster's UIDs: the account gets a subordinate range above the ones
 * useradd hands out that maps OpenShift's UIDs (rootless Podman maps container UIDs 1..N onto
 * /etc/subuid), which stop() takes away again.
 */
export function startClusterPodman(host: HostUser): { podman: Rootless; stop(): void } {
  if (run('podman', ['--version'], { check: false }).status !== 0) throw new Error('podman is missing: scripts/lab/podman.sh installs it');
  const login = accountName(host);
  for (const file of ['/etc/subuid', '/etc/subgid']) fs.appendFileSync(file, `${SUBID_LINE(login)}\n`);
  const podman = startPodman(host);
  return {
    podman,
    stop() {
      podman.stop();
      for (const file of ['/etc/subuid', '/etc/subgid']) {
        const lines = fs.readFileSync(file, 'utf8').split('\n');
        fs.writeFileSync(file, lines.filter((line) => line !== SUBID_LINE(login)).join('\n'));
      }
    },
  };
}
