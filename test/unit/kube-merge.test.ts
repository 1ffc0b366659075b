// mergeManifest and mergeHelmValues on hand-written files: exact text in and out on small cases,
// and on the fixtures (shaped like public repos' manifests and charts) what must hold of every
// result: it validates against the Kubernetes schema, passes "restricted" where the repo builds
// every image of the pod, keeps every line it does not own, and a rerun changes nothing.
// The property-based tests (property-manifest.test.ts) generate the styles.
import { parseAllDocuments, parseDocument } from 'yaml';
import { mergeHelmValues, type WantedValues } from '../../src/app/merge/helm-values.js';
import { mergeManifest, type WantedManifest } from '../../src/app/merge/manifest.js';
import { InputError } from '../../src/core/errors.js';
import { imageMatches } from '../../src/core/kube/images.js';
import { checkRestricted } from '../../src/core/kube/restricted.js';
import { fixtureRepo, validateKube } from '../support/arbitraries/manifest.js';

const IDS = { ids: { uid: 10001, gid: 10001 } } as const;
const wanted = (built: string[], security: WantedManifest['security'] = IDS): WantedManifest => ({
  security,
  ours: (image) => imageMatches(image, built),
});
const merge = (text: string, built = ['app'], security: WantedManifest['security'] = IDS) =>
  mergeManifest(text, 'k8s/app.yaml', wanted(built, security));
const objects = (text: string) => parseAllDocuments(text, { merge: true }).map((d) => d.toJS()) as Record<string, unknown>[];

/** Every line of `before` is in `after`, in order (the merge only adds lines and changes values in place). */
function keptLines(before: string, after: string, changed: RegExp = /^$/): string[] {
  const now = after.split('\n');
  let j = 0;
  const lost: string[] = [];
  for (const line of before.split('\n')) {
    if (changed.test(line)) continue;
    const at = now.indexOf(line, j);
    if (at === -1) lost.push(line);
    else j = at + 1;
  }
  return lost;
}

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
    - name: app
      image: app:latest
`;

describe('mergeManifest: exact text', () => {
  it('adds the pod and container securityContext at the end of their mappings', () => {
    expect(merge(POD)).toBe(`apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
    - name: app
      image: app:latest
      securityContext:
        allowPrivilegeEscalation: false
        capabilities:
          drop:
            - ALL
        runAsNonRoot: true
  securityContext:
    runAsNonRoot: true
    runAsUser: 10001
    runAsGroup: 10001
    seccompProfile:
      type: RuntimeDefault
