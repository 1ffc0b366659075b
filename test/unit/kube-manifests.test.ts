// Finding and reading Kubernetes manifests (core/kube/manifests.ts and the modules it uses), on the
// fixtures shaped like public repos' layouts and on small repos written inline.
import fc from 'fast-check';
import { mergeHelmValues } from '../../src/app/merge/helm-values.js';
import { mergeManifest } from '../../src/app/merge/manifest.js';
import { InputError } from '../../src/core/errors.js';
import { memoryRepo } from '../../src/core/layout/repo.js';
import { readChart } from '../../src/core/kube/charts.js';
import { listFiles } from '../../src/core/kube/listing.js';
import { diskRepo } from '../../src/core/layout/index.js';
import { findManifests, type Workload } from '../../src/core/kube/manifests.js';
import { readDocuments } from '../../src/core/kube/documents.js';
import { workloadKind, writableMounts } from '../../src/core/kube/workloads.js';
import { fixtureRepo } from '../support/arbitraries/manifest.js';

const repoOf = (files: Record<string, string>) => memoryRepo(files);
const brief = (w: Workload) => `${w.file}#${w.document} ${w.kind}/${w.name}`;

describe('findManifests on the fixtures', () => {
  it('kustomize base and overlays: the base read, the overlays followed, the prod patch marked as a patch', () => {
    const { repo } = fixtureRepo('kustomize-overlays');
    const found = findManifests(repo);
    expect(found.files).toEqual([
      'k8s/base/deployment.yaml',
      'k8s/base/pvc.yaml',
      'k8s/base/service.yaml',
      'k8s/overlays/prod/replicas.yaml',
    ]);
    expect(found.kustomizations.map((k) => k.file)).toEqual([
      'k8s/base/kustomization.yaml',
      'k8s/overlays/dev/kustomization.yaml',
      'k8s/overlays/prod/kustomization.yaml',
    ]);
    expect(found.workloads.map(brief)).toEqual([
      'k8s/base/deployment.yaml#0 Deployment/web',
      'k8s/overlays/prod/replicas.yaml#0 Deployment/web',
    ]);
    expect(found.workloads.map((w) => w.patch)).toEqual([false, true]);
    const prod = found.kustomizations.find((k) => k.file.includes('prod'))!;
    expect(prod.resources).toEqual(['k8s/base']);
    expect(prod.patches).toEqual(['k8s/overlays/prod/replicas.yaml']);
    expect(prod.images).toEqual([{ name: 'shop/web', newName: 'registry.example.com/shop/web', newTag: '1.4.2', line: 9 }]);
    expect(found.skipped).toEqual([]);
  });

  it('the model of a Deployment: pod path, securityContext and its lines, containers, a PVC mount that needs fsGroup', () => {
    const [web] = findManifests(fixtureRepo('kustomize-overlays').repo).workloads;
    expect(web).toMatchObject({
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      name: 'web',
      line: 2,
      podPath: ['spec', 'template', 'spec'],
      podLine: 14,
      podSecurityContext: { value: { runAsNonRoot: true }, line: 16, lines: { runAsNonRoot: 17 } },
      volumes: [{ name: 'uploads', type: 'persistentVolumeClaim', readOnly: false, line: 30 }],
      claimTemplates: [],
    });
    expect(web.containers).toEqual([
      {
        role: 'containers',
        index: 0,
        name: 'web',
        image: 'shop/web:latest',
        line: 19,
        imageLine: 20,
        securityContext: undefined,
        volumeMounts: [{ name: 'uploads', mountPath: '/var/lib/shop/uploads', readOnly: false, line: 27 }],
      },
    ]);
    expect(writableMounts(web, web.containers[0]).map((m) => m.mountPath)).toEqual(['/var/lib/shop/uploads']);
  });

  it('several documents per file: only the workloads, by document index; an image the repo does not build is read too', () => {
    const found = findManifests(fixtureRepo('multi-doc').repo);
    expect(found.files).toEqual(['kubernetes-manifests/frontend.yaml', 'kubernetes-manifests/redis.yaml']);
    expect(found.workloads.map(brief)).toEqual([
      'kubernetes-manifests/frontend.yaml#0 Deployment/frontend',
      'kubernetes-manifests/redis.yaml#0 Deployment/redis-cart',
    ]);
    const [frontend, redis] = found.workloads;
    expect(frontend.podSecurityContext?.lines).toEqual({ fsGroup: 24, runAsGroup: 25, runAsNonRoot: 26, runAsUser: 27 });
    expect(frontend.containers[0].securityContext?.lines).toMatchObject({ 'capabilities.drop': 33, allowPrivilegeEscalation: 31 });
    expect(writableMounts(redis, redis.containers[0]).map((m) => m.name)).toEqual(['redis-data']);
  });

  it('a StatefulSet: its claim templates are writable volumes; a read-only configMap is not; `---` first and `...` last', () => {
    const [queue] = findManifests(fixtureRepo('statefulset').repo).workloads;
    expect(brief(queue)).toBe('deploy/queue.yaml#1 StatefulSet/queue');
    expect(queue.claimTemplates).toEqual([{ name: 'data', line: 48 }]);
    expect(queue.containers[0].image).toBe('ghcr.io/acme/queue:2.1');
    expect(writableMounts(queue, queue.containers[0]).map((m) => m.mountPath)).toEqual(['/var/lib/queue']);
  });

  it('a CronJob (pod under jobTemplate), init containers before containers, a Job beside a Deployment', () => {
    const found = findManifests(fixtureRepo('cronjob-sidecar').repo);
    expect(found.workloads.map(brief)).toEqual([
      'manifests/report.yaml#0 CronJob/nightly-report',
      'manifests/worker.yaml#0 Deployment/worker',
      'manifests/worker.yaml#1 Job/migrate',
    ]);
    const [report, worker] = found.workloads;
    expect(report.podPath).toEqual(['spec', 'jobTemplate', 'spec', 'template', 'spec']);
    expect(report.containers.map((c) => `${c.role}:${c.name}@${c.line}`)).toEqual([
      'initContainers:fix-permissions@16',
      'containers:report@22',
    ]);
    expect(writableMounts(report, report.containers[1]).map((m) => m.name)).toEqual(['scratch']);
    expect(worker.containers.map((c) => c.name)).toEqual(['worker', 'cloud-sql-proxy']);
    expect(worker.podSecurityContext?.value).toEqual({ runAsUser: 1000, seccompProfile: { type: 'Unconfined' } });
  });

  it('a Helm chart is found as a chart; its templates are never read as manifests', () => {
    const found = findManifests(fixtureRepo('helm-create').repo);
    expect(found.charts).toEqual(['charts/web']);
    expect(found.files).toEqual([]);
    expect(found.skipped).toEqual([]);
  });

  it('skips a Go template and YAML that does not parse, with file:line and a reason; strings holding {{ }} are data', () => {
    const found = findManifests(fixtureRepo('broken').repo);
    expect(found.skipped).toEqual([
      { file: 'k8s/broken.yaml', line: 9, reason: expect.stringMatching(/^not valid YAML: /) },
      { file: 'k8s/deployment.tmpl.yaml', line: 4, reason: expect.stringContaining('Go template syntax') },
    ]);
    expect(found.files).toEqual(['k8s/alerts.yaml', 'k8s/pod.yaml']);
    expect(found.workloads.map(brief)).toEqual(['k8s/pod.yaml#0 Pod/debug']);
  });
});

