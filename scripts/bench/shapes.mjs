#!/usr/bin/env node
// What taking over an app's own user costs, per app shape (test/fixtures/shapes/), on a real engine.
// Two ways to make `chown -R node:node` and friends land on the host's IDs are compared:
//  - hoist (what the generator does): the user block goes above the first step that uses the user,
//    which then gives its files to the re-IDed user directly;
//  - re-own: the block stays below the last root step and re-owns what those steps gave the old
//    UID (`find -user OLD -exec chown`), a second copy of those files in the block's layer.
// For each: the bytes the generator's lines add to the image (its size minus the same Dockerfile
// built as it was; the build context carries 8 MiB of app files), and the build steps that run again
// when only the UID changes.
// Usage: npm run bench:image (after npm run build; the lab's base images must exist).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildContext, forImage } from '../../generators/app/context.js';
import { mergeDockerfile } from '../../generators/app/merge/dockerfile.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SHAPES = path.join(root, 'test/fixtures/shapes');
// Debian's 20.10 client drives the engine's built-in BuildKit (the 28.x one needs buildx).
const DOCKER = fs.existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';
const PAYLOAD = 8 << 20;

function sh(argv, options = {}) {
  const result = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  if (result.status !== 0) throw new Error(`${argv.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout + result.stderr;
}
const size = (image) => Number(sh([DOCKER, 'image', 'inspect', '-f', '{{.Size}}', image]).trim());
const build = (dir, tag, uid) =>
  sh([DOCKER, 'build', '--progress=plain', '-t', tag, ...(uid ? ['--build-arg', `UID=${uid}`, '--build-arg', `GID=${uid}`] : []), dir], {
    env: { ...process.env, DOCKER_BUILDKIT: '1' },
  });
/** BuildKit prints `#N [k/n] STEP`, then `#N CACHED` for a hit: the steps (FROM aside) that ran again. */
const ran = (output) =>
  [...output.matchAll(/^#(\d+) \[[^\]]*\d+\/\d+\] (.*)$/gm)].filter(
    (m) => !m[2].startsWith('FROM') && !new RegExp(`^#${m[1]} CACHED$`, 'm').test(output),
  ).length;

/** The Dockerfile as the generator writes it for this shape, its user kept, the block placed one way or the other. */
function adopted(text, user, hoist) {
  const answers = {
    baseImage: 'debian:trixie-slim',
    username: user,
    idStrategy: 'build-arg',
    service: 'app',
    workspace: '/workspace',
    sudo: false,
    builderImage: 'nonroot-lab/busybox:1.35',
    volumes: '',
  };
  const ctx = buildContext({
    answers,
    host: { uid: 1500, gid: 1500, login: user },
    layout: {},
    explicit: { service: false, workspace: false },
    names: ['app', 'src'],
  });
  const image = ctx.place.images[0];
  return mergeDockerfile(text, forImage(ctx, image), 'Dockerfile', [undefined], false, { hoist });
}

const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`.padStart(12);
console.log("Taking over the app's own user: bytes the generator adds to the image, and steps rebuilt when only the UID changes");
console.log(
  `${'shape'.padEnd(26)}${'hoist: bytes'.padStart(14)}${'re-own: bytes'.padStart(15)}` +
    `${'hoist: steps'.padStart(14)}${'re-own: steps'.padStart(15)}`,
);
for (const file of fs.readdirSync(SHAPES).filter((f) => f.endsWith('.json'))) {
  const name = file.slice(0, -5);
  const { user } = JSON.parse(fs.readFileSync(path.join(SHAPES, file), 'utf8'));
  const original = fs.readFileSync(path.join(SHAPES, name, 'Dockerfile'), 'utf8');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-bench-shape-'));
  fs.cpSync(path.join(SHAPES, name), dir, { recursive: true });
  fs.mkdirSync(path.join(dir, '.nonroot'));
  fs.copyFileSync(path.join(root, 'templates/nonroot/create-user.sh'), path.join(dir, '.nonroot/create-user.sh'));
  // An app of 8 MiB (sources, assets): what a second copy of the app's files would cost.
  fs.writeFileSync(path.join(dir, 'payload.bin'), Buffer.alloc(PAYLOAD, 7));
  const tag = `nonroot-bench/shape-${name}`;
  try {
    build(dir, `${tag}:original`);
    const base = size(`${tag}:original`);
    // UIDs of their own per variant and per run: a step built before is never a cache hit here.
    const cells = [true, false].map((hoist) => {
      fs.writeFileSync(path.join(dir, 'Dockerfile'), adopted(original, user, hoist));
      const variant = `${tag}:${hoist ? 'hoist' : 'reown'}`;
      const uid = 100000 + 2 * Math.floor(Math.random() * 1e6);
      build(dir, `${variant}-1`, uid);
      const added = size(`${variant}-1`) - base;
      return { added, steps: ran(build(dir, `${variant}-2`, uid + 1)) };
    });
    console.log(
      `${name.padEnd(26)}${kib(cells[0].added).padStart(14)}${kib(cells[1].added).padStart(15)}` +
        `${String(cells[0].steps).padStart(14)}${String(cells[1].steps).padStart(15)}`,
    );
  } finally {
    const tags = ['original', 'hoist-1', 'hoist-2', 'reown-1', 'reown-2'].map((t) => `${tag}:${t}`);
    spawnSync(DOCKER, ['rmi', '-f', ...tags], { encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
