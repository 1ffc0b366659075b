// --kubernetes through the bin: a new project gets a k8s/ kustomize folder whose manifests validate
// against the Kubernetes schema and pass Pod Security "restricted", with the IDs the Dockerfile
// bakes for a plain `docker build`; a repo with manifests and a `helm create` chart gets the
// securityContext we own merged in place, every other line kept; OpenShift's arbitrary UIDs get no
// fixed IDs; a rerun writes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { checkRestricted } from '../../src/core/kube/restricted.js';
import { lostLines, readTree, runBin } from '../support/corpus.js';
import { validateKube } from '../support/arbitraries/manifest.js';

type Obj = Record<string, unknown>;
const KUBE = fileURLToPath(new URL('../fixtures/kube', import.meta.url));
const env = { ...process.env, NONROOT_ENGINE_INFO: 'none' };

function folder(from?: string): string {
  const dir = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'nonroot-kube-'));
  const repo = path.join(dir, 'shop');
  if (from) fs.cpSync(path.join(KUBE, from), repo, { recursive: true });
  else fs.mkdirSync(repo);
  return repo;
}
const objects = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as Obj);
const podOf = (deployment: Obj) => ((deployment.spec as Obj).template as Obj).spec as Obj;
const again = (dir: string, args: string[]) => {
  const before = readTree(dir);
  const run = runBin(dir, ['--yes', ...args], env);
  expect(run.status).toBe(0);
  expect(run.output.split('\n').filter((l) => /^\s*(create|force|conflict)\s/.test(l))).toEqual([]);
  expect(readTree(dir)).toEqual(before);
};

it('a new project: k8s/ manifests that validate, pass "restricted" and run as the IDs a plain docker build bakes', () => {
  const dir = folder();
  const run = runBin(dir, ['--yes', '--kubernetes', '--volumes', '/data', '--username', 'ana'], env);
  expect(run.status).toBe(0);
  const files = fs.readdirSync(path.join(dir, 'k8s')).sort();
  expect(files).toEqual(['deployment.yaml', 'kustomization.yaml', 'pvc-data.yaml']);
  for (const file of files)
    for (const object of objects(fs.readFileSync(path.join(dir, 'k8s', file), 'utf8')))
      // kubernetes-models has no schema for kustomize's own config: its resources are checked below.
      if (object.kind !== 'Kustomization') expect(validateKube(object)).toEqual([]);
  const [deployment] = objects(fs.readFileSync(path.join(dir, 'k8s/deployment.yaml'), 'utf8'));
  expect(checkRestricted(podOf(deployment))).toEqual([]);
  expect(podOf(deployment).securityContext).toMatchObject({
    runAsUser: 10001,
    runAsGroup: 10001,
    fsGroup: 10001,
    fsGroupChangePolicy: 'OnRootMismatch',
  });
  const dockerfile = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
  expect(dockerfile).toContain('ARG UID=10001\nARG GID=10001\n');
  expect(run.output).toMatch(
    /docker build --build-arg UID=10001 --build-arg GID=10001 -f Dockerfile -t shop-app:cluster \.\s+# the image for the cluster/,
  );
  expect(run.output).toMatch(/kubectl apply -k k8s/);
  again(dir, []);
  fs.rmSync(path.dirname(dir), { recursive: true, force: true });
});

it('OpenShift (arbitrary): runAsNonRoot and no fixed runAsUser, runAsGroup or fsGroup', () => {
  const dir = folder();
  const run = runBin(dir, ['--yes', '--kubernetes', '--id-strategy', 'arbitrary', '--volumes', '/data', '--username', 'ana'], env);
  expect(run.status).toBe(0);
  const [deployment] = objects(fs.readFileSync(path.join(dir, 'k8s/deployment.yaml'), 'utf8'));
  const pod = podOf(deployment);
  expect(checkRestricted(pod)).toEqual([]);
  expect(Object.keys(pod.securityContext as Obj).filter((k) => ['runAsUser', 'runAsGroup', 'fsGroup'].includes(k))).toEqual([]);
  fs.rmSync(path.dirname(dir), { recursive: true, force: true });
});

it('a repo with kustomize manifests: the workload of the image it builds is fixed in place, every other line kept', () => {
  const dir = folder('kustomize-overlays');
  const before = readTree(dir);
  const run = runBin(dir, ['--yes', '--force', '--username', 'dev'], env);
  expect(run.status).toBe(0);
  expect(run.output).toMatch(/Kubernetes: k8s\/base\/deployment\.yaml: the securityContext of the workloads that run an image built here/);
  const after = readTree(dir);
  const manifests = Object.keys(before).filter((f) => f.startsWith('k8s/'));
  for (const file of manifests) expect([file, lostLines(file, before[file], after[file])]).toEqual([file, []]);
  const [deployment] = objects(after['k8s/base/deployment.yaml']);
  expect(checkRestricted(podOf(deployment))).toEqual([]);
  // The overlays and the kustomizations are not workloads of ours: untouched.
  expect(manifests.filter((f) => f !== 'k8s/base/deployment.yaml' && after[f] !== before[f])).toEqual([]);
  again(dir, ['--username', 'dev']);
  fs.rmSync(path.dirname(dir), { recursive: true, force: true });
});
