// The Kubernetes manifests the generator writes and adopts, played with rootless `podman kube play`
// as an unprivileged UID-1500 host user (issue 24's proof): a new project with --kubernetes
// --volumes /data, an existing repo with kustomize manifests and a `helm create` chart (before and
// after adoption), and OpenShift's arbitrary UIDs. Each image is built as the generated files say;
// the test plays its own small probe pod (support/kube-look.ts, not verify's code) and looks at who it
// runs as and whether $HOME and each writable mount take a file, and `verify` runs beside it as the
// same user: its Kubernetes rows must say what the test saw, ✗ included.
//
// The lab's Podman for it (support/kube-look.ts) maps OpenShift's UIDs.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASES, BIN, describeEngine, dockerGid, run, type HostUser } from './support/lab.js';
import { makeOffline } from './support/offline.js';
import type { Rootless } from './support/rootless.js';
import { look as lookAt, OPENSHIFT_UID, startClusterPodman, workload } from './support/kube-look.js';

const HOST: HostUser = { uid: 1500, gid: 1500 };
const FIXTURE = fileURLToPath(new URL('../fixtures/kube/played', import.meta.url));

/** Async tests (verify runs beside the look) get jest's 5 s by default; the file's budget is 100 s in all. */
const TIMEOUT = 60_000;

