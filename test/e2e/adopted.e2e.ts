// Hand-written, real-world-style Dockerfiles adopted by the generator, then built and run on the
// real engine: the container runs as the host user and the files it writes are theirs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILDER, BIN, describeEngine, projectIn, run, type HostUser, type Project } from './support/lab.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/existing', import.meta.url));

const cases: [string, HostUser, boolean][] = [
  // A node-style multi-stage file on a base whose UID 1000 is taken, ending in `USER ubuntu`.
  ['Dockerfile.node-app', { uid: 1000, gid: 1000 }, true],
  // BusyBox (Alpine-like), ending in `USER root`, with a VOLUME; macOS-style GID 20.
  ['Dockerfile.root-last', { uid: 1500, gid: 20 }, false],
  // A distroless final stage: the user comes from a builder stage.
  ['Dockerfile.distroless', { uid: 1234567890, gid: 1234567890 }, true],
];

describeEngine.each(cases)('adopted %s, host %j', (fixture, host, buildkit) => {
  let project: Project;
  let id: string;

  beforeAll(() => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-adopt-'));
    fs.copyFileSync(path.join(FIXTURES, fixture), path.join(dir, 'Dockerfile'));
    fs.writeFileSync(path.join(dir, 'README.md'), '# the project\n'); // Dockerfile.root-last ADDs it
    for (const file of ['.', 'Dockerfile', 'README.md']) fs.chownSync(path.join(dir, file), host.uid, host.gid);
    run(process.execPath, [BIN, '--yes', '--force', '--username', 'dev', '--builder-image', BUILDER], {
      cwd: dir,
      user: host,
      env: { ...process.env, HOME: os.tmpdir() },
    });
    project = projectIn(dir);
    project.compose(['build'], { buildkit });
    const probe = fixture === 'Dockerfile.distroless' ? ['--entrypoint', '/busybox/id', 'app'] : ['app', 'id'];
    id = project.compose(['run', '--rm', '-T', ...probe]).stdout.trim();
  });
  afterAll(() => project?.cleanup());

  it("keeps the file's own instructions", () => {
    const original = fs.readFileSync(path.join(FIXTURES, fixture), 'utf8');
    const adopted = fs.readFileSync(path.join(project.dir, 'Dockerfile'), 'utf8');
    for (const line of original
      .split('\n')
      .filter((l) => l.startsWith('FROM') || l.startsWith('RUN') || l.startsWith('CMD') || l.startsWith('ENTRYPOINT'))) {
      expect(adopted).toContain(line);
    }
  });

  it('runs as the host user', () => {
    expect(id).toMatch(new RegExp(`^uid=${host.uid}\\(dev\\) gid=${host.gid}\\(`));
  });

  it('writes workspace files the host user owns', () => {
    const touch =
      fixture === 'Dockerfile.distroless'
        ? ['--entrypoint', '/busybox/touch', 'app', '/workspace/by-adopted']
        : ['app', 'touch', '/workspace/by-adopted'];
    project.compose(['run', '--rm', '-T', ...touch]);
    expect(project.owner('by-adopted')).toBe(`${host.uid}:${host.gid}`);
  });
});

describeEngine('adopted: a service that builds backend/docker/dev.Dockerfile from ./backend', () => {
  const host: HostUser = { uid: 1500, gid: 1500 };
  let project: Project;

  beforeAll(() => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-adopt-ctx-'));
    fs.mkdirSync(path.join(dir, 'backend/docker'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'compose.yaml'),
      'services:\n  app:\n    build:\n      context: ./backend\n      dockerfile: docker/dev.Dockerfile\n',
    );
    fs.writeFileSync(path.join(dir, 'backend/docker/dev.Dockerfile'), 'FROM nonroot-lab/debian:trixie\nWORKDIR /srv\nCOPY . /srv\n');
    run('chown', ['-R', `${host.uid}:${host.gid}`, dir]);
    run(process.execPath, [BIN, '--yes', '--force', '--username', 'dev'], {
      cwd: dir,
      user: host,
      env: { ...process.env, HOME: os.tmpdir() },
    });
    project = projectIn(dir);
    project.compose(['build']);
  });
  afterAll(() => project?.cleanup());

  it('runs as the host user, with the sources copied in owned by them', () => {
    const out = project.compose(['run', '--rm', '-T', 'app', 'sh', '-c', 'id -u; id -g; stat -c %u:%g /srv/docker/dev.Dockerfile']).stdout;
    expect(out.trim().split('\n')).toEqual(['1500', '1500', '1500:1500']);
  });

  it('writes workspace files the host user owns', () => {
    project.compose(['run', '--rm', '-T', 'app', 'touch', '/workspace/by-backend']);
    expect(project.owner('by-backend')).toBe('1500:1500');
  });
});
