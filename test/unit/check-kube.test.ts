// The Kubernetes rules (NR5xx) on the fixtures shaped like public repos' layouts (test/fixtures/kube/),
// and against what the generator writes: a repo's manifests and chart values after the merge, and a
// new project's manifests, audit clean for everything of ours; odd YAML never stops the audit.
import fc from 'fast-check';
import { mergeHelmValues } from '../../src/app/merge/helm-values.js';
import { mergeManifest } from '../../src/app/merge/manifest.js';
import { render } from '../../src/app/render.js';
import { audit } from '../../src/check/audit.js';
import { InputError } from '../../src/core/errors.js';
import { builtImages } from '../../src/core/kube/built.js';
import { imageMatches } from '../../src/core/kube/images.js';
import { clusterIds, type KubeIds } from '../../src/core/kube/security.js';
import { kubeTemplateData } from '../../src/core/kube/template-data.js';
import { readModel } from '../../src/core/layout/model.js';
import { memoryRepo } from '../../src/core/layout/repo.js';
import { fixtureRepo, isOurs, manifestArb } from '../support/arbitraries/manifest.js';

const kubeFindings = (files: Record<string, string>) =>
  audit(memoryRepo(files))
    .findings.filter((f) => f.rule.startsWith('NR5'))
    .map((f) => `${f.rule} ${f.file}:${f.line}`);

describe('the fixtures', () => {
  it.each<[string, string[]]>([
    [
      // The kubelet's refusal of runAsNonRoot over `USER app`; the prod overlay's patch is not judged alone.
      'kustomize-overlays',
      [
        'NR507 k8s/base/deployment.yaml:16',
        'NR501 k8s/base/deployment.yaml:17',
        'NR503 k8s/base/deployment.yaml:19',
        'NR504 k8s/base/deployment.yaml:19',
        'NR505 k8s/base/deployment.yaml:19',
      ],
    ],
    // `{}` with helm create's commented defaults is empty; the PVC behind persistence.enabled wants fsGroup.
    [
      'helm-create',
      ['NR507 charts/web/values.yaml:24', ...['NR503', 'NR504', 'NR505', 'NR506'].map((r) => `${r} charts/web/values.yaml:27`)],
    ],
    [
      // `drop: [all]` is not ALL; redis is reported though the repo does not build it, its emptyDir needs no fsGroup.
      'multi-doc',
      [
        'NR505 kubernetes-manifests/frontend.yaml:30',
        'NR504 kubernetes-manifests/frontend.yaml:33',
        ...['NR503', 'NR504', 'NR505', 'NR506'].map((r) => `${r} kubernetes-manifests/redis.yaml:16`),
      ],
    ],
    ['statefulset', ['NR507 deploy/queue.yaml:29', ...['NR503', 'NR504', 'NR505', 'NR506'].map((r) => `${r} deploy/queue.yaml:32`)]],
    // A file that is not YAML is a note; a template and Alertmanager's `{{ }}` in strings are not findings.
    ['broken', ['NR510 k8s/broken.yaml:9', ...['NR503', 'NR504', 'NR505', 'NR506'].map((r) => `${r} k8s/pod.yaml:7`)]],
  ])('%s', (name, expected) => {
    expect(kubeFindings(fixtureRepo(name).files)).toEqual(expected);
  });

  it('cronjob-sidecar: the root init container and the proxy are reported as images the repo does not build, Unconfined on the pod', () => {
    const findings = audit(fixtureRepo('cronjob-sidecar').repo).findings.filter((f) => f.rule.startsWith('NR5'));
    const foreign = findings.filter((f) => f.message.includes('is not built here')).map((f) => f.message.split(';')[1]);
    expect([...new Set(foreign)]).toEqual([
      ' busybox:1.37 is not built here, so `yo nonroot` leaves it to you',
      ' gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1 is not built here, so `yo nonroot` leaves it to you',
    ]);
    expect(findings.find((f) => f.rule === 'NR505' && f.file === 'manifests/worker.yaml' && f.line === 16)?.message).toBe(
      'Deployment worker: seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")',
    );
  });
});

/**
 * The fixture after the generator's merge: every manifest and values.yaml, with `security`, and each
 * built Dockerfile ending with a numeric USER as the Dockerfile merge (tested on its own) makes it.
 */
