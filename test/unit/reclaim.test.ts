// reclaim's plan on recorded engines: the one command per engine, what a rootless engine cannot give
// back, and the images it tries; its options.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEngineInfo } from '../../src/core/engine.js';
import type { TreeScan } from '../../src/core/machine/tree.js';
import { candidates } from '../../src/reclaim/image.js';
import { reclaimOptions } from '../../src/reclaim/options.js';
import { IMAGE, MOUNT, planReclaim } from '../../src/reclaim/plan.js';

const ENGINES = fileURLToPath(new URL('../fixtures/engines', import.meta.url));
const engine = (name: string) => parseEngineInfo(JSON.parse(fs.readFileSync(path.join(ENGINES, `${name}.json`), 'utf8')));
const host = { uid: 1500, gid: 1500, login: 'ana' };
const subuid = [{ start: 100000, count: 65536 }];

// node_modules left by root, .git objects by a rootless run (container UID 1000), a file at the top by root.
const tree: TreeScan = {
  scanned: 40,
  foreign: 6,
  folders: [
    { folder: 'node_modules', count: 3, owners: { 0: 3 }, examples: ['node_modules'] },
    { folder: '.git', count: 2, owners: { 100999: 2 }, examples: ['.git/objects/ab'] },
    { folder: '.', count: 1, owners: { 0: 1 }, examples: ['build.log'] },
  ],
  topFiles: ['build.log'],
  unreadable: [],
};

describe('planReclaim', () => {
  it('rootful Docker: a throwaway container as root, only the folder mounted, no network, chown -hR to you', () => {
    const plan = planReclaim(tree, host, engine('docker-rootful'), subuid, '/home/ana/app');
    expect(plan).toMatchObject({ targets: ['node_modules', '.git', 'build.log'], reclaimable: 6, stuck: [] });
    expect(plan.command).toEqual([
      ...['docker', 'run', '--rm', '--pull', 'never', '--network', 'none', '--security-opt', 'label=disable', '--user', '0:0'],
      ...['-v', `/home/ana/app:${MOUNT}`, '--entrypoint', 'chown', IMAGE],
      ...['-hR', '--', '1500:1500', `${MOUNT}/node_modules`, `${MOUNT}/.git`, `${MOUNT}/build.log`],
    ]);
  });

  it("rootless Docker: container root is you; root's own files cannot be given back from there", () => {
    const plan = planReclaim(tree, host, engine('docker-rootless'), subuid, '/home/ana/app');
    expect(plan.command).toContain('0:0');
    expect(plan.command!.slice(plan.command!.indexOf('-hR'))).toEqual([
      '-hR',
      '--',
      '0:0',
      `${MOUNT}/node_modules`,
      `${MOUNT}/.git`,
      `${MOUNT}/build.log`,
    ]);
    expect(plan.reclaimable).toBe(2);
    expect(plan.stuck).toEqual([{ count: 4, why: expect.stringContaining('sudo chown -hR 1500:1500') }]);
  });

  it('rootless Podman: podman unshare, in the folder, no image', () => {
    const plan = planReclaim(tree, host, engine('podman-rootless'), subuid, '/home/ana/app');
    expect(plan.command).toEqual(['podman', 'unshare', 'chown', '-hR', '--', '0:0', './node_modules', './.git', './build.log']);
    expect(plan.via).toMatch(/^rootless Podman/);
  });

  it('no engine: nothing it can do', () => {
    const plan = planReclaim(tree, host, undefined, subuid, '/x');
    expect([plan.reclaimable, plan.command]).toEqual([0, undefined]);
  });
});

describe('the image the throwaway container runs', () => {
  it("tries the project's own images first, then ones that ship chown, never the rest", () => {
    const images = [
      'nonroot-lab/distroless:latest',
      'busybox:1.37',
      'my-app-app:latest',
      'gcr.io/x/static:1',
      'node:22',
      'other-web:latest',
    ];
    expect(candidates(images, '/home/ana/My-App')).toEqual(['my-app-app:latest', 'busybox:1.37', 'node:22']);
  });
});

describe('reclaimOptions', () => {
  it('names the flag and what it takes', () => {
    expect(() => reclaimOptions({ format: 'sarif' })).toThrow('--format "sarif": must be one of text, json');
    expect(() => reclaimOptions({ image: 'x; rm -rf /' })).toThrow('--image "x; rm -rf /": an image reference');
    expect(reclaimOptions({ yes: true, image: 'busybox:1.37' })).toEqual({
      path: '.',
      yes: true,
      format: 'text',
      image: 'busybox:1.37',
      volumes: false,
    });
  });
});
