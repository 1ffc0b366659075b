// Pod Security "restricted" (core/kube/restricted.ts) and the kubelet's runAsNonRoot (kubelet.ts):
// for each rule a pod that passes and one that fails, with the admission's and the kubelet's own
// words (kubernetes/pod-security-admission policy/check_*.go, pkg/kubelet/kuberuntime/
// security_context_others.go).
import { admissionMessage, checkRestricted, forbiddenDetail, type RestrictedCheck } from '../../src/core/kube/restricted.js';
import { imageUser, kubeletRunAsNonRoot, type ImageUser } from '../../src/core/kube/kubelet.js';
import { securityContexts } from '../../src/core/kube/security.js';
import { mergeManifest } from '../../src/app/merge/manifest.js';
import { imageMatches } from '../../src/core/kube/images.js';
import { findManifests } from '../../src/core/kube/manifests.js';
import { containerData } from '../../src/core/kube/workloads.js';
import { memoryRepo } from '../../src/core/layout/repo.js';
import { fixtureRepo } from '../support/arbitraries/manifest.js';

type Obj = Record<string, unknown>;

const HARDENED = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
const POD_SC = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };
/** A pod that passes every rule, with `more` over its spec. */
const pod = (more: Obj = {}): Obj => ({
  securityContext: POD_SC,
  containers: [{ name: 'app', image: 'app', securityContext: HARDENED }],
  ...more,
});
const container = (name: string, securityContext: Obj) => ({ name, image: 'app', securityContext });
const only = (check: RestrictedCheck, spec: Obj) => checkRestricted(spec).filter((v) => v.check === check);