function adopted(name: string, security: KubeIds): Record<string, string> {
  const { repo, files } = fixtureRepo(name);
  const model = readModel(repo);
  const built = builtImages(model).map((b) => b.image);
  const out = { ...files };
  for (const { file } of model.dockerfiles) out[file] = files[file].replace(/^USER [a-z_][a-z0-9_-]*$/m, 'USER 10001:0');
  for (const file of new Set(model.kube.workloads.map((w) => w.file)))
    out[file] = mergeManifest(files[file], file, { security, ours: (image) => imageMatches(image, built) });
  for (const chart of model.kube.chartValues)
    if (chart.values)
      out[chart.values] = mergeHelmValues(files[chart.values], chart.values, { security, writableVolume: chart.writableVolume });
  if ('arbitrary' in security) out['.yo-rc.json'] = '{ "generator-nonroot": { "idStrategy": "arbitrary" } }\n';
  return out;
}

describe('after `yo nonroot` adopts the fixtures', () => {
  const fixtures = ['kustomize-overlays', 'helm-create', 'statefulset', 'cronjob-sidecar'];
  it.each(fixtures.flatMap((name) => [clusterIds(false), clusterIds(true)].map((security) => [name, security] as const)))(
    '%s (%j): nothing is left about a container of ours',
    (name, security) => {
      const findings = audit(memoryRepo(adopted(name, security))).findings.filter((f) => f.rule.startsWith('NR5'));
      // What stays is about images the repo does not build: a pod-level Unconfined moved onto them.
      const ours = findings.filter((f) => !f.message.includes('is not built here'));
      expect(ours.map((f) => `${f.rule} ${f.file}:${f.line} ${f.message}`)).toEqual([]);
    },
  );
});

describe("a new project's manifests (templates/kubernetes)", () => {
  it.each<[string, KubeIds, string[]]>([
    ['fixed IDs and a volume', clusterIds(false), ['/data']],
    ['arbitrary and a volume', clusterIds(true), ['/data']],
    ['fixed IDs, no volume', clusterIds(false), []],
  ])('%s: check is clean', (_, security, paths) => {
    const data = kubeTemplateData({
      name: 'app',
      image: 'shop-app:cluster',
      security,
      clusterBuild: 'docker build -t shop-app:cluster .',
      volumes: paths.map((path) => ({ path })),
    });
    const files: Record<string, string> = {
      'compose.yaml': 'name: shop\nservices:\n  app:\n    build: .\n',
      Dockerfile: 'FROM debian:trixie-slim\nARG UID=10001\nARG GID=10001\nUSER ${UID}:${GID}\n',
      'k8s/deployment.yaml': render('kubernetes/deployment.yaml.ejs', data),
      'k8s/kustomization.yaml': render('kubernetes/kustomization.yaml.ejs', data),
      ...('arbitrary' in security ? { '.yo-rc.json': '{ "generator-nonroot": { "idStrategy": "arbitrary" } }\n' } : {}),
    };
    for (const volume of data.volumes)
      files[`k8s/${volume.file}`] = render('kubernetes/pvc.yaml.ejs', { ...volume, name: data.name, claim: volume.claim });
    expect(kubeFindings(files)).toEqual([]);
  });
});

describe('manifests as people write them (property)', () => {
  const base = { 'compose.yaml': 'services:\n  app:\n    build: .\n    image: app\n', Dockerfile: 'FROM debian\nUSER 10001:10001\n' };
  it('never stop the audit, and after the merge nothing is left about a container of ours', () => {
    fc.assert(
      fc.property(manifestArb, fc.boolean(), (c, arbitrary) => {
        expect(() => audit(memoryRepo({ ...base, 'k8s/app.yaml': c.text }))).not.toThrow();
        let merged: string;
        try {
          merged = mergeManifest(c.text, 'k8s/app.yaml', { security: clusterIds(arbitrary), ours: isOurs });
        } catch (error) {
          if (error instanceof InputError) return; // refused with file:line (an alias it would change): nothing written
          throw error;
        }
        const stored: Record<string, string> = arbitrary ? { '.yo-rc.json': '{ "generator-nonroot": { "idStrategy": "arbitrary" } }' } : {};
        const findings = audit(memoryRepo({ ...base, ...stored, 'k8s/app.yaml': merged })).findings;
        const left = findings.filter(
          (f) =>
            ['NR501', 'NR502', 'NR509'].includes(f.rule) ||
            (['NR503', 'NR504'].includes(f.rule) && !f.message.includes('is not built here')),
        );
        expect(left).toEqual([]);
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 100) },
    );
  });
});
