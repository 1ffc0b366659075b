// The ownership invariant on the whole corpus (test/fixtures/repos/), wherever the lab has what a
// build needs: each repo, made buildable offline, is adopted with the defaults by host user 1500,
// each image it adopted is built, and run as it runs (compose's `user:` of the host's IDs; an image
// a Dev Container build bakes at 1000:1000, which the Dev Containers CLI remaps, as its own user).
// The user writes its home, the workspace and every folder the block owns or re-owns (WORKDIRs,
// what the Dockerfile gave its user), nothing there belongs to another non-root UID, and a file
// written into the project mount is the host user's. Beside that probe, the test's own, `verify`
// runs each compose service that builds here as the same host user: the two must agree (every
// service verify says ✓ on is one the probe found right; verify never says ✓ where the probe did not).
import fs from 'node:fs';
import path from 'node:path';
import { adoptedImages } from '../support/adopt.js';
import { diskRepo } from '../../src/core/layout/index.js';
import { readModel } from '../../src/core/layout/model.js';
import { copyFixture, fixtures } from '../support/corpus.js';
import { BIN, describeEngine, run, type HostUser } from './support/lab.js';
import { makeOffline } from './support/offline.js';

const host: HostUser = { uid: 1500, gid: 1500 };

/** Builds that need what no machine here has (a package index, Docker Hub's Dockerfile frontend), by `repo Dockerfile`. */
const NOT_HERE: Record<string, string> = {
  'compose-flask-dev-envs-target app/Dockerfile': 'heredocs need the dockerfile:1.4 frontend from Docker Hub',
  'compose-frontend-backend-node-modules backend/Dockerfile': 'npm ci fetches the lockfile from the registry',
  'compose-react-express-mysql-targets backend/Dockerfile': 'npm ci fetches the lockfile from the registry',
  'compose-entrypoint-su-exec-alpine Dockerfile': 'apk add su-exec needs the Alpine mirror (the BusyBox stand-in has no apk)',
  'dockerfile-entrypoint-gosu-node Dockerfile': 'apt-get install gosu needs the Debian mirror',
  'devc-dockerfile-legacy-root Dockerfile': 'pip install . fetches setuptools from PyPI',
  'go-distroless Dockerfile': 'go mod download, and no Go toolchain image',
  'go-scratch Dockerfile': 'apk add from the Alpine mirror, and no Go toolchain image',
  'go-scratch-compose-proxy backend/Dockerfile': 'go mod download, and no Go toolchain image',
};

/** What the user block of a Dockerfile says it owns and re-owns. */
function blockFolders(text: string): string[] {
  const block = text.slice(text.indexOf('# >>> generator-nonroot:user'));
  const list = (name: string) => (new RegExp(`${name}="([^"]*)"`).exec(block)?.[1] ?? '').split(' ').filter(Boolean);
  return [...new Set([...list('NONROOT_DIRS'), ...list('NONROOT_REOWN')])];
}

const probe = (folders: string[]) =>
  [
    'id -u',
    `for d in "$HOME" ${folders.join(' ')}; do [ -d "$d" ] || continue; ` +
      `touch "$d/.nonroot-probe" && echo "WROTE $d" || echo "CANNOT $d"; done`,
    `echo "FOREIGN=$(find "$HOME" ${folders.join(' ')} -xdev ! -user "$(id -u)" ! -user 0 2>/dev/null | head -n 5 | tr '\\n' ' ')"`,
  ].join('; ');

