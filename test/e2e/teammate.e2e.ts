// The same generated repo used by a second developer with another UID: a fresh clone has no
// .env (it is git-ignored), so compose stops and says what to run; after running it, the
// teammate's files are theirs. Nobody silently gets files owned by someone else.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BASES, describeEngine, generateProject, projectIn, run, type HostUser, type Project } from './support/lab.js';

const alice: HostUser = { uid: 1500, gid: 1500 };
const bob: HostUser = { uid: 1600, gid: 1600 };

describeEngine('a teammate with another UID clones the repo', () => {
  let original: Project;
  let clone: Project;
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-home-'));
  const git = (args: string[], cwd: string, user: HostUser) =>
    run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], {
      cwd,
      user,
      env: { ...process.env, HOME: home },
    });

  beforeAll(() => {
    fs.chmodSync(home, 0o777);
    // Bob clones Alice's folder, as a teammate clones a remote; git only honours safe.directory
    // from global config.
    fs.writeFileSync(path.join(home, '.gitconfig'), '[safe]\n\tdirectory = *\n', { mode: 0o644 });
    original = generateProject(alice, ['--base-image', BASES.debian, '--username', 'dev']);
    git(['init', '-q'], original.dir, alice);
    git(['add', '-A'], original.dir, alice);
    git(['commit', '-qm', 'nonroot setup'], original.dir, alice);
    const cloneDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-clone-'));
    fs.chownSync(cloneDir, bob.uid, bob.gid);
    git(['clone', '-q', original.dir, cloneDir], os.tmpdir(), bob);
    clone = projectIn(cloneDir);
  });
  afterAll(() => {
    original?.cleanup();
    clone?.cleanup();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it("does not ship the first developer's IDs: .env is not in the clone", () => {
    expect(fs.existsSync(path.join(original.dir, '.env'))).toBe(true);
    expect(fs.existsSync(path.join(clone.dir, '.env'))).toBe(false);
  });

  it("stops the teammate's build with the command to run", () => {
    const { status, stderr } = clone.compose(['build'], { check: false });
    expect(status).not.toBe(0);
    expect(stderr).toMatch(/required variable HOST_(UID|GID) is missing a value: run sh \.nonroot\/host-ids\.sh/);
  });

  it('stops a plain docker build without IDs with the same advice', () => {
    const { status, stdout, stderr } = run('docker', ['build', '-q', '--force-rm', clone.dir], {
      check: false,
      env: { ...process.env, DOCKER_BUILDKIT: '0' },
    });
    expect(status).not.toBe(0);
    expect(stdout + stderr).toContain('the UID/GID build args are empty. Build with docker compose');
  });

  it('gives the teammate files owned by them once they ran host-ids.sh', () => {
    const ids = run('sh', ['.nonroot/host-ids.sh'], { cwd: clone.dir, user: bob });
    expect(ids.stdout).toContain('HOST_UID=1600 HOST_GID=1600');
    clone.compose(['build']);
    clone.compose(['run', '--rm', '-T', 'app', 'touch', 'by-bob']);
    expect(clone.owner('by-bob')).toBe('1600:1600');
  });

  it('still gives the first developer their own files', () => {
    original.compose(['build']);
    original.compose(['run', '--rm', '-T', 'app', 'touch', 'by-alice']);
    expect(original.owner('by-alice')).toBe('1500:1500');
  });
});
