#!/usr/bin/env node
// Image benchmark on a real engine (scripts/lab/*.sh set one up), printing figures:
//  1. per base and UID, what the generated user block adds to the image (goal <= 64 KiB, even
//     for UID 1234567890, where a useradd without -l writes gigabytes of sparse lastlog);
//  2. after changing only the UID, how many layers before the user block miss the cache (goal 0),
//     with a slow step placed where the Dockerfile says slow steps go, under both builders.
// Usage: npm run bench:image
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const BASES = {
  debian: 'nonroot-lab/debian:trixie',
  uid1000: 'nonroot-lab/debian-uid1000:trixie',
  busybox: 'nonroot-lab/busybox:1.35',
  distroless: 'nonroot-lab/distroless:latest',
};
const UIDS = [1000, 1500, 1234567890];
// The 28.x client preinstalled at /usr/local/bin has no buildx plugin, so its BuildKit builds fail;
// Debian's 20.10 client (from docker.io) drives the engine's built-in BuildKit.
const DOCKER = fs.existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';
const MARKER = '# >>> generator-nonroot:user';

function sh(argv, options = {}) {
  const result = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  if (result.status !== 0) throw new Error(`${argv.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout + result.stderr;
}
const size = (image) => Number(sh([DOCKER, 'image', 'inspect', '-f', '{{.Size}}', image]).trim());

function generate(base, uid) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-bench-image-'));
  sh(
    [
      process.execPath,
      path.join(root, 'generators/cli.js'),
      '--yes',
      '--base-image',
      BASES[base],
      '--builder-image',
      BASES.busybox,
      '--id-strategy',
      'fixed',
      '--uid',
      String(uid),
      '--gid',
      String(uid),
      '--username',
      'dev',
    ],
    { cwd: dir },
  );
  return dir;
}

function build(dir, tag, { buildkit = true, args = [] } = {}) {
  return sh(
    [DOCKER, 'build', '--progress=plain', '-t', tag, ...args, dir].filter((a) => buildkit || a !== '--progress=plain'),
    {
      env: { ...process.env, DOCKER_BUILDKIT: buildkit ? '1' : '0' },
    },
  );
}

console.log('1. bytes the user block adds (image size - base size), BuildKit');
console.log(`${'base'.padEnd(12)}${UIDS.map((u) => `UID ${u}`.padStart(18)).join('')}`);
let worst = 0;
for (const base of Object.keys(BASES)) {
  const cells = UIDS.map((uid) => {
    const dir = generate(base, uid);
    const tag = `nonroot-bench/${base}:${uid}`;
    build(dir, tag);
    const added = size(tag) - size(BASES[base]);
    worst = Math.max(worst, added);
    sh([DOCKER, 'rmi', tag]);
    fs.rmSync(dir, { recursive: true, force: true });
    return `${(added / 1024).toFixed(1)} KiB`.padStart(18);
  });
  console.log(`${base.padEnd(12)}${cells.join('')}`);
}
console.log(`goal <= 64 KiB for every base and UID: ${worst <= 64 * 1024 ? 'met' : 'NOT met'} (largest ${(worst / 1024).toFixed(1)} KiB)`);

// BuildKit prints `#N [stage k/n] INSTRUCTION` then `#N CACHED` for hits; the classic builder
// prints `Step k/n : INSTRUCTION` then ` ---> Using cache`. Count the steps above the user block
// (FROM excluded: it is never rebuilt) that did not come from the cache.
function missesBeforeUserBlock(output, buildkit) {
  if (buildkit) {
    const steps = [...output.matchAll(/^#(\d+) \[[^\]]*\d+\/\d+\] (.*)$/gm)].map((m) => ({ id: m[1], text: m[2] }));
    const before = steps
      .slice(
        0,
        steps.findIndex((s) => s.text.includes('create-user.sh')),
      )
      .filter((s) => !s.text.startsWith('FROM'));
    return before.filter((s) => !new RegExp(`^#${s.id} CACHED$`, 'm').test(output)).length;
  }
  const steps = output.split(/^Step \d+\/\d+ : /m).slice(1);
  const before = steps
    .slice(
      0,
      steps.findIndex((s) => s.includes('create-user.sh')),
    )
    .filter((s) => !s.startsWith('FROM') && !s.startsWith('ARG'));
  return before.filter((s) => !s.includes('Using cache')).length;
}

console.log('\n2. layers before the user block that missed the cache after changing only the UID (1500 -> 1600)');
for (const base of ['debian', 'busybox']) {
  for (const buildkit of [true, false]) {
    const dir = generate(base, 1500);
    const dockerfile = path.join(dir, 'Dockerfile');
    const slow = `RUN sleep 2 && echo "a slow step, e.g. package installs" > /slow-step\n\n${MARKER}`;
    fs.writeFileSync(dockerfile, fs.readFileSync(dockerfile, 'utf8').replace(MARKER, slow));
    const tag = `nonroot-bench/cache-${base}:${buildkit ? 'buildkit' : 'classic'}`;
    build(dir, tag, { buildkit });
    const start = Date.now();
    const output = build(dir, tag, { buildkit, args: ['--build-arg', 'UID=1600', '--build-arg', 'GID=1600'] });
    const rebuilt = ((Date.now() - start) / 1000).toFixed(1);
    console.log(
      `${base.padEnd(8)} ${(buildkit ? 'BuildKit' : 'classic').padEnd(9)} missed: ${missesBeforeUserBlock(output, buildkit)} (goal 0), ` +
        `rebuild took ${rebuilt} s with a 2 s slow step`,
    );
    sh([DOCKER, 'rmi', tag]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