describeEngine.each(fixtures.filter((f) => !f.refused).map((f) => [f.name, f] as const))(
  'the corpus built and run: %s',
  (name, fixture) => {
    let dir: string;
    let images: Awaited<ReturnType<typeof adoptedImages>> = [];
    const tags: string[] = [];
    beforeAll(async () => {
      dir = copyFixture(name);
      makeOffline(dir);
      run('chown', ['-R', `${host.uid}:${host.gid}`, path.dirname(dir)]);
      run(process.execPath, [BIN, '--yes', '--force', '--builder-image', 'nonroot-lab/busybox:1.35', ...fixture.args], {
        cwd: dir,
        user: host,
        env: { ...process.env, HOME: path.dirname(dir) },
      });
      images = await adoptedImages(dir, fixture.args);
    }, 120_000);
    afterAll(() => {
      if (tags.length > 0) run('docker', ['rmi', '-f', ...tags], { check: false });
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    });

    it('holds the invariant in every image it adopted that builds here', () => {
      const checked: string[] = [];
      for (const image of images) {
        if (NOT_HERE[`${name} ${image.dockerfile}`]) continue;
        for (const target of image.targets) {
          const tag = `nonroot-e2e-corpus-${name}-${tags.length}`.toLowerCase();
          tags.push(tag);
          // A Dev Container build bakes the image user at 1000:1000; compose passes the host's IDs.
          const ids = image.idsBaked ? [] : ['--build-arg', `UID=${host.uid}`, '--build-arg', `GID=${host.gid}`];
          run(
            '/usr/bin/docker',
            [
              'build',
              '-q',
              '-t',
              tag,
              '-f',
              path.join(dir, image.dockerfile),
              ...(target ? ['--target', target] : []),
              ...ids,
              path.join(dir, image.context),
            ],
            {
              env: { ...process.env, DOCKER_BUILDKIT: '1' },
            },
          );
          const folders = blockFolders(fs.readFileSync(path.join(dir, image.dockerfile), 'utf8'));
          // Compose runs the image as the host's IDs with the project mounted; a Dev Container image is
          // checked as its own user, without the mount, which the CLI maps only after its remap at `up`.
          const asCompose = image.idsBaked ? [] : ['--user', `${host.uid}:${host.gid}`, '-v', `${dir}:${image.workspace}`];
          const written = `.nonroot-corpus-${tags.length}`;
          const out = run('docker', [
            'run',
            '--rm',
            ...asCompose,
            '--entrypoint',
            'sh',
            tag,
            '-c',
            `${probe(folders)}; touch "${image.workspace}/${written}"`,
          ]).stdout;
          if (!image.idsBaked) expect(fs.statSync(path.join(dir, written)).uid).toBe(host.uid);
          expect({ image: image.dockerfile, uid: out.split('\n')[0] }).toEqual({
            image: image.dockerfile,
            uid: image.idsBaked ? '1000' : String(host.uid),
          });
          expect({ image: image.dockerfile, cannot: out.split('\n').filter((l) => l.startsWith('CANNOT')) }).toEqual({
            image: image.dockerfile,
            cannot: [],
          });
          expect({ image: image.dockerfile, foreign: /FOREIGN=(.*)/.exec(out)?.[1] }).toEqual({ image: image.dockerfile, foreign: '' });
          checked.push(image.dockerfile);
        }
      }
      expect(checked.length + images.filter((i) => NOT_HERE[`${name} ${i.dockerfile}`]).length).toBe(
        images.reduce((n, i) => n + i.targets.length, 0),
      );
    }, 900_000);

    it('verify agrees with the probe on every compose service that builds here', () => {
      const services = readModel(diskRepo(dir))
        .containers.filter((c) => c.service && c.build && !NOT_HERE[`${name} ${c.build.dockerfile}`])
        .map((c) => c.name);
      if (services.length === 0) return; // a Dev Container alone: the CLI's side is mounts.e2e's and corpus.e2e's
      const ran = run(process.execPath, [BIN, 'verify', '--format', 'json', '--service', [...new Set(services)].join(',')], {
        cwd: dir,
        user: host,
        check: false,
        env: { ...process.env, HOME: path.dirname(dir), PATH: '/usr/sbin:/usr/bin:/sbin:/bin' },
      });
      const report = JSON.parse(ran.stdout) as {
        services: { service: string; rows: { check: string; status: string; detail: string }[] }[];
      };
      const failed = report.services.flatMap((s) =>
        s.rows.filter((r) => r.status === 'fail').map((r) => `${s.service}: ${r.check}: ${r.detail}`),
      );
      // The probe above held the invariant on each of these images: verify must pass them all, run them all.
      expect({ failed, exit: ran.status }).toEqual({ failed: [], exit: 0 });
      expect(report.services.map((s) => s.service).sort()).toEqual([...new Set(services)].sort());
    }, 600_000);
  },
);
