// verify's Kubernetes parts that need no engine: which containers it plays and how it builds their
// image, the Pod it derives (the workload's securityContext, its writable volumes as the kubelet
// hands them over, verify's own names), the probe run by this machine's sh, and the rows and fixes
// for recorded answers, with the report's "not run".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { builtImages } from '../../src/core/kube/built.js';
import { readModel } from '../../src/core/layout/model.js';
import { judgeKube, type KubeSeen } from '../../src/verify/kube-judge.js';
import { ARBITRARY_FALLBACK_UID, ARBITRARY_UID, arbitraryUid, commentBuildArgs, planKube } from '../../src/verify/kube-plan.js';
import { derivePod, kubeletOwner, kubeProbeScript, readKubeAnswer, type PlayedMount } from '../../src/verify/kube-pod.js';
import { jsonReport, notRun, textReport } from '../../src/verify/report.js';
import type { Verdict } from '../../src/verify/run.js';
import { fixtureRepo } from '../support/arbitraries/manifest.js';

type Obj = Record<string, unknown>;
const TOKEN = 'abcd1234';

function targetsOf(files: Record<string, string>) {
  const { repo } = fixtureRepo('played');
  const model = readModel(Object.keys(files).length ? { ...repo, read: (f: string) => files[f] ?? repo.read(f) } : repo);
  return planKube({
    token: TOKEN,
    workloads: model.kube.workloads,
    built: builtImages(model),
    read: model.repo.read,
  });
}
const docs = (yaml: string) => parseAllDocuments(yaml).map((d) => d.toJS() as Obj);
const podSpec = (yaml: string) => (docs(yaml).find((d) => d.kind === 'Pod')!.spec as Obj) ?? {};

describe('verify kube: what it plays', () => {
  it('the workload of the image compose builds, not the chart nor the overlay, built plainly (the ARG defaults)', () => {
    const [target, ...rest] = targetsOf({});
    expect(rest).toEqual([]);
    expect(target.name).toBe('Deployment ledger-api');
    expect(target.where).toBe('k8s/base/deployment.yaml:2');
    expect(target.build).toEqual({
      image: `localhost/nonroot-verify-${TOKEN}-api:2.3.0`,
      dockerfile: 'Dockerfile',
      context: '.',
      target: undefined,
      args: [],
      from: "Dockerfile's ARG defaults",
      user: 'ledger',
    });
  });

  it("a generated manifest's comment says the build args", () => {
    const text =
      '# Build the image for the cluster with:\n#   docker build --build-arg UID=10001 --build-arg GID=10001 -f Dockerfile -t a:1 .\n';
    expect(commentBuildArgs(text)).toEqual({
      args: [
        ['UID', '10001'],
        ['GID', '10001'],
      ],
      line: 2,
    });
    expect(commentBuildArgs('apiVersion: v1\n')).toBeUndefined();
  });

  it('the arbitrary UID: OpenShift-like where the user namespace maps it, else one no image names', () => {
    expect(arbitraryUid(1_000_765_537)).toBe(ARBITRARY_UID);
    expect(arbitraryUid(65_537)).toBe(ARBITRARY_FALLBACK_UID);
  });
});

