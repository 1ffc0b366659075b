#!/usr/bin/env node
// What the nonroot-remap Feature costs (the Dev Container's folders outside $HOME re-owned at start,
// after the Dev Containers CLI's UID remap): `devcontainer up` of the corpus' /opt/venv repo with the
// Feature, beside the same config with the Feature taken out, as the host user whose UID the remap
// changes (1000 -> 1500 here: run as root, it acts as a throwaway user 1500, as the e2e suite does);
// and the bytes its layer adds to the image. Each `up` starts from a new container.
// Usage: npm run bench:remap [-- runs]   (default 3 runs each; needs the lab: npm run lab)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyEdits, modify } from 'jsonc-parser';
import { median } from './nodes.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = path.join(root, 'node_modules/.bin/devcontainer');
const bin = path.join(root, 'generators/cli.js');
const runs = Number(process.argv[2] ?? 3);
const asRoot = process.getuid() === 0;
const uid = asRoot ? 1500 : process.getuid();
const sh = (argv, options = {}) => {
  const ran = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', ...options });
  if (ran.status !== 0) throw new Error(`${argv.join(' ')} exited ${ran.status}: ${ran.stderr}`);
  return ran.stdout;
};
const as = (argv) => (asRoot ? ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, `--groups=${dockerGid()}`, '--', ...argv] : argv);
const dockerGid = () => /^docker:[^:]*:(\d+):/m.exec(fs.readFileSync('/etc/group', 'utf8'))[1];

const made = [];
if (asRoot && spawnSync('getent', ['passwd', String(uid)]).status !== 0) {
  sh(['useradd', '-l', '-M', '-d', '/nonexistent', '-u', String(uid), '-G', 'docker', 'nonroot-bench-remap']);
  made.push('nonroot-bench-remap');
}
const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-bench-remap-'));
const images = new Set();
try {
  // The venv repo with its images swapped for the lab's, adopted by the user: with, then without the Feature.
  const dir = path.join(parent, 'venv');
  fs.cpSync(path.join(root, 'test/fixtures/repos/devc-dockerfile-python-opt-venv'), dir, { recursive: true });
  const dockerfile = path.join(dir, '.devcontainer/Dockerfile');
  fs.writeFileSync(dockerfile, fs.readFileSync(dockerfile, 'utf8').replace(/^FROM .*/m, 'FROM nonroot-lab/python:trixie'));
  fs.writeFileSync(path.join(dir, 'requirements.txt'), '');
  sh(['chown', '-R', `${uid}:${uid}`, parent]);
  sh(as([process.execPath, bin, '--yes', '--force', '--id-strategy', 'devcontainer']), { cwd: dir, env: { ...process.env, HOME: parent } });
  const config = path.join(dir, '.devcontainer/devcontainer.json');
  // Its postCreateCommand (`pip install -e .`) needs the network, which the lab has not: timed without it.
  const adopted = fs.readFileSync(config, 'utf8');
  const withFeature = applyEdits(adopted, modify(adopted, ['postCreateCommand'], undefined, {}));
  const up = () => {
    const began = performance.now();
    const out = sh(as([cli, 'up', '--workspace-folder', dir, '--remove-existing-container']), { env: { ...process.env, HOME: parent } });
    const ms = performance.now() - began;
    const result = JSON.parse(out.trim().split('\n').at(-1));
    const image = sh(['docker', 'inspect', '-f', '{{.Image}}', result.containerId]).trim();
    images.add(image);
    sh(['docker', 'rm', '-f', result.containerId]);
    return { ms, image };
  };
  const timed = (text) => {
    fs.writeFileSync(config, text);
    up(); // builds the images: the runs after it start from the cache, as a second `up` does
    return Array.from({ length: runs }, () => up());
  };
  const feature = timed(withFeature);
  const plain = timed(
    withFeature.replace(/,\s*"features":\s*\{[^{}]*\{[^{}]*\}\s*\}/, '').replace(/"containerUser": "root"/, '"containerUser": "app"'),
  );
  const size = (image) => Number(sh(['docker', 'image', 'inspect', '-f', '{{.Size}}', image]));
  const files = sh(['docker', 'run', '--rm', feature[0].image, 'sh', '-c', 'find /opt/venv | wc -l']).trim();
  console.log(`nonroot-remap benchmark: devcontainer up of a /opt/venv of ${files} entries, remap 1000 -> ${uid}, ${runs} runs each`);
  console.log(`without the Feature: median ${median(plain.map((r) => r.ms)).toFixed(0)} ms (the venv stays UID 1000's)`);
  console.log(`with the Feature:    median ${median(feature.map((r) => r.ms)).toFixed(0)} ms (start step and its wait included)`);
  console.log(`image bytes: ${size(feature[0].image) - size(plain[0].image)} more with the Feature's layer`);
} finally {
  for (const id of sh(['docker', 'ps', '-aq', '--filter', `label=devcontainer.local_folder=${path.join(parent, 'venv')}`])
    .split('\n')
    .filter(Boolean))
    spawnSync('docker', ['rm', '-f', id]);
  const vsc = sh(['docker', 'images', '-q', '--filter', 'reference=vsc-venv-*']).split('\n').filter(Boolean);
  spawnSync('docker', ['rmi', '-f', ...images, ...vsc, 'dev_container_feature_content_temp']);
  fs.rmSync(parent, { recursive: true, force: true });
  for (const user of made) spawnSync('userdel', [user]);
}
