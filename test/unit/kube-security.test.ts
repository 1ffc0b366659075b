// The securityContext this project writes (core/kube/security.ts), and the chart reading that
// decides where it goes in a Helm chart (core/kube/charts.ts).
import { readChart, findCharts } from '../../src/core/kube/charts.js';
import { checkRestricted } from '../../src/core/kube/restricted.js';
import { CLUSTER_GID, CLUSTER_UID, clusterIds, FIXED_ID_KEYS, securityContexts } from '../../src/core/kube/security.js';
import { memoryRepo } from '../../src/core/layout/repo.js';
import { fixtureRepo } from '../support/arbitraries/manifest.js';

const ids = { ids: { uid: 10001, gid: 10001 } } as const;

describe('securityContexts', () => {
  it('fixed IDs: the user and seccomp on the pod, fsGroup only with a writable volume', () => {
    expect(securityContexts(ids, { writableVolume: false })).toEqual({
      pod: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
      container: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true },
    });
    expect(securityContexts(ids, { writableVolume: true }).pod).toEqual({
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      fsGroup: 10001,
      fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  it('arbitrary (OpenShift): runAsNonRoot and no fixed runAsUser, runAsGroup or fsGroup anywhere', () => {
    const out = securityContexts({ arbitrary: true }, { writableVolume: true });
    expect(out.pod).toEqual({ runAsNonRoot: true, fsGroupChangePolicy: 'OnRootMismatch', seccompProfile: { type: 'RuntimeDefault' } });
    for (const key of FIXED_ID_KEYS) expect(JSON.stringify(out)).not.toContain(`"${key}"`);
  });

  it('a pod with containers of other images: the user goes on our containers, only the volume on the pod', () => {
    expect(securityContexts(ids, { writableVolume: true, mixed: true })).toEqual({
      pod: { fsGroup: 10001, fsGroupChangePolicy: 'OnRootMismatch' },
      container: {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        runAsNonRoot: true,
        runAsUser: 10001,
        runAsGroup: 10001,
        seccompProfile: { type: 'RuntimeDefault' },
      },
    });
  });

  it('passes "restricted" in every form', () => {
    for (const input of [ids, { arbitrary: true } as const])
      for (const writableVolume of [false, true])
        for (const mixed of [false, true]) {
          const out = securityContexts(input, { writableVolume, mixed });
          expect(checkRestricted({ securityContext: out.pod, containers: [{ name: 'app', securityContext: out.container }] })).toEqual([]);
        }
  });

  it('the cluster IDs are above 10000, what kube-score, checkov CKV_K8S_40 and Trivy KSV020/021 ask', () => {
    expect(CLUSTER_UID).toBeGreaterThan(10000);
    expect(CLUSTER_GID).toBeGreaterThan(10000);
    expect(clusterIds(false)).toEqual({ ids: { uid: CLUSTER_UID, gid: CLUSTER_GID } });
    expect(clusterIds(true)).toEqual({ arbitrary: true });
  });
});

describe('readChart', () => {
  it('a chart in the `helm create` layout: the image, the two `{}` with commented defaults, what the templates use', () => {
    const { repo } = fixtureRepo('helm-create');
    const [chart] = findCharts(repo);
    expect(chart).toEqual({
      dir: 'charts/web',
      name: 'web',
      appVersion: '1.4.2',
      values: 'charts/web/values.yaml',
      image: { repository: 'registry.example.com/shop/web', tag: undefined, line: 6, ref: 'registry.example.com/shop/web:1.4.2' },
      podSecurityContext: { key: 'podSecurityContext', shape: 'empty', value: {}, line: 24, commentedDefaults: true },
      securityContext: { key: 'securityContext', shape: 'empty', value: {}, line: 27, commentedDefaults: true },
      templatesUse: { podSecurityContext: true, securityContext: true },
      writableVolume: true,
    });
  });

  it('values that set the contexts, miss them, or do not parse', () => {
    const repo = (values: string, templates = '') => {
      const files = { 'chart/Chart.yaml': 'name: c\nversion: 1.0.0\n', 'chart/values.yaml': values, 'chart/templates/d.yaml': templates };
      return memoryRepo(files);
    };
    const set = readChart(repo('image:\n  repository: app\n  tag: 2\npodSecurityContext:\n  runAsUser: 1000\n'), 'chart');
    expect(set.podSecurityContext).toEqual({
      key: 'podSecurityContext',
      shape: 'mapping',
      value: { runAsUser: 1000 },
      line: 4,
      commentedDefaults: false,
    });
    expect(set.securityContext.shape).toBe('missing');
    expect(set.image?.ref).toBe('app:2');
    expect(set.templatesUse).toEqual({ podSecurityContext: false, securityContext: false });
    const broken = readChart(repo('image:\n  repository: [x\n'), 'chart');
    expect(broken.skipped).toMatchObject({ file: 'chart/values.yaml', reason: expect.stringMatching(/^not valid YAML/) });
  });
});