describe('verify kube: the Pod it derives', () => {
  it("keeps the pod's securityContext, plays the claim as verify's own volume, leaves the read-only configMap out", () => {
    const [target] = targetsOf({});
    const pod = derivePod(target, TOKEN, 0);
    const [claim, ...others] = docs(pod.yaml);
    expect(claim).toMatchObject({ kind: 'PersistentVolumeClaim', metadata: { name: `nonroot-verify-${TOKEN}-0-0` } });
    expect(others.map((d) => d.kind)).toEqual(['Pod']);
    const spec = podSpec(pod.yaml);
    expect(spec.securityContext).toEqual({ runAsNonRoot: true });
    const [probe] = spec.containers as Obj[];
    expect(probe).toMatchObject({
      name: 'api',
      image: target.build.image,
      imagePullPolicy: 'IfNotPresent',
      volumeMounts: [{ name: 'v0', mountPath: '/var/lib/ledger' }],
    });
    expect((probe.command as string[]).slice(0, 2)).toEqual(['sh', '-c']);
    expect(spec.volumes).toEqual([{ name: 'v0', persistentVolumeClaim: { claimName: `nonroot-verify-${TOKEN}-0-0` } }]);
    // No fsGroup: the claim stays root's 0755, as a fresh volume is.
    expect(pod.mounts).toMatchObject([
      { path: '/var/lib/ledger', type: 'persistentVolumeClaim', claim: 'ledger-journal', gid: 0, mode: '755' },
    ]);
    expect((spec.initContainers as Obj[])[0].command).toEqual(['sh', '-c', expect.stringContaining("v '/var/lib/ledger' 0 755")]);
    expect(pod.expected).toEqual({ uid: undefined, gid: undefined });
    expect(pod.container).toBe(`nonroot-verify-${TOKEN}-0-api`);
  });

  it('fsGroup: the volumes its group with g+rwx and setgid, and a supplementary group of the container', () => {
    const text = fixtureRepo('played').files['k8s/base/deployment.yaml'].replace(
      'runAsNonRoot: true   # the image ends with `USER ledger`',
      'runAsNonRoot: true\n        runAsUser: 10001\n        runAsGroup: 10001\n        fsGroup: 10001',
    );
    const [target] = targetsOf({ 'k8s/base/deployment.yaml': text });
    const pod = derivePod(target, TOKEN, 1);
    expect(pod.mounts[0]).toMatchObject({ gid: 10001, mode: '2775' });
    expect(podSpec(pod.yaml).securityContext).toMatchObject({ runAsUser: 10001, fsGroup: 10001, supplementalGroups: [10001] });
    expect(pod.expected).toEqual({ uid: 10001, gid: 10001 });
  });

  it('arbitrary: the UID OpenShift assigns, group 0, and its fsGroup', () => {
    const [target] = targetsOf({});
    const pod = derivePod(target, TOKEN, 0, ARBITRARY_UID);
    expect(podSpec(pod.yaml).securityContext).toMatchObject({ runAsUser: ARBITRARY_UID, runAsGroup: 0, fsGroup: ARBITRARY_UID });
    expect(pod.expected).toEqual({ uid: ARBITRARY_UID, gid: 0 });
    expect(pod.mounts[0]).toMatchObject({ gid: ARBITRARY_UID, mode: '2775' });
  });

  it('the kubelet hands volumes over: a claim 0755, an emptyDir 0777, fsGroup never on a hostPath', () => {
    expect(kubeletOwner('persistentVolumeClaim', undefined)).toEqual({ gid: 0, mode: '755' });
    expect(kubeletOwner('emptyDir', undefined)).toEqual({ gid: 0, mode: '777' });
    expect(kubeletOwner('emptyDir', 7)).toEqual({ gid: 7, mode: '2777' });
    expect(kubeletOwner('hostPath', 7)).toEqual({ gid: 0, mode: '755' });
  });
});

describe('verify kube: the probe, run by sh here', () => {
  it('a line per place: $HOME and each mount, taken or refused with its owner', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-kube-probe-'));
    const mounts = [{ path: home }, { path: path.join(home, 'missing') }] as PlayedMount[];
    const ran = spawnSync('sh', ['-c', kubeProbeScript(TOKEN, mounts)], { encoding: 'utf8', env: { ...process.env, HOME: home } });
    const answer = readKubeAnswer(ran.stdout);
    fs.rmSync(home, { recursive: true, force: true });
    expect(answer.ran).toBe(true);
    expect(answer.id).toEqual({ uid: process.getuid!(), gid: process.getgid!() });
    expect(answer.home).toBe(home);
    expect(answer.places).toEqual([
      { kind: 'home', path: home, ok: true },
      { kind: 'mount', path: home, ok: true },
      { kind: 'mount', path: path.join(home, 'missing'), ok: false, owner: 'missing' },
    ]);
  });
});

