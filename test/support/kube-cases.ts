// The Kubernetes rules' (NR5xx) cases for test/unit/check-rules.test.ts: a repo that triggers each
// rule and the same shape without the trap. The repo builds `shop/web` (compose.yaml, Dockerfile);
// its Deployment runs `shop/web:1.0` unless a case names another image.

export interface Case {
  rule: string;
  triggers: Record<string, string>;
  /** Where the finding is, and words of its message. */
  at: [string, number, RegExp];
  clean: Record<string, string>;
}

const COMPOSE = 'services:\n  web:\n    build: .\n    image: shop/web\n';
const NUMERIC = 'FROM debian:trixie-slim\nUSER 10001:10001\n';

/** Pod securityContext keys that pass restricted and the kubelet (lines 9–12 of `deployment`). */
export const POD = ['runAsNonRoot: true', 'runAsUser: 10001', 'runAsGroup: 10001', 'seccompProfile: {type: RuntimeDefault}'];
/** Container securityContext keys that pass restricted. */
export const CONTAINER = ['allowPrivilegeEscalation: false', 'capabilities: {drop: [ALL]}'];

/**
 * A Deployment: lines 1–7 the head, then the pod's securityContext (line 8, its keys from 9), the
 * container (`- name: web` and its image), its securityContext, then `mounts` under the container
 * and `volumes` under the pod spec.
 */
export function deployment(pod: string[], container: string[], more: { image?: string; mounts?: string[]; volumes?: string[] } = {}) {
  return [
    ...['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  template:', '    spec:'],
    ...(pod.length > 0 ? ['      securityContext:', ...pod.map((l) => `        ${l}`)] : []),
    '      containers:',
    '        - name: web',
    `          image: ${more.image ?? 'shop/web:1.0'}`,
    ...(container.length > 0 ? ['          securityContext:', ...container.map((l) => `            ${l}`)] : []),
    ...(more.mounts ? ['          volumeMounts:', ...more.mounts.map((l) => `            ${l}`)] : []),
    ...(more.volumes ? ['      volumes:', ...more.volumes.map((l) => `        ${l}`)] : []),
    '',
  ].join('\n');
}

const repo = (manifest: string, files: Record<string, string> = {}) => ({
  'compose.yaml': COMPOSE,
  Dockerfile: NUMERIC,
  'k8s/deployment.yaml': manifest,
  ...files,
});

const PVC = {
  mounts: ['- {name: data, mountPath: /var/lib/web}'],
  volumes: ['- name: data', '  persistentVolumeClaim: {claimName: web-data}'],
};
const ARBITRARY = { '.yo-rc.json': '{ "generator-nonroot": { "idStrategy": "arbitrary" } }\n' };
const ROUTE = {
  'k8s/route.yaml': 'apiVersion: route.openshift.io/v1\nkind: Route\nmetadata:\n  name: web\nspec:\n  to: {kind: Service, name: web}\n',
};

/** A chart in `helm create`'s layout whose templates render both securityContexts; `values` holds them. */
const chart = (values: string) => ({
  'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\nappVersion: "1.0"\n',
  'charts/web/values.yaml': `image:\n  repository: shop/web\n  tag: ""\n${values}`,
  'charts/web/templates/deployment.yaml':
    'spec:\n  template:\n    spec:\n      securityContext: {{- toYaml .Values.podSecurityContext | nindent 8 }}\n' +
    '      containers:\n        - securityContext: {{- toYaml .Values.securityContext | nindent 12 }}\n',
});

