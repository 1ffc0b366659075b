// Plays the repo's Kubernetes workloads with rootless Podman (`podman kube play`,
// https://docs.podman.io/en/latest/markdown/podman-kube-play.1.html), as this user: for each
// container of an image the repo builds, the image built as the generated files say, then a Pod of
// verify's own (kube-pod.ts) played without a network, waited for, and its probe's answer read
// from `podman logs`. Only rootless Podman: as root, or without Podman, the rows say why they were
// not run. Whatever happens, the pods, their volumes and (unless --keep) the images go.
import fs from 'node:fs';
import path from 'node:path';
import { builtImages } from '../core/kube/built.js';
import type { RepoModel } from '../core/layout/model.js';
import type { Cleanup } from './devcontainer.js';
import { spawnAsync } from './engine-run.js';
import { judgeKube, type KubeRow, type KubeSeen } from './kube-judge.js';
import { arbitraryUid, planKube, type KubeBuild, type KubeTarget } from './kube-plan.js';
import { derivePod, readKubeAnswer } from './kube-pod.js';
import type { Progress } from './progress.js';

/** One played container's rows in the report. */
export interface KubeGroup {
  name: string;
  where: string;
  rows: KubeRow[];
}

export interface KubeGiven {
  folder: string;
  model: RepoModel;
  token: string;
  /** The stored strategy builds for arbitrary UIDs in group 0 (OpenShift). */
  arbitrary: boolean;
  /** verify's scratch folder (removed by run.ts): the pods' YAML goes there. */
  scratch: string;
  /** Called before anything is made, so that an interrupted run cleans up too. */
  register(cleanup: Cleanup): void;
}

/**
 * Whether rootless Podman answers for this user, and how many container UIDs its user namespace
 * maps (the arbitrary UID must be one of them); else why the manifests cannot be played here.
 */
export async function podmanHere(folder: string): Promise<{ mapped: number } | { notRun: string }> {
  if (process.getuid?.() === 0)
    return {
      notRun:
        'verify runs as root here, and rootless Podman plays the manifests as a user: run verify as the user who works in this folder',
    };
  const info = await spawnAsync(['podman', 'info', '--format', 'json'], folder, 30_000);
  if (info.status === null) return { notRun: 'podman is not installed: verify plays the manifests with rootless podman kube play' };
  if (info.status !== 0) return { notRun: `podman info failed: ${info.stderr.trim().split('\n').at(-1) ?? ''}` };
  try {
    const host = (JSON.parse(info.stdout) as { host?: { security?: { rootless?: boolean }; idMappings?: Record<string, unknown> } }).host;
    if (host?.security?.rootless !== true)
      return { notRun: 'podman is not rootless here: verify plays the manifests with rootless Podman only' };
    const size = (map: unknown) => (Array.isArray(map) ? map.reduce((sum: number, m: { size?: number }) => sum + (m.size ?? 0), 0) : 0);
    return { mapped: Math.min(size(host.idMappings?.uidmap), size(host.idMappings?.gidmap)) };
  } catch {
    return { notRun: 'podman info did not answer in JSON' };
  }
}

export async function verifyKube(given: KubeGiven, progress: Progress): Promise<KubeGroup[]> {
  const { folder, model, token } = given;
  const targets = planKube({
    token,
    workloads: model.kube.workloads,
    built: builtImages(model),
    read: (file) => model.repo.read(file),
  });
  if (targets.length === 0) return [];
  const group = (target: KubeTarget, seen: Omit<KubeSeen, 'target' | 'arbitrary'>): KubeGroup => ({
    name: `kube ${target.name}`,
    where: target.where,
    rows: judgeKube({ target, arbitrary: given.arbitrary, ...seen }),
  });
  const here = await podmanHere(folder);
  if ('notRun' in here) return targets.map((t) => group(t, { notRun: here.notRun }));

  const played: { file: string; volumes: string[] }[] = [];
  const built = new Map<KubeBuild, KubeSeen['build'] & { user?: string }>();
  const down = async (pod: { file: string; volumes: string[] }) => {
    await spawnAsync(['podman', 'kube', 'down', pod.file], folder, 120_000);
    if (pod.volumes.length > 0) await spawnAsync(['podman', 'volume', 'rm', '-f', ...pod.volumes], folder, 60_000);
  };
  const cleanup: Cleanup = {
    images: [],
    async run(keep) {
      for (const pod of played.splice(0)) await down(pod);
      cleanup.images = [...built.entries()].filter(([, b]) => b?.ok).map(([b]) => b.image);
      if (!keep && cleanup.images.length > 0) await spawnAsync(['podman', 'rmi', '-f', ...cleanup.images], folder, 120_000);
    },
  };
  given.register(cleanup);

  const groups: KubeGroup[] = [];
  for (const [index, target] of targets.entries()) {
    const build = built.get(target.build) ?? (await buildImage(target, folder, progress));
    built.set(target.build, build);
    if (!build.ok) {
      groups.push(group(target, { build }));
      continue;
    }
    const arbitrary = given.arbitrary ? arbitraryUid(here.mapped) : undefined;
    const pod = derivePod(target, token, index, arbitrary);
    const file = path.join(given.scratch, `${pod.pod}.yaml`);
    fs.writeFileSync(file, pod.yaml);
    const step = progress.start(`kube ${target.name}: podman kube play`);
    played.push({ file, volumes: pod.volumes });
    const ran = await spawnAsync(['podman', 'kube', 'play', '--network', 'none', file], folder, 300_000);
    let logs = '';
    if (ran.status === 0) {
      await spawnAsync(['podman', 'wait', pod.container], folder, 300_000);
      const read = await spawnAsync(['podman', 'logs', pod.container], folder, 60_000);
      logs = read.stdout + read.stderr;
    }
    const answer = readKubeAnswer(logs);
    step.end(answer.ran ? 'done' : 'could not run');
    // Each pod goes once read: volumes of many workloads never pile up.
    await down(played.pop()!);
    const play = { ok: ran.status === 0, output: ran.status === 0 ? logs : ran.stdout + ran.stderr };
    groups.push(group(target, { build, imageUser: build.user, play, pod, answer }));
  }
  return groups;
}

async function buildImage(target: KubeTarget, folder: string, progress: Progress) {
  const { build } = target;
  const step = progress.start(`kube ${target.name}: podman build`);
  const began = Date.now();
  const argv = ['podman', 'build', '--network', 'none', ...(build.target ? ['--target', build.target] : [])];
  for (const [key, value] of build.args) argv.push('--build-arg', `${key}=${value}`);
  const ran = await spawnAsync([...argv, '-f', build.dockerfile, '-t', build.image, build.context], folder);
  const result = {
    ok: ran.status === 0,
    seconds: (Date.now() - began) / 1000,
    output: ran.stdout + ran.stderr,
    user: undefined as string | undefined,
  };
  step.end(result.ok ? 'built' : `failed (exit ${ran.status})`);
  if (result.ok) {
    // The USER the kubelet reads from the image config (getImageUser), the build args applied.
    const inspect = await spawnAsync(['podman', 'image', 'inspect', '--format', '{{.Config.User}}', build.image], folder, 30_000);
    if (inspect.status === 0) result.user = inspect.stdout.trim();
  }
  return result;
}