describe('verify kube: the rows', () => {
  const [target] = targetsOf({});
  const pod = derivePod(target, TOKEN, 0);
  const seen = (over: Partial<KubeSeen>): KubeSeen => ({
    target,
    arbitrary: false,
    imageUser: 'ledger',
    build: { ok: true, seconds: 1, output: '' },
    play: { ok: true, output: '' },
    pod,
    answer: readKubeAnswer(
      [
        'NR begin',
        'NR id 999:999',
        'NR groups 999',
        'NR home /home/ledger',
        'NR takes home /home/ledger',
        'NR refuses mount 0:0:755 /var/lib/ledger',
      ].join('\n'),
    ),
    ...over,
  });

  it("a named USER under runAsNonRoot: the kubelet's refusal at the manifest line; a claim without fsGroup", () => {
    const rows = judgeKube(seen({}));
    expect(rows.map((r) => [r.title, r.status])).toEqual([
      ['kubelet accepts runAsNonRoot', 'fail'],
      ['plays', 'ok'],
      ["runs as the manifest's IDs", 'info'],
      ['$HOME takes a file', 'ok'],
      ['/var/lib/ledger takes a file', 'fail'],
    ]);
    expect(rows[0]).toMatchObject({ detail: expect.stringContaining('non-numeric user (ledger)'), where: 'k8s/base/deployment.yaml:18' });
    expect(rows[4]).toMatchObject({ where: 'k8s/base/deployment.yaml:25', fix: expect.stringContaining('fsGroup') });
  });

  it('not run here: the static row, and the reason; the report never counts it as passed', () => {
    const rows = judgeKube(seen({ notRun: 'podman is not installed' }));
    expect(rows.map((r) => [r.check, r.status])).toEqual([
      ['kubelet', 'fail'],
      ['play', 'info'],
    ]);
    const ok = judgeKube(seen({ notRun: 'podman is not installed', imageUser: '10001:10001' }));
    const verdict = {
      folder: '/x',
      engine: { name: 'docker', rootless: false, desktop: false },
      host: { uid: 1500, gid: 1500 },
      services: [],
      kept: [],
      plan: {} as Verdict['plan'],
      kube: [{ name: 'kube Deployment ledger-api', where: target.where, rows: ok }],
    } as Verdict;
    expect(notRun(verdict)).toEqual(['kube Deployment ledger-api']);
    expect(textReport(verdict)).toMatch(/· plays +not run: podman is not installed\n[\s\S]*not run here: kube Deployment ledger-api/);
    expect(JSON.parse(jsonReport(verdict))).toMatchObject({ ok: true, notRun: ['kube Deployment ledger-api'] });
  });

  it('a runAsUser the image does not bake: $HOME refused, and the fix names both UIDs', () => {
    const text = fixtureRepo('played').files['k8s/base/deployment.yaml'].replace(
      '# the image ends with `USER ledger`',
      '\n        runAsUser: 2000',
    );
    const [other] = targetsOf({ 'k8s/base/deployment.yaml': text });
    const answer = readKubeAnswer(
      'NR begin\nNR id 2000:0\nNR groups 0\nNR home /\nNR refuses home 0:0:755 /\nNR takes mount /var/lib/ledger',
    );
    const rows = judgeKube(seen({ target: other, pod: derivePod(other, TOKEN, 0), imageUser: '10001:10001', answer }));
    expect(rows.find((r) => r.check === 'id')).toMatchObject({ status: 'ok', detail: '2000:0' });
    expect(rows.find((r) => r.check === 'home')).toMatchObject({
      status: 'fail',
      fix: expect.stringMatching(/runAsUser 2000 .* bakes \(10001\)/),
    });
  });
});
