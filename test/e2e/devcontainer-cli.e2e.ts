// The real Dev Containers CLI on the generated compose-based devcontainer.json, run by a
// non-root host user (UID 1500, in the docker group) on a base whose UID 1000 is taken
// (ubuntu:24.04, node:*). `devcontainer exec` must run as that user, and what it writes in the
// workspace must be theirs on the host.
import fs from 'node:fs';
import path from 'node:path';
import { devcontainerSession, type DevcontainerSession } from './support/devcontainer.js';
import { BASES, describeEngine, generateProject, type HostUser, type Project } from './support/lab.js';

const host: HostUser = { uid: 1500, gid: 1500 };

// arbitrary and runtime too: there the CLI replaces the image's entrypoint (overrideCommand) and
// remaps the named user itself (updateRemoteUserUID), the arbitrary service running as HOST_UID:0.
describeEngine.each(['build-arg', 'devcontainer', 'arbitrary', 'runtime'])('devcontainer up/exec, %s strategy', (strategy) => {
  let project: Project;
  let session: DevcontainerSession;

  beforeAll(() => {
    project = generateProject(host, ['--base-image', BASES.uid1000, '--id-strategy', strategy, '--username', 'dev']);
    // A fresh clone has no .env: the devcontainer's initializeCommand must write it.
    if (fs.existsSync(path.join(project.dir, '.env'))) fs.rmSync(path.join(project.dir, '.env'));
    session = devcontainerSession(project.dir, host);
    session.cli(['up']);
  }, 600_000);

  afterAll(() => {
    session?.cleanup();
    project?.cleanup();
  });

  it('runs as the host user, by name', () => {
    const { stdout } = session.cli(['exec', 'sh', '-c', 'echo "$(id -u):$(id -g):$(id -un):$HOME"']);
    expect(stdout.trim().split('\n').at(-1)).toBe('1500:1500:dev:/home/dev');
  });

  it('writes workspace files the host user owns', () => {
    session.cli(['exec', 'touch', '/workspace/by-devcontainer']);
    expect(project.owner('by-devcontainer')).toBe('1500:1500');
  });

  if (strategy === 'build-arg' || strategy === 'arbitrary') {
    it('wrote the host IDs into .env through initializeCommand', () => {
      expect(fs.readFileSync(path.join(project.dir, '.env'), 'utf8')).toBe('HOST_UID=1500\nHOST_GID=1500\n');
    });
  }
});