export const KUBE_CASES: Case[] = [
  {
    rule: 'NR501',
    triggers: repo(deployment(['runAsNonRoot: true', 'seccompProfile: {type: RuntimeDefault}'], CONTAINER), {
      Dockerfile: 'FROM debian:trixie-slim\nRUN useradd -l -r -m app\nUSER app\n',
    }),
    at: [
      'k8s/deployment.yaml',
      9,
      new RegExp(
        'the kubelet refuses container web: "container has runAsNonRoot and image has non-numeric user \\(app\\), ' +
          'cannot verify user is non-root" \\(shop/web:1\\.0 is built by Dockerfile:3, USER app\\)$',
      ),
    ],
    // runAsUser is what the kubelet checks first: the image's USER no longer matters.
    clean: repo(deployment(POD, CONTAINER), { Dockerfile: 'FROM debian:trixie-slim\nRUN useradd -l -r -m app\nUSER app\n' }),
  },
  {
    rule: 'NR501',
    triggers: repo(deployment(['seccompProfile: {type: RuntimeDefault}'], ['runAsNonRoot: true', ...CONTAINER]), {
      Dockerfile: 'FROM debian:trixie-slim\nUSER 0\n',
    }),
    at: ['k8s/deployment.yaml', 14, /"container has runAsNonRoot and image will run as root"/],
    // The same pod over an image the repo does not build: its USER is not known here.
    clean: repo(deployment(['seccompProfile: {type: RuntimeDefault}'], ['runAsNonRoot: true', ...CONTAINER], { image: 'redis:7.2' }), {
      Dockerfile: 'FROM debian:trixie-slim\nUSER 0\n',
    }),
  },
  {
    rule: 'NR502',
    triggers: repo(deployment(['runAsUser: 0', 'seccompProfile: {type: RuntimeDefault}'], CONTAINER)),
    at: ['k8s/deployment.yaml', 9, /Deployment web: container web runs as root: runAsUser: 0 on the pod$/],
    // A database's image that needs root is not ours to change: restricted's rules (NR506) report it.
    clean: repo(deployment(['runAsUser: 0', 'seccompProfile: {type: RuntimeDefault}'], CONTAINER, { image: 'postgres:17' })),
  },
  {
    rule: 'NR502',
    triggers: repo(deployment(POD.slice(3), ['runAsNonRoot: false', ...CONTAINER])),
    at: ['k8s/deployment.yaml', 14, /container web runs as root: runAsNonRoot: false$/],
    clean: repo(deployment(POD.slice(3), ['runAsNonRoot: true', ...CONTAINER])),
  },
  {
    rule: 'NR503',
    triggers: repo(deployment(POD, CONTAINER.slice(1))),
    at: [
      'k8s/deployment.yaml',
      16,
      /^Deployment web: allowPrivilegeEscalation != false \(container "web" must set securityContext.allowPrivilegeEscalation=false\)$/,
    ],
    clean: repo(deployment(POD, CONTAINER)),
  },
  {
    rule: 'NR503',
    // Every workload is reported, an image the repo does not build too, with what yo nonroot does about it.
    triggers: repo(deployment(POD, ['allowPrivilegeEscalation: true', CONTAINER[1]], { image: 'redis:7.2' })),
    at: ['k8s/deployment.yaml', 17, /redis:7\.2 is not built here, so `yo nonroot` leaves it to you$/],
    clean: repo(deployment(POD, CONTAINER, { image: 'redis:7.2' })),
  },
  {
    rule: 'NR503',
    // helm create's values: `{}` with the real values commented out below is empty.
    triggers: chart('podSecurityContext: {}\nsecurityContext: {}\n  # allowPrivilegeEscalation: false\n'),
    at: [
      'charts/web/values.yaml',
      5,
      /^chart web: allowPrivilegeEscalation != false .*the lines commented out below securityContext: \{\}/,
    ],
    clean: chart('podSecurityContext: {}\nsecurityContext:\n  allowPrivilegeEscalation: false\n'),
  },
  {
    rule: 'NR504',
    triggers: repo(deployment(POD, [CONTAINER[0], 'capabilities: {drop: [all]}'])),
    at: ['k8s/deployment.yaml', 18, /unrestricted capabilities \(container "web" must set securityContext.capabilities.drop=\["ALL"\]\)/],
    clean: repo(deployment(POD, CONTAINER)),
  },
  {
    rule: 'NR505',
    triggers: repo(deployment([...POD.slice(0, 3), 'seccompProfile: {type: Unconfined}'], CONTAINER)),
    at: ['k8s/deployment.yaml', 12, /seccompProfile \(pod must not set securityContext.seccompProfile.type to "Unconfined"\)/],
    clean: repo(deployment(POD, CONTAINER)),
  },
  {
    rule: 'NR505',
    triggers: repo(deployment(POD.slice(0, 3), CONTAINER)),
    at: [
      'k8s/deployment.yaml',
      15,
      /pod or container "web" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"/,
    ],
    clean: repo(deployment(POD.slice(0, 3), ['seccompProfile: {type: Localhost, localhostProfile: web.json}', ...CONTAINER])),
  },
  {
    rule: 'NR506',
    triggers: repo(deployment(POD.slice(1), CONTAINER)),
    at: ['k8s/deployment.yaml', 15, /runAsNonRoot != true \(pod or container "web" must set securityContext.runAsNonRoot=true\)/],
    clean: repo(deployment(POD, CONTAINER)),
  },
  {
    rule: 'NR507',
    triggers: repo(deployment(POD, CONTAINER, PVC)),
    at: ['k8s/deployment.yaml', 8, /container web writes the claim data \(line 20\), and the pod sets no fsGroup/],
    // An emptyDir needs no fsGroup: the kubelet makes it 0777.
    clean: repo(deployment(POD, CONTAINER, { ...PVC, volumes: ['- {name: data, emptyDir: {}}'] })),
  },
  {
    rule: 'NR508',
    triggers: repo(deployment([...POD, 'fsGroup: 10001'], CONTAINER, PVC)),
    at: ['k8s/deployment.yaml', 13, /fsGroup with no fsGroupChangePolicy: every mount of data walks all its files/],
    clean: repo(deployment([...POD, 'fsGroup: 10001', 'fsGroupChangePolicy: OnRootMismatch'], CONTAINER, PVC)),
  },
  {
    rule: 'NR509',
    triggers: repo(deployment(['runAsNonRoot: true', 'runAsUser: 10001', POD[3]], CONTAINER), ARBITRARY),
    at: ['k8s/deployment.yaml', 10, /the pod fixes runAsUser: 10001, and \.yo-rc\.json stores idStrategy arbitrary: restricted-v2 assigns/],
    clean: repo(deployment(['runAsNonRoot: true', POD[3]], CONTAINER), ARBITRARY),
  },
  {
    rule: 'NR509',
    triggers: repo(deployment(['runAsNonRoot: true', POD[3]], ['runAsGroup: 10001', ...CONTAINER]), ROUTE),
    at: ['k8s/deployment.yaml', 15, /container web fixes runAsGroup: 10001, and k8s\/route\.yaml uses route\.openshift\.io/],
    // The same IDs where nothing says OpenShift.
    clean: repo(deployment(['runAsNonRoot: true', POD[3]], ['runAsGroup: 10001', ...CONTAINER])),
  },
  {
    rule: 'NR510',
    triggers: { 'k8s/pod.yaml': 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: app\n      image: app\n     tty: true\n' },
    at: ['k8s/pod.yaml', 7, /k8s\/pod\.yaml is not read: not valid YAML/],
    // A template is not a manifest: skipped without a finding.
    clean: { 'k8s/pod.yaml': 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: app\n      image: {{ .Image }}\n' },
  },
];