describe('findManifests on small repos', () => {
  it('searches the usual folders and two levels below them, nowhere else', () => {
    const pod = (name: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: a\n      image: a\n`;
    const found = findManifests(
      repoOf({
        'k8s/a.yaml': pod('a'),
        'deploy/staging/b.yml': pod('b'),
        'kubernetes/overlays/prod/c.yaml': pod('c'),
        'manifests/x/y/z/d.yaml': pod('d'),
        '.k8s/e.yaml': pod('e'),
        'deployments/f.yaml': pod('f'),
        'config/g.yaml': pod('g'),
        'pod.yaml': pod('h'),
        'k8s/notes.txt': 'not yaml',
      }),
    );
    expect(found.workloads.map((w) => w.name).sort()).toEqual(['a', 'b', 'c', 'e', 'f']);
  });

  it('follows a root kustomization and folder resources outside the usual folders, remote ones left out', () => {
    const deployment =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\n' +
      'spec:\n  template:\n    spec:\n      containers: [{name: api, image: api}]\n';
    const found = findManifests(
      repoOf({
        'kustomization.yaml': 'resources:\n  - config/app\n  - https://github.com/org/repo//base?ref=v1\n',
        'config/app/Kustomization': 'resources: [api.yaml]\n',
        'config/app/api.yaml': deployment,
      }),
    );
    expect(found.kustomizations.map((k) => k.file)).toEqual(['kustomization.yaml', 'config/app/Kustomization']);
    expect(found.workloads.map(brief)).toEqual(['config/app/api.yaml#0 Deployment/api']);
  });

  it('reads only workload kinds of their API groups, and a workload without a pod template is none', () => {
    expect(workloadKind('apps/v1', 'Deployment')).toBe('Deployment');
    expect(workloadKind('extensions/v1beta1', 'DaemonSet')).toBe('DaemonSet');
    expect(workloadKind('apps.openshift.io/v1', 'DeploymentConfig')).toBe('DeploymentConfig');
    expect(workloadKind('v1', 'Pod')).toBe('Pod');
    expect(workloadKind('argoproj.io/v1alpha1', 'Deployment')).toBeUndefined();
    expect(workloadKind('v1', 'Service')).toBeUndefined();
    const found = findManifests(
      repoOf({ 'k8s/patch.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {replicas: 2}\n' }),
    );
    expect(found.workloads).toEqual([]);
  });

  it('finds values through merge keys and aliases, at the line where the file writes them', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p}',
      'spec:',
      '  securityContext: &sc',
      '    runAsNonRoot: true',
      '  containers:',
      '    - &base',
      '      name: a',
      '      image: app',
      '      securityContext: *sc',
      '    - <<: *base',
      '      name: b',
      '',
    ].join('\n');
    const [pod] = findManifests(repoOf({ 'k8s/pod.yaml': text })).workloads;
    expect(pod.containers.map((c) => [c.name, c.image, c.line, c.imageLine])).toEqual([
      ['a', 'app', 9, 10],
      ['b', 'app', 12, 10],
    ]);
    expect(pod.containers[1].securityContext?.lines).toEqual({ runAsNonRoot: 6 });
  });
});

describe('readDocuments', () => {
  it('reads an empty file and a comment-only file as no documents', () => {
    expect(readDocuments('', 'a.yaml')).toEqual({ docs: [] });
    expect(readDocuments('# nothing here\n', 'a.yaml')).toEqual({ docs: [] });
  });

  it('skips Helm control lines, and {{ }} that makes a flow mapping; not {{ }} in a comment or a string', () => {
    const skipped = (text: string) => ('skipped' in readDocuments(text, 'a.yaml') ? 'skipped' : 'read');
    expect(skipped('spec:\n  {{- if .Values.x }}\n  replicas: 1\n  {{- end }}\n')).toBe('skipped');
    expect(skipped('image: {{ .Values.image }}\n')).toBe('skipped');
    expect(skipped('# image: {{ .Values.image }}\nimage: app\n')).toBe('read');
    expect(skipped('summary: "{{ $labels.pod }} is down"\nnote: pod {{ $labels.pod }} down\n')).toBe('read');
  });
});

describe('listFiles', () => {
  it('lists the files directly in a folder, from the repo, from memory, or from disk', () => {
    const repo = memoryRepo({ 'k8s/a.yaml': '', 'k8s/b/c.yaml': '', 'x.yaml': '' });
    expect(listFiles(repo, 'k8s')).toEqual(['a.yaml']);
    expect(listFiles(repo, '.')).toEqual(['x.yaml']);
    expect(listFiles(repo, 'nowhere')).toEqual([]);
    const here = listFiles(diskRepo(process.cwd()), 'test/fixtures/kube/multi-doc/kubernetes-manifests');
    expect(here).toEqual(['frontend.yaml', 'kustomization.yaml', 'redis.yaml']);
  });
});

describe('never a stack trace', () => {
  /** Text made of YAML's punctuation, Helm's braces and the keys a reader looks at. */
  const junk = fc
    .array(
      fc.constantFrom(
        'apiVersion: apps/v1\n',
        'kind: Deployment\n',
        'spec:',
        ' template:',
        '\n  ',
        '- ',
        '{{',
        '}}',
        '[',
        ']',
        '{',
        '}',
        ': ',
        '&a ',
        '*a',
        '<<: ',
        '"',
        "'",
        '|',
        '#',
        'containers',
        'securityContext',
        '\t',
        '---\n',
        'resources: ',
        'null',
        '1',
      ),
      { maxLength: 40 },
    )
    .map((parts) => parts.join(''));

  it('findManifests and readChart read any text as a skip or a model; the merges refuse it with InputError at worst', () => {
    fc.assert(
      fc.property(junk, junk, junk, (manifest, kustomization, values) => {
        const repo = repoOf({
          'k8s/a.yaml': manifest,
          'k8s/kustomization.yaml': kustomization,
          'helm/app/Chart.yaml': kustomization,
          'helm/app/values.yaml': values,
          'helm/app/templates/d.yaml': manifest,
        });
        const found = findManifests(repo);
        for (const skipped of found.skipped) expect(skipped.line).toBeGreaterThan(0);
        readChart(repo, 'helm/app');
        // The merges refuse what they cannot edit with InputError (file:line and what to do), nothing else.
        const security = { ids: { uid: 10001, gid: 10001 } };
        for (const run of [
          () => mergeManifest(manifest, 'k8s/a.yaml', { security, ours: () => true }),
          () => mergeHelmValues(values, 'values.yaml', { security, writableVolume: true }),
        ]) {
          try {
            run();
          } catch (error) {
            if (!(error instanceof InputError)) throw error;
          }
        }
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 200) },
    );
  });
});