describe('checkRestricted: one passing and one failing pod per rule', () => {
  it('passes the pod this project writes, and its mixed-pod form', () => {
    const ours = securityContexts({ ids: { uid: 10001, gid: 10001 } }, { writableVolume: true });
    expect(checkRestricted({ securityContext: ours.pod, containers: [container('app', ours.container)] })).toEqual([]);
    const mixed = securityContexts({ arbitrary: true }, { writableVolume: false, mixed: true });
    expect(checkRestricted({ securityContext: mixed.pod, containers: [container('app', mixed.container)] })).toEqual([]);
  });

  it.each<[RestrictedCheck, Obj, Obj, string, string]>([
    [
      'allowPrivilegeEscalation',
      pod({ initContainers: [container('init', HARDENED)] }),
      pod({ initContainers: [container('init', { capabilities: { drop: ['ALL'] } })] }),
      'allowPrivilegeEscalation != false',
      'container "init" must set securityContext.allowPrivilegeEscalation=false',
    ],
    [
      'capabilities_restricted',
      pod({ containers: [container('app', { ...HARDENED, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } })] }),
      pod({
        containers: [
          container('a', { allowPrivilegeEscalation: false }),
          container('b', { allowPrivilegeEscalation: false, capabilities: { drop: ['all'], add: ['SYS_ADMIN', 'NET_RAW', 'SYS_ADMIN'] } }),
        ],
      }),
      'unrestricted capabilities',
      'containers "a", "b" must set securityContext.capabilities.drop=["ALL"]; ' +
        'container "b" must not include "NET_RAW", "SYS_ADMIN" in securityContext.capabilities.add',
    ],
    [
      'restrictedVolumes',
      pod({
        volumes: ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'].map((t) => ({
          name: t,
          [t]: {},
        })),
      }),
      pod({
        volumes: [
          { name: 'src', hostPath: { path: '/src' } },
          { name: 'ok', emptyDir: {} },
          { name: 'nfs', nfs: {} },
          { name: 'odd', image: {} },
        ],
      }),
      'restricted volume types',
      'volumes "src", "nfs", "odd" use restricted volume types "hostPath", "nfs", "unknown"',
    ],
    [
      'runAsNonRoot',
      pod({
        securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
        containers: [container('app', { ...HARDENED, runAsNonRoot: true })],
      }),
      pod({ securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }),
      'runAsNonRoot != true',
      'pod or container "app" must set securityContext.runAsNonRoot=true',
    ],
    [
      'runAsUser',
      pod({ securityContext: { ...POD_SC, runAsUser: 10001 } }),
      pod({ securityContext: { ...POD_SC, runAsUser: 0 }, ephemeralContainers: [container('debug', { ...HARDENED, runAsUser: 0 })] }),
      'runAsUser=0',
      'pod and container "debug" must not set runAsUser=0',
    ],
    [
      'seccompProfile_restricted',
      pod({
        securityContext: { runAsNonRoot: true },
        containers: [container('app', { ...HARDENED, seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } })],
      }),
      pod({ securityContext: { runAsNonRoot: true } }),
      'seccompProfile',
      'pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
    ],
  ])('%s', (check, passing, failing, reason, detail) => {
    expect(only(check, passing)).toEqual([]);
    const [v] = only(check, failing);
    expect({ reason: v?.reason, detail: v?.detail }).toEqual({ reason, detail });
  });

  it('names who set a bad value explicitly before those who left it unset', () => {
    const spec = pod({
      securityContext: { runAsNonRoot: false, seccompProfile: { type: 'Unconfined' } },
      containers: [container('a', { ...HARDENED, runAsNonRoot: false, seccompProfile: {} }), container('b', HARDENED)],
    });
    expect(only('runAsNonRoot', spec).map((v) => [v.detail, v.pod, v.containers])).toEqual([
      ['pod and container "a" must not set securityContext.runAsNonRoot=false', true, ['a']],
    ]);
    expect(only('seccompProfile_restricted', spec).map((v) => v.detail)).toEqual([
      'pod and container "a" must not set securityContext.seccompProfile.type to "", "Unconfined"',
    ]);
  });

  it('reports in the admission order, as the API server words the refusal', () => {
    const bare = { containers: [{ name: 'x', image: 'x' }] };
    const violations = checkRestricted(bare);
    expect(violations.map((v) => v.check)).toEqual([
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'runAsNonRoot',
      'seccompProfile_restricted',
    ]);
    expect(forbiddenDetail(violations)).toBe(
      'allowPrivilegeEscalation != false (container "x" must set securityContext.allowPrivilegeEscalation=false), ' +
        'unrestricted capabilities (container "x" must set securityContext.capabilities.drop=["ALL"]), ' +
        'runAsNonRoot != true (pod or container "x" must set securityContext.runAsNonRoot=true), ' +
        'seccompProfile (pod or container "x" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
    expect(admissionMessage(violations)).toMatch(/^violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false \(/);
  });

  it('has no group rule: group 0 passes (OpenShift runs pods with it)', () => {
    expect(checkRestricted(pod({ securityContext: { ...POD_SC, runAsGroup: 0, fsGroup: 0 } }))).toEqual([]);
  });
});

describe('imageUser: a Dockerfile USER as the container runtime reads it', () => {
  it.each<[string | undefined, ImageUser]>([
    [undefined, { kind: 'none' }],
    ['', { kind: 'none' }],
    ['1000', { kind: 'numeric', uid: 1000 }],
    ['10001:10001', { kind: 'numeric', uid: 10001 }],
    ['0', { kind: 'numeric', uid: 0 }],
    ['app', { kind: 'name', name: 'app' }],
    ['app:app', { kind: 'name', name: 'app' }],
    ['root', { kind: 'name', name: 'root' }],
    ['${UID}:${GID}', { kind: 'unknown' }],
    ['99999999999999999999', { kind: 'name', name: '99999999999999999999' }],
  ])('%j', (user, expected) => {
    expect(imageUser(user)).toEqual(expected);
  });
});

