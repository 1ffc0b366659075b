// `check` on kustomize patches (issue 24's adoption keeps them as they are): a patch is a partial
// object completed by its base, so what it leaves out is the base's, never a finding; a value it
// sets that overrides a compliant base with one "restricted" refuses is reported at the patch's
// own line: strategic-merge patches (patches[].path, patchesStrategicMerge) and JSON 6902 ones.
import { audit } from '../../src/check/audit.js';
import { memoryRepo } from '../../src/core/layout/repo.js';

const BASE = {
  'compose.yaml': 'services:\n  web:\n    build: .\n    image: shop/web\n',
  Dockerfile: 'FROM debian\nUSER 10001:10001\n',
  'k8s/base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
  'k8s/base/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        runAsGroup: 10001
        seccompProfile: {type: RuntimeDefault}
      containers:
        - name: web
          image: shop/web:1.0
          securityContext:
            allowPrivilegeEscalation: false
            capabilities: {drop: [ALL]}
            runAsNonRoot: true
`,
};

const findings = (files: Record<string, string>) =>
  audit(memoryRepo({ ...BASE, ...files }))
    .findings.filter((f) => f.rule.startsWith('NR5'))
    .map((f) => `${f.rule} ${f.file}:${f.line}`);

const overlay = (kustomization: string, patch: string, name = 'patch.yaml') => ({
  'k8s/overlays/prod/kustomization.yaml': kustomization,
  [`k8s/overlays/prod/${name}`]: patch,
});

describe('kustomize patches', () => {
  it('the base alone is clean', () => {
    expect(findings({})).toEqual([]);
  });

  it('a strategic-merge patch that only leaves fields out (replicas, resources) is not reported as missing them', () => {
    const patch = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: web
          resources: {limits: {memory: 512Mi}}
`;
    expect(findings(overlay('resources: [../../base]\npatches:\n  - path: patch.yaml\n', patch))).toEqual([]);
  });

  it('a strategic-merge patch that sets what "restricted" refuses is reported at its own lines', () => {
    const patch = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: false
        seccompProfile: {type: Unconfined}
      containers:
        - name: web
          securityContext:
            runAsUser: 0
            privileged: true
            allowPrivilegeEscalation: true
            capabilities: {add: [SYS_ADMIN]}
`;
    expect(findings(overlay('resources: [../../base]\npatchesStrategicMerge:\n  - patch.yaml\n', patch)).sort()).toEqual(
      [
        'NR502 k8s/overlays/prod/patch.yaml:8',
        'NR502 k8s/overlays/prod/patch.yaml:13',
        'NR503 k8s/overlays/prod/patch.yaml:14',
        'NR503 k8s/overlays/prod/patch.yaml:15',
        'NR504 k8s/overlays/prod/patch.yaml:16',
        'NR505 k8s/overlays/prod/patch.yaml:9',
      ].sort(),
    );
  });

  it('says which patch sets what, on whom, and that it overrides the base', () => {
    const patch =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n' +
      '      containers:\n        - name: web\n          securityContext: {privileged: true}\n';
    const files = { ...BASE, ...overlay('resources: [../../base]\npatches:\n  - path: patch.yaml\n', patch) };
    expect(
      audit(memoryRepo(files))
        .findings.filter((f) => f.rule === 'NR503')
        .map((f) => f.message),
    ).toEqual([
      'kustomize patch of Deployment web: sets container web securityContext.privileged: true, ' +
        'which allows privilege escalation; it overrides the base',
    ]);
  });

  it('a JSON 6902 patch (patches with a target, patchesJson6902) that sets them is reported at its op', () => {
    const patch = `- op: replace
  path: /spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation
  value: true
- op: add
  path: /spec/template/spec/securityContext
  value:
    runAsUser: 0
- op: remove
  path: /spec/template/spec/containers/0/securityContext/runAsNonRoot
`;
    const kustomization = `resources: [../../base]
patches:
  - path: ops.yaml
    target: {kind: Deployment, name: web}
`;
    expect(findings(overlay(kustomization, patch, 'ops.yaml'))).toEqual([
      'NR503 k8s/overlays/prod/ops.yaml:3',
      'NR502 k8s/overlays/prod/ops.yaml:7',
    ]);
    const target = '{group: apps, version: v1, kind: Deployment, name: web}';
    const old = `resources: [../../base]\npatchesJson6902:\n  - path: ops.yaml\n    target: ${target}\n`;
    expect(findings(overlay(old, patch, 'ops.yaml'))).toEqual(['NR503 k8s/overlays/prod/ops.yaml:3', 'NR502 k8s/overlays/prod/ops.yaml:7']);
  });
});
