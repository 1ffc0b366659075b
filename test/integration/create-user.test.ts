// The user block's collision handling, on fake account files. The real-engine suite builds the
// same script into images; these cases pin down each branch and what it prints.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { debianFiles, fakeRoot, type FakeRoot } from '../support/user-script.js';

let root: FakeRoot;
afterEach(() => root.cleanup());

const entry = (file: string, name: string) =>
  root
    .read(file)
    .split('\n')
    .filter((line) => line.startsWith(`${name}:`));

describe('create-user.sh', () => {
  it('creates group, user, shadow entry and an owned home on a plain base', () => {
    root = fakeRoot(debianFiles());
    const { status, stdout } = root.run({ USERNAME: 'dev', UID: '1500', GID: '1500', NONROOT_DIRS: '/workspace' });
    expect(status).toBe(0);
    expect(stdout).toContain("nonroot: creating group 'dev' with GID 1500");
    expect(stdout).toContain("nonroot: creating user 'dev' with UID 1500");
    expect(entry('etc/passwd', 'dev')).toEqual(['dev:x:1500:1500::/home/dev:/bin/sh']);
    expect(entry('etc/group', 'dev')).toEqual(['dev:x:1500:']);
    expect(entry('etc/gshadow', 'dev')).toEqual(['dev:!::']);
    expect(entry('etc/shadow', 'dev')).toEqual(['dev:!::0:99999:7:::']);
    expect(root.read('home/dev/.bashrc')).toBe('# skel\n');
    if (process.getuid?.() === 0) {
      expect(fs.statSync(path.join(root.dir, 'home/dev')).uid).toBe(1500);
      expect(fs.statSync(path.join(root.dir, 'workspace')).gid).toBe(1500);
    }
  });

  it("NONROOT_GROUP0=1 (arbitrary UIDs): group 0 gets the owner's rights on home and folders, and may add to /etc/passwd", () => {
    root = fakeRoot(debianFiles());
    fs.chmodSync(path.join(root.dir, 'etc/passwd'), 0o644);
    const { status, stdout } = root.run({ USERNAME: 'dev', UID: '1000', GID: '1000', NONROOT_DIRS: '/workspace', NONROOT_GROUP0: '1' });
    expect(status).toBe(0);
    expect(stdout).toContain('nonroot: group 0 may write /home/dev /workspace and add users to /etc/passwd (arbitrary UIDs)');
    // The user keeps a group of its own (the Dev Containers CLI may renumber it; never group 0).
    expect(entry('etc/passwd', 'dev')).toEqual(['dev:x:1000:1000::/home/dev:/bin/sh']);
    const mode = (file: string) => fs.statSync(path.join(root.dir, file)).mode & 0o777;
    expect([mode('etc/passwd'), mode('home/dev'), mode('home/dev/.bashrc'), mode('workspace')]).toEqual([0o664, 0o770, 0o664, 0o775]);
    if (process.getuid?.() === 0) {
      expect(['home/dev', 'home/dev/.bashrc', 'workspace'].map((f) => fs.statSync(path.join(root.dir, f)).gid)).toEqual([0, 0, 0]);
    }
  });

  it('takes over UID 1000 from ubuntu (ubuntu:24.04, node:*) and inherits its groups', () => {
    root = fakeRoot(
      debianFiles({ passwd: 'ubuntu:x:1000:1000::/home/ubuntu:/bin/bash\n', group: 'ubuntu:x:1000:\nadm:x:4:ubuntu,syslog\n' }),
    );
    const { status, stdout } = root.run({ USERNAME: 'dev', UID: '1000', GID: '1000' });
    expect(status).toBe(0);
    expect(stdout).toContain("nonroot: GID 1000 already exists as group 'ubuntu': using it as dev's primary group");
    expect(stdout).toContain("nonroot: UID 1000 belonged to user 'ubuntu': replacing it with 'dev'");
    expect(entry('etc/passwd', 'ubuntu')).toEqual([]);
    expect(entry('etc/passwd', 'dev')).toEqual(['dev:x:1000:1000::/home/dev:/bin/sh']);
    expect(entry('etc/group', 'adm')).toEqual(['adm:x:4:dev,syslog']);
    expect(root.read('etc/passwd').match(/:x:1000:/g)).toHaveLength(1);
  });

  it("reuses macOS's GID 20 (Debian's dialout) as the primary group", () => {
    root = fakeRoot(debianFiles());
    const { stdout } = root.run({ USERNAME: 'dev', UID: '1500', GID: '20' });
    expect(stdout).toContain("GID 20 already exists as group 'dialout'");
    expect(entry('etc/passwd', 'dev')).toEqual(['dev:x:1500:20::/home/dev:/bin/sh']);
    expect(entry('etc/group', 'dev')).toEqual([]);
  });

  it('moves an existing user of that name and its group to the new IDs', () => {
    root = fakeRoot(debianFiles({ passwd: 'ubuntu:x:1000:1000::/home/ubuntu:/bin/bash\n', group: 'ubuntu:x:1000:\n' }));
    const { stdout } = root.run({ USERNAME: 'ubuntu', UID: '1500', GID: '1500' });
    expect(stdout).toContain("group 'ubuntu' had GID 1000: moving it to GID 1500");
    expect(stdout).toContain("user 'ubuntu' had UID 1000: moving it to UID 1500");
    expect(entry('etc/passwd', 'ubuntu')).toEqual(['ubuntu:x:1500:1500::/home/ubuntu:/bin/sh']);
    expect(entry('etc/group', 'ubuntu')).toEqual(['ubuntu:x:1500:']);
  });

  it('handles the UID and the name belonging to two different users', () => {
    root = fakeRoot(
      debianFiles({
        passwd: 'ubuntu:x:1000:1000::/home/ubuntu:/bin/bash\ndev:x:1001:1001::/home/dev:/bin/sh\n',
        group: 'ubuntu:x:1000:\ndev:x:1001:\n',
      }),
    );
    expect(root.run({ USERNAME: 'dev', UID: '1000', GID: '1000' }).status).toBe(0);
    expect(
      root
        .read('etc/passwd')
        .split('\n')
        .filter((l) => /^(dev|ubuntu):/.test(l)),
    ).toEqual(['dev:x:1000:1000::/home/dev:/bin/sh']);
  });

  it('is idempotent: a second run leaves the account files as they were', () => {
    root = fakeRoot(debianFiles());
    root.run({ USERNAME: 'dev', UID: '1500', GID: '1500' });
    const before = ['etc/passwd', 'etc/group', 'etc/shadow', 'etc/gshadow'].map((f) => root.read(f));
    const { stdout } = root.run({ USERNAME: 'dev', UID: '1500', GID: '1500' });
    expect(stdout).toContain("user 'dev' already has UID 1500");
    expect(['etc/passwd', 'etc/group', 'etc/shadow', 'etc/gshadow'].map((f) => root.read(f))).toEqual(before);
  });

  it('takes directory UIDs (LDAP, 1234567890) without touching lastlog', () => {
    root = fakeRoot(debianFiles());
    expect(root.run({ USERNAME: 'dev', UID: '1234567890', GID: '1234567890' }).status).toBe(0);
    expect(entry('etc/passwd', 'dev')).toEqual(['dev:x:1234567890:1234567890::/home/dev:/bin/sh']);
    expect(fs.existsSync(path.join(root.dir, 'var/log/lastlog'))).toBe(false);
  });

  it('works without shadow files (distroless accounts)', () => {
    root = fakeRoot({
      'etc/passwd': 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532::/home/nonroot:/sbin/nologin\n',
      'etc/group': 'root:x:0:\nnonroot:x:65532:\n',
    });
    expect(root.run({ USERNAME: 'dev', UID: '1500', GID: '1500' }).status).toBe(0);
    expect(fs.existsSync(path.join(root.dir, 'etc/shadow'))).toBe(false);
    expect(entry('etc/passwd', 'dev')).toEqual(['dev:x:1500:1500::/home/dev:/bin/sh']);
  });

  it('writes a 0440 sudoers file when asked', () => {
    root = fakeRoot(debianFiles());
    root.run({ USERNAME: 'dev', UID: '1500', GID: '1500', NONROOT_SUDO: '1' });
    expect(root.read('etc/sudoers.d/dev')).toBe('dev ALL=(ALL) NOPASSWD: ALL\n');
    expect(fs.statSync(path.join(root.dir, 'etc/sudoers.d/dev')).mode & 0o777).toBe(0o440);
  });

  it.each([
    [{ USERNAME: 'dev', UID: '', GID: '' }, /UID\/GID build args are empty\. Build with docker compose.*host-ids\.sh/],
    [{ USERNAME: 'dev', UID: '15a0', GID: '1' }, /UID and GID must be numbers/],
    [{ USERNAME: 'dev', UID: '0', GID: '0' }, /UID\/GID 0 is root/],
    [{ USERNAME: 'root', UID: '1', GID: '1' }, /USERNAME 'root' must/],
    [{ USERNAME: 'a;b', UID: '1', GID: '1' }, /USERNAME 'a;b' must/],
  ])('refuses %j with a message and changes nothing', (env, message) => {
    root = fakeRoot(debianFiles());
    const before = root.read('etc/passwd');
    const { status, stderr } = root.run(env);
    expect(status).toBe(1);
    expect(stderr).toMatch(message);
    expect(root.read('etc/passwd')).toBe(before);
  });

  describe('NONROOT_TAKEOVER: the user the Dockerfile names is re-IDed in place', () => {
    const node = () =>
      fakeRoot({
        ...debianFiles({ passwd: 'node:x:1000:1000:Node:/home/node:/bin/bash\n', group: 'node:x:1000:\nadm:x:4:node\n' }),
        'etc/shadow': 'root:*:19000:0:99999:7:::\nnode:$y$hash:19000:0:99999:7:::\n',
        'etc/sudoers.d/node': 'node ALL=(ALL) NOPASSWD: ALL\n',
        'home/node/.bashrc': 'export PREPARED=1\n',
        'home/node/.local/bin/tool': '#!/bin/sh\n',
        'home/node/app/index.js': '\n',
        'srv/data/x': '\n',
      });
    const owners = (...files: string[]) =>
      files.map((f) => `${fs.statSync(path.join(root.dir, f)).uid}:${fs.statSync(path.join(root.dir, f)).gid}`);
    const asRoot = process.getuid?.() === 0;
    const chownAll = (spec: string) =>
      asRoot && spawnSync('chown', ['-R', spec, path.join(root.dir, 'home/node'), path.join(root.dir, 'srv')]);

    it('keeps its name, home, shell, groups, password entry and sudoers; its files follow the new IDs', () => {
      root = node();
      chownAll('1000:1000');
      const { status, stdout } = root.run({
        USERNAME: 'node',
        UID: '1500',
        GID: '1500',
        NONROOT_TAKEOVER: 'node',
        NONROOT_REOWN: '/srv/data',
      });
      expect(status).toBe(0);
      expect(stdout).toContain("group 'node' had GID 1000: moving it to GID 1500");
      expect(stdout).toContain(
        "user 'node' (the Dockerfile's own) had UID 1000: re-IDing it to 1500, keeping its home /home/node and shell",
      );
      expect(entry('etc/passwd', 'node')).toEqual(['node:x:1500:1500:Node:/home/node:/bin/bash']);
      expect(entry('etc/group', 'node')).toEqual(['node:x:1500:']);
      expect(entry('etc/group', 'adm')).toEqual(['adm:x:4:node']);
      expect(entry('etc/shadow', 'node')).toEqual(['node:$y$hash:19000:0:99999:7:::']);
      expect(root.read('etc/sudoers.d/node')).toBe('node ALL=(ALL) NOPASSWD: ALL\n');
      expect(root.read('home/node/.bashrc')).toBe('export PREPARED=1\n');
      if (asRoot)
        expect(owners('home/node', 'home/node/.local/bin/tool', 'home/node/app/index.js', 'srv/data/x')).toEqual(
          Array(4).fill('1500:1500'),
        );
    });

    it(
      'with another USERNAME, renames it: the group of its name, its ' +
        "memberships and sudoers follow; the home stays where the image's steps " +
        'expect it',
      () => {
        root = node();
        chownAll('1000:1000');
        const { status, stdout } = root.run({ USERNAME: 'dev', UID: '1501', GID: '1501', NONROOT_TAKEOVER: 'node' });
        expect(status).toBe(0);
        expect(stdout).toContain(
          "user 'node' (the Dockerfile's own, UID 1000) becomes 'dev' with UID 1501, keeping its home /home/node and shell",
        );
        expect(entry('etc/passwd', 'node')).toEqual([]);
        expect(entry('etc/passwd', 'dev')).toEqual(['dev:x:1501:1501:Node:/home/node:/bin/bash']);
        expect(entry('etc/group', 'dev')).toEqual(['dev:x:1501:']);
        expect(entry('etc/group', 'adm')).toEqual(['adm:x:4:dev']);
        expect(root.read('etc/sudoers.d/node')).toBe('dev ALL=(ALL) NOPASSWD: ALL\n');
        if (asRoot) expect(owners('home/node/.bashrc')).toEqual(['1501:1501']);
      },
    );

    it("with macOS's GID 20 taken by dialout: dialout is its primary group, it stays in its own, whose files keep that group", () => {
      root = node();
      chownAll('1000:1000');
      const { stdout } = root.run({ USERNAME: 'node', UID: '1501', GID: '20', NONROOT_TAKEOVER: 'node' });
      expect(stdout).toContain("GID 20 already exists as group 'dialout': using it as node's primary group");
      expect(entry('etc/passwd', 'node')).toEqual(['node:x:1501:20:Node:/home/node:/bin/bash']);
      expect(entry('etc/group', 'node')).toEqual(['node:x:1000:node']);
      if (asRoot) expect(owners('home/node', 'home/node/.bashrc')).toEqual(['1501:20', '1501:1000']);
    });

    it('by UID, when the file names only a number: whoever has it is taken over; with nobody there, files of that UID still follow', () => {
      root = node();
      expect(root.run({ USERNAME: 'dev', UID: '1500', GID: '1500', NONROOT_TAKEOVER: '1000' }).status).toBe(0);
      expect(entry('etc/passwd', 'dev')).toEqual(['dev:x:1500:1500:Node:/home/node:/bin/bash']);
      root.cleanup();
      root = fakeRoot({ ...debianFiles(), 'srv/data/x': '\n' });
      if (asRoot) spawnSync('chown', ['-R', '1234:1234', path.join(root.dir, 'srv')]);
      const { stdout } = root.run({ USERNAME: 'dev', UID: '1500', GID: '1500', NONROOT_TAKEOVER: '1234', NONROOT_REOWN: '/srv/data' });
      expect(stdout).toContain("user '1234' is not in the image: creating 'dev' instead");
      if (asRoot) expect(owners('srv/data/x')[0]).toMatch(/^1500:/);
    });

    it("leaves root's files in its folders to root", () => {
      root = node();
      chownAll('1000:1000');
      if (asRoot) spawnSync('chown', ['0:0', path.join(root.dir, 'home/node/app/index.js')]);
      root.run({ USERNAME: 'node', UID: '1500', GID: '1500', NONROOT_TAKEOVER: 'node' });
      if (asRoot) expect(owners('home/node/app/index.js')).toEqual(['0:0']);
    });

    it.each([
      [{ NONROOT_TAKEOVER: 'root' }, /never takes over root/],
      [{ NONROOT_TAKEOVER: 'node', USERNAME: 'www-data' }, /USERNAME 'www-data' already exists in the image beside 'node'/],
    ])('refuses %j', (env, message) => {
      root = fakeRoot(
        debianFiles({
          passwd: 'node:x:1000:1000::/home/node:/bin/bash\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\n',
          group: 'node:x:1000:\n',
        }),
      );
      const { status, stderr } = root.run({ USERNAME: 'node', UID: '1500', GID: '1500', ...env });
      expect(status).toBe(1);
      expect(stderr).toMatch(message);
    });
  });
});