`);
  });

  it('sets values in place, keeps comments, quoting of right values, other keys, and a Localhost seccomp profile', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  securityContext:   # hardened
    runAsUser: 1000  # the dev image's UID
    runAsNonRoot: 'true'
    seccompProfile: {type: Localhost, localhostProfile: profiles/app.json}
    supplementalGroups: [5000]
  containers:
    - name: app
      image: ghcr.io/acme/app:1.0
      securityContext:
        allowPrivilegeEscalation: true
        capabilities: {drop: [NET_RAW], add: [NET_BIND_SERVICE]}
        runAsNonRoot: true
        readOnlyRootFilesystem: true
`;
    expect(merge(text, ['app:1.0'])).toBe(`apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  securityContext:   # hardened
    runAsUser: 10001  # the dev image's UID
    runAsNonRoot: true
    seccompProfile: {type: Localhost, localhostProfile: profiles/app.json}
    supplementalGroups: [5000]
    runAsGroup: 10001
  containers:
    - name: app
      image: ghcr.io/acme/app:1.0
      securityContext:
        allowPrivilegeEscalation: false
        capabilities: {drop: [NET_RAW, ALL], add: [NET_BIND_SERVICE]}
        runAsNonRoot: true
        readOnlyRootFilesystem: true
`);
  });

  it('fills `securityContext: {}` and a bare `securityContext:` as block mappings, comments kept; flow containers stay flow', () => {
    const text = `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      securityContext: {}   # TODO
      initContainers: [{name: wait, image: app, securityContext: {}}]
      containers:
      - name: migrate
        image: app
        securityContext:
      restartPolicy: Never
`;
    expect(merge(text)).toBe(`apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      securityContext:   # TODO
        runAsNonRoot: true
        runAsUser: 10001
        runAsGroup: 10001
        seccompProfile:
          type: RuntimeDefault
      initContainers: [{name: wait, image: app, securityContext: \
{allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, runAsNonRoot: true}}]
      containers:
      - name: migrate
        image: app
        securityContext:
          allowPrivilegeEscalation: false
          capabilities:
            drop:
              - ALL
          runAsNonRoot: true
      restartPolicy: Never
`);
  });

  it('under arbitrary (OpenShift) removes the fixed IDs, and a run with IDs puts them back', () => {
    const withIds = merge(POD);
    const arbitrary = merge(withIds, ['app'], { arbitrary: true });
    expect(arbitrary).not.toMatch(/runAsUser|runAsGroup|fsGroup:/);
    expect(objects(arbitrary)[0].spec).toMatchObject({
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    });
    // The same data; the IDs come back at the end of their mapping.
    const back = merge(arbitrary);
    expect(objects(back)).toEqual(objects(withIds));
    expect(merge(back)).toBe(back);
  });

  it('keeps CRLF line endings, a missing final newline, and 4-space indentation', () => {
    const text =
      'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n    name: app\r\n' +
      'spec:\r\n    containers:\r\n        -   name: app\r\n            image: app';
    const out = merge(text);
    expect(
      out
        .split('\n')
        .slice(0, -1)
        .every((line) => line.endsWith('\r')),
    ).toBe(true);
    expect(out.endsWith('\n')).toBe(false);
    expect(out).toContain('\r\n            securityContext:\r\n                allowPrivilegeEscalation: false\r\n');
    expect(out).toContain('\r\n    securityContext:\r\n        runAsNonRoot: true\r\n');
    expect(merge(out)).toBe(out);
  });

  it('leaves workloads of images the repo does not build, and every document that is not a workload', () => {
    const text = `${POD}---\napiVersion: v1\nkind: Service\nmetadata: {name: app}\nspec: {ports: [{port: 80}]}\n`;
    expect(merge(text, ['other'])).toBe(text);
    expect(merge(text).endsWith('---\napiVersion: v1\nkind: Service\nmetadata: {name: app}\nspec: {ports: [{port: 80}]}\n')).toBe(true);
  });

  it('writes a securityContext shared through an anchor once, and an alias of it out in full', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  securityContext: {runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: {type: RuntimeDefault}}
  initContainers:
    - name: init
      image: app
      securityContext: &sc
        runAsNonRoot: true
  containers:
    - name: app
      image: app
      securityContext: *sc
`;
    const out = merge(text);
    expect(out).toContain('      securityContext: &sc\n        runAsNonRoot: true\n        allowPrivilegeEscalation: false\n');
    expect(out).toContain(
      '    - name: app\n      image: app\n      securityContext:\n        runAsNonRoot: true\n        allowPrivilegeEscalation: false\n',
    );
    expect(merge(out)).toBe(out);
  });

  it('refuses to change what an alias elsewhere stands for, and files it cannot read', () => {
    const shared = `apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  containers:
    - name: app
      image: app
      securityContext: &sc {runAsNonRoot: true}
    - name: proxy
      image: envoy
      securityContext: *sc
`;
    expect(() => merge(shared)).toThrow(/k8s\/app\.yaml:11: \*sc stands for a part of the manifest this run changes/);
    expect(() => merge('kind: Pod\nspec: {{ .Values.spec }}\n')).toThrow(InputError);
    expect(() => merge('kind: Pod\nspec:\n  a: 1\n b: 2\n')).toThrow(/k8s\/app\.yaml:4: not valid YAML/);
  });
});

describe('mergeManifest: pod-level values "restricted" forbids, in a pod that also runs images the repo does not build', () => {
  // Pod Security "restricted" refuses Unconfined seccomp, runAsNonRoot: false and runAsUser: 0 at
  // the pod level whatever the containers set (https://kubernetes.io/docs/concepts/security/pod-security-standards/).
  const MIXED = `apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  securityContext:   # legacy
    runAsNonRoot: false
    runAsUser: 0
    seccompProfile:
      type: Unconfined   # the profiler needs ptrace
  containers:
    - name: app
      image: app
      securityContext:
        seccompProfile: {type: RuntimeDefault}
    - name: profiler   # not ours
      image: ghcr.io/vendor/profiler:3
    - name: db
      image: postgres:16
      securityContext: {runAsUser: 999}
`;

  it('moves them onto the containers that are not ours and set none, so ours pass and theirs run as before', () => {
    const out = merge(MIXED);
    expect(out).toBe(`apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  securityContext: {}   # legacy
  containers:
    - name: app
      image: app
      securityContext:
        seccompProfile: {type: RuntimeDefault}
        allowPrivilegeEscalation: false
        capabilities:
          drop:
            - ALL
        runAsNonRoot: true
        runAsUser: 10001
        runAsGroup: 10001
    - name: profiler   # not ours
      image: ghcr.io/vendor/profiler:3
      securityContext:
        runAsNonRoot: false
        runAsUser: 0
        seccompProfile:
          type: Unconfined
    - name: db
      image: postgres:16
      securityContext: {runAsUser: 999, runAsNonRoot: false, seccompProfile: {type: Unconfined}}
`);
    expect(merge(out)).toBe(out);
    const pod = objects(out)[0].spec as { securityContext: unknown; containers: Record<string, unknown>[] };
    // What `check` evaluates for our container: the pod's context with it alone (check/kube-restricted.ts).
    expect(checkRestricted({ securityContext: pod.securityContext, containers: [pod.containers[0]] })).toEqual([]);
  });

  it('under arbitrary removes the pod’s fixed runAsUser as before, and still moves the seccomp profile and runAsNonRoot', () => {
    const out = merge(MIXED, ['app'], { arbitrary: true });
    expect(out).not.toMatch(/runAsUser: (0|10001)/);
    expect(out).toContain('      securityContext: {runAsUser: 999, runAsNonRoot: false, seccompProfile: {type: Unconfined}}\n');
    expect(merge(out, ['app'], { arbitrary: true })).toBe(out);
  });
});

describe('mergeManifest on the fixtures', () => {
  const cases: [string, string, string[]][] = [
    ['kustomize-overlays', 'k8s/base/deployment.yaml', ['shop/web']],
    ['kustomize-overlays', 'k8s/overlays/prod/replicas.yaml', ['shop/web']],
    ['multi-doc', 'kubernetes-manifests/frontend.yaml', ['frontend']],
    ['multi-doc', 'kubernetes-manifests/redis.yaml', ['frontend']],
    ['statefulset', 'deploy/queue.yaml', ['ghcr.io/acme/queue:2.1']],
    ['cronjob-sidecar', 'manifests/report.yaml', ['reports']],
    ['cronjob-sidecar', 'manifests/worker.yaml', ['reports']],
  ];

  it.each(cases)('%s %s: schema-valid, every line kept, idempotent, restricted where the pod is all ours', (name, file, built) => {
    const text = fixtureRepo(name).files[file];
    for (const security of [IDS, { arbitrary: true } as const]) {
      const out = mergeManifest(text, file, wanted(built, security));
      // Values this merge owns may change in place or move (a pod-level Unconfined onto the containers that are not ours,
      // the pod's securityContext then `{}`); every other line stays.
      const owned = /runAsUser|runAsGroup|fsGroup:|^\s+(securityContext|seccompProfile):\s*$|^\s+type: Unconfined|runAsNonRoot/;
      expect(keptLines(text, out, owned)).toEqual([]);
      expect(mergeManifest(out, file, wanted(built, security))).toBe(out);
      for (const object of objects(out)) {
        if (file.includes('replicas.yaml')) continue; // a patch: a partial object, completed by its base
        expect(validateKube(object)).toEqual([]);
        const spec = object.kind === 'CronJob' ? 'jobTemplate' : undefined;
        const template = ((object.spec as Record<string, unknown>)?.[spec ?? 'template'] ?? {}) as Record<string, unknown>;
        const pod = (spec ? ((template.spec as Record<string, unknown>).template as Record<string, unknown>) : template)?.spec as
          Record<string, unknown> | undefined;
        const images = ['initContainers', 'containers'].flatMap((role) => ((pod?.[role] ?? []) as { image: string }[]).map((c) => c.image));
        if (pod && images.length > 0 && images.every((image) => imageMatches(image, built))) expect(checkRestricted(pod)).toEqual([]);
      }
    }
  });

  it('gives fsGroup and OnRootMismatch for mounted claim templates, and our user on our container beside a root init container', () => {
    const queue = objects(
      mergeManifest(fixtureRepo('statefulset').files['deploy/queue.yaml'], 'q.yaml', wanted(['ghcr.io/acme/queue:2.1'])),
    )[1];
    expect((queue.spec as { template: { spec: { securityContext: unknown } } }).template.spec.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      fsGroup: 10001,
      fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'RuntimeDefault' },
    });
    const report = objects(mergeManifest(fixtureRepo('cronjob-sidecar').files['manifests/report.yaml'], 'r.yaml', wanted(['reports'])))[0];
    const pod = (report.spec as { jobTemplate: { spec: { template: { spec: Record<string, { securityContext?: unknown }[]> } } } })
      .jobTemplate.spec.template.spec;
    expect(pod.securityContext).toEqual({ fsGroup: 10001, fsGroupChangePolicy: 'OnRootMismatch' });
    expect(pod.initContainers[0].securityContext).toBeUndefined();
    expect(pod.containers[0].securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });
});

describe('mergeHelmValues', () => {
  const values = fixtureRepo('helm-create').files['charts/web/values.yaml'];
  const w = (security: WantedValues['security'] = IDS, writableVolume = true): WantedValues => ({ security, writableVolume });

  it("turns helm create's `{}` into block mappings of ours, its commented defaults kept below", () => {
    const out = mergeHelmValues(values, 'values.yaml', w());
    expect(out).toContain(`podSecurityContext:
  runAsNonRoot: true
  runAsUser: 10001
  runAsGroup: 10001
  fsGroup: 10001
  fsGroupChangePolicy: OnRootMismatch
  seccompProfile:
    type: RuntimeDefault
  # fsGroup: 2000

securityContext:
  allowPrivilegeEscalation: false
  capabilities:
    drop:
      - ALL
  runAsNonRoot: true
  # capabilities:
  #   drop:
  #   - ALL
  # readOnlyRootFilesystem: true
  # runAsNonRoot: true
  # runAsUser: 1000
`);
    expect(keptLines(values, out, /^(pod)?[sS]ecurityContext: \{\}$/)).toEqual([]);
    expect(mergeHelmValues(out, 'values.yaml', w())).toBe(out);
  });

  it('under arbitrary writes no fixed IDs, and removes those a run with IDs wrote', () => {
    const once = mergeHelmValues(values, 'values.yaml', w());
    const arbitrary = mergeHelmValues(once, 'values.yaml', w({ arbitrary: true }));
    expect(parseDocument(arbitrary).toJS().podSecurityContext).toEqual({
      runAsNonRoot: true,
      fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(arbitrary).toBe(mergeHelmValues(values, 'values.yaml', w({ arbitrary: true })));
  });

  it('updates a mapping the chart has, and adds the keys a values.yaml lacks at its end', () => {
    const text = 'image:\n  repository: app\nsecurityContext:\n  runAsUser: 1000\n  readOnlyRootFilesystem: true\n';
    expect(mergeHelmValues(text, 'values.yaml', w(IDS, false))).toBe(`image:
  repository: app
securityContext:
  runAsUser: 10001
  readOnlyRootFilesystem: true
  allowPrivilegeEscalation: false
  capabilities:
    drop:
      - ALL
  runAsNonRoot: true
podSecurityContext:
  runAsNonRoot: true
  runAsUser: 10001
  runAsGroup: 10001
  seccompProfile:
    type: RuntimeDefault
`);
  });
});