describeEngine('Kubernetes manifests played with rootless Podman, as host user 1500', () => {
  let podman: Rootless;
  let stopPodman = () => {};
  const made: string[] = [];

  beforeAll(() => {
    ({ podman, stop: stopPodman } = startClusterPodman(HOST));
    podman.load(BASES.debian);
  });

  afterAll(() => {
    stopPodman();
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A folder of the user's, as a checkout is; `from`: a copy of the fixture, made buildable offline. */
  function checkout(from?: string): string {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-e2e-kube-'));
    made.push(parent);
    const dir = path.join(parent, 'shop');
    if (from) {
      fs.cpSync(from, dir, { recursive: true });
      makeOffline(dir);
    } else fs.mkdirSync(dir);
    run('chown', ['-R', `${HOST.uid}:${HOST.gid}`, parent]);
    return dir;
  }
  const generator = (dir: string, flags: string[]) => {
    const ran = podman.as(process.execPath, [BIN, '--yes', '--builder-image', BASES.busybox, ...flags], {
      cwd: dir,
      env: { NONROOT_ENGINE_INFO: 'none' },
    });
    return ran.stdout + ran.stderr;
  };

  const look = (dir: string, file: string, image: string, arbitrary = false) => lookAt(podman, dir, file, image, arbitrary);

  /** `docker build …` as a generated file or the run's next steps say it, run with podman (no network here). */
  function build(dir: string, command: string): string {
    const words = command.trim().split(/\s+/);
    expect(words.slice(0, 2)).toEqual(['docker', 'build']);
    podman.as('podman', ['build', '--network', 'none', '-q', ...words.slice(2)], { cwd: dir });
    const tag = words[words.indexOf('-t') + 1];
    return tag.includes('/') && tag.split('/')[0].includes('.') ? tag : `localhost/${tag}`;
  }

  /**
   * verify as the user, started without waiting: it plays its pod while the test plays its own
   * (two cores; the budget is tight). Its Kubernetes rows as `title: status`, and nothing of its
   * own left behind.
   */
  function verify(dir: string): Promise<Record<string, string>> {
    const argv = [`--reuid=${HOST.uid}`, `--regid=${HOST.gid}`, `--groups=${dockerGid()}`, '--'];
    const child = spawn('setpriv', [...argv, process.execPath, BIN, 'verify', '--service', 'kube', '--format', 'json'], {
      cwd: dir,
      env: podman.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    return new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (status) => {
        try {
          const json = JSON.parse(stdout) as { ok: boolean; notRun: string[]; kube: { rows: { title: string; status: string }[] }[] };
          expect(status).toBe(json.ok ? 0 : 1);
          expect(json.notRun).toEqual([]);
          expect(json.kube).toHaveLength(1);
          const left = ['ps -a --format {{.Names}}', 'volume ls -q', 'images --format {{.Repository}}']
            .map((args) => podman.as('podman', args.split(' ')).stdout)
            .join('');
          expect(left).not.toMatch(/nonroot-verify/);
          resolve(Object.fromEntries(json.kube[0].rows.map((r) => [r.title, r.status])));
        } catch (error) {
          reject(new Error(`${(error as Error).message}\n--- verify's stdout\n${stdout}\n--- stderr\n${stderr}`));
        }
      });
    });
  }
  const yes = (value: string | undefined) => (value === 'yes' ? 'ok' : 'fail');

  let fresh = '';
  let freshImage = '';
  it(
    'a new project (--kubernetes --volumes /data): the pod runs as 10001:10001, $HOME and /data take a file; verify agrees',
    async () => {
      fresh = checkout();
      generator(fresh, [
        '--kubernetes',
        '--volumes',
        '/data',
        '--id-strategy',
        'build-arg',
        '--base-image',
        BASES.debian,
        '--username',
        'dev',
      ]);
      const manifest = path.join(fresh, 'k8s/deployment.yaml');
      const command = /^#\s+(docker build .*)$/m.exec(fs.readFileSync(manifest, 'utf8'))![1];
      expect(command).toBe('docker build --build-arg UID=10001 --build-arg GID=10001 -f Dockerfile -t shop-app:cluster .');
      freshImage = build(fresh, command);
      // One after the other this once: the first `kube play` builds Podman's infra image.
      const seen = look(fresh, manifest, freshImage);
      expect(seen).toMatchObject({
        UID: '10001',
        GID: '10001',
        HOME: '/home/dev',
        HOME_TAKES: 'yes',
        'MOUNT/data': 'yes',
        KUBELET: 'starts',
      });
      expect(await verify(fresh)).toEqual({
        'kubelet accepts runAsNonRoot': 'ok',
        plays: 'ok',
        "runs as the manifest's IDs": 'ok',
        '$HOME takes a file': yes(seen.HOME_TAKES),
        '/data takes a file': yes(seen['MOUNT/data']),
      });
    },
    TIMEOUT,
  );

  it(
    'broken on purpose: runAsUser 2000, a UID the image does not bake, cannot write $HOME; verify says ✗ as the look fails',
    async () => {
      const manifest = path.join(fresh, 'k8s/deployment.yaml');
      fs.writeFileSync(manifest, fs.readFileSync(manifest, 'utf8').replace('runAsUser: 10001', 'runAsUser: 2000'));
      const verifying = verify(fresh);
      const seen = look(fresh, manifest, freshImage);
      // fsGroup still gives it the claim: the volume is 10001's group, and 2000 is in that group.
      expect(seen).toMatchObject({ UID: '2000', GID: '10001', 'MOUNT/data': 'yes' });
      expect(seen.HOME_TAKES).toBeUndefined();
      expect(await verifying).toEqual({
        'kubelet accepts runAsNonRoot': 'ok',
        plays: 'ok',
        "runs as the manifest's IDs": 'ok',
        '$HOME takes a file': 'fail',
        '/data takes a file': 'ok',
      });
    },
    TIMEOUT,
  );

  it(
    'kustomize manifests and a helm chart: the refusal and a root claim before adoption (check, look, verify), none after',
    async () => {
      const dir = checkout(FIXTURE);
      const check = () => JSON.parse(podman.as(process.execPath, [BIN, 'check', '--format', 'json'], { cwd: dir, check: false }).stdout);
      const errors = (report: { findings: { rule: string; severity: string }[] }) =>
        report.findings.filter((f) => f.severity === 'error').map((f) => f.rule);
      expect(errors(check())).toEqual(['NR501']);
      const manifest = path.join(dir, 'k8s/base/deployment.yaml');
      const image = build(dir, 'docker build -f Dockerfile -t ledger/api:2.3.0 .');
      const verifying = verify(dir);
      const before = look(dir, manifest, image);
      expect(before).toMatchObject({ KUBELET: 'refuses USER ledger', HOME: '/home/ledger', HOME_TAKES: 'yes' });
      expect(before['MOUNT/var/lib/ledger']).toBeUndefined();
      expect(await verifying).toEqual({
        'kubelet accepts runAsNonRoot': 'fail',
        plays: 'ok',
        "runs as the manifest's IDs": 'info',
        '$HOME takes a file': 'ok',
        '/var/lib/ledger takes a file': 'fail',
      });

      const said = generator(dir, ['--force', '--id-strategy', 'build-arg']);
      expect(errors(check())).toEqual([]);
      const rerun = generator(dir, ['--id-strategy', 'build-arg']);
      expect(rerun.split('\n').filter((l) => /^\s*(create|force|conflict)\s/.test(l))).toEqual([]);
      const command = /(docker build --build-arg UID=10001 --build-arg GID=10001 -f Dockerfile -t ledger\/api:2\.3\.0 \.)/.exec(said)![1];
      const adopted = build(dir, command);
      const verifyingAfter = verify(dir);
      const after = look(dir, manifest, adopted);
      expect(after).toMatchObject({ KUBELET: 'starts', UID: '10001', GID: '10001', HOME_TAKES: 'yes', 'MOUNT/var/lib/ledger': 'yes' });
      expect(await verifyingAfter).toEqual({
        'kubelet accepts runAsNonRoot': 'ok',
        plays: 'ok',
        "runs as the manifest's IDs": 'ok',
        '$HOME takes a file': 'ok',
        '/var/lib/ledger takes a file': 'ok',
      });
    },
    TIMEOUT,
  );

  it(
    'OpenShift (--id-strategy arbitrary --kubernetes): as UID 1000680000 in group 0, $HOME and /data take a file; verify too',
    async () => {
      const dir = checkout();
      generator(dir, [
        '--kubernetes',
        '--volumes',
        '/data',
        '--id-strategy',
        'arbitrary',
        '--base-image',
        BASES.debian,
        '--username',
        'dev',
      ]);
      const manifest = path.join(dir, 'k8s/deployment.yaml');
      expect(JSON.stringify(workload(manifest).pod.securityContext)).not.toMatch(/runAsUser|runAsGroup|fsGroup"/);
      const command = /^#\s+(docker build .*)$/m.exec(fs.readFileSync(manifest, 'utf8'))![1];
      const image = build(dir, command);
      const verifying = verify(dir);
      const seen = look(dir, manifest, image, true);
      expect(seen).toMatchObject({ UID: String(OPENSHIFT_UID), GID: '0', HOME: '/home/dev', HOME_TAKES: 'yes', 'MOUNT/data': 'yes' });
      expect(await verifying).toEqual({
        'kubelet accepts runAsNonRoot': 'ok',
        plays: 'ok',
        'runs as an arbitrary UID, group 0': 'ok',
        '$HOME takes a file': yes(seen.HOME_TAKES),
        '/data takes a file': yes(seen['MOUNT/data']),
      });
    },
    TIMEOUT,
  );
});