describe("kubeletRunAsNonRoot: the kubelet's verdict and error text", () => {
  const c = (sc: Obj = {}) => ({ name: 'web', securityContext: sc });
  const withPod = (sc: Obj) => ({ securityContext: sc });
  const where = '(pod: "web-0_shop(uid)", container: web)';
  const verdict = (p: Obj, ctr: Obj, user: string | undefined) => kubeletRunAsNonRoot(p, ctr, imageUser(user), 'web-0_shop(uid)');

  it.each<[string, Obj, Obj, string | undefined, unknown]>([
    ['runAsNonRoot unset: nothing checked', withPod({}), c(), 'root', { ok: true }],
    [
      'runAsNonRoot false in the container wins over the pod',
      withPod({ runAsNonRoot: true }),
      c({ runAsNonRoot: false }),
      'app',
      { ok: true },
    ],
    ['a numeric runAsUser needs no look at the image', withPod({ runAsNonRoot: true, runAsUser: 10001 }), c(), 'app', { ok: true }],
    ['a numeric image USER', withPod({ runAsNonRoot: true }), c(), '10001:10001', { ok: true }],
    ['an image USER not known here', withPod({ runAsNonRoot: true }), c(), '${UID}', { ok: 'unknown' }],
    [
      'runAsUser 0 (the container overrides the pod)',
      withPod({ runAsNonRoot: true, runAsUser: 10001 }),
      c({ runAsUser: 0 }),
      '10001',
      { ok: false, reason: 'run-as-user-root', message: `container's runAsUser breaks non-root policy ${where}` },
    ],
    [
      'a named USER',
      withPod({ runAsNonRoot: true }),
      c(),
      'app',
      {
        ok: false,
        reason: 'non-numeric-user',
        message: `container has runAsNonRoot and image has non-numeric user (app), cannot verify user is non-root ${where}`,
      },
    ],
    [
      'USER root is a name too',
      withPod({}),
      c({ runAsNonRoot: true }),
      'root',
      expect.objectContaining({ ok: false, reason: 'non-numeric-user' }),
    ],
    [
      'no USER: root',
      withPod({ runAsNonRoot: true }),
      c(),
      undefined,
      { ok: false, reason: 'image-root', message: `container has runAsNonRoot and image will run as root ${where}` },
    ],
    ['USER 0', withPod({ runAsNonRoot: true }), c(), '0:0', expect.objectContaining({ ok: false, reason: 'image-root' })],
    [
      'a UID above 2147483647',
      withPod({ runAsNonRoot: true }),
      c(),
      '4294967296',
      {
        ok: false,
        reason: 'invalid-uid',
        message:
          'container has runAsNonRoot and image has an invalid user id (4294967296). (Must be 1-(2147483647)): ' +
          `must be between 0 and 2147483647, inclusive ${where}`,
      },
    ],
  ])('%s', (_, p, ctr, user, expected) => {
    expect(verdict(p, ctr, user)).toEqual(expected);
  });
});

describe('the kubelet on a repo: the manifest runs the image the repo builds', () => {
  it("refuses the kustomize fixture's Deployment (runAsNonRoot over `USER app`), and starts it once merged", () => {
    const { repo, files } = fixtureRepo('kustomize-overlays');
    const [web] = findManifests(repo).workloads;
    const finalUser = [...files.Dockerfile.matchAll(/^USER\s+(\S+)/gm)].at(-1)?.[1];
    const container = web.containers[0];
    expect(kubeletRunAsNonRoot(web.pod, containerData(web, container), imageUser(finalUser), web.name)).toMatchObject({
      ok: false,
      reason: 'non-numeric-user',
      message:
        'container has runAsNonRoot and image has non-numeric user (app), cannot verify user is non-root (pod: "web", container: web)',
    });
    const merged = mergeManifest(files[web.file], web.file, {
      security: { ids: { uid: 10001, gid: 10001 } },
      ours: (i) => imageMatches(i, ['shop/web']),
    });
    const [after] = findManifests(memoryRepo({ ...files, [web.file]: merged })).workloads;
    expect(kubeletRunAsNonRoot(after.pod, containerData(after, after.containers[0]), imageUser(finalUser))).toEqual({ ok: true });
  });
});
