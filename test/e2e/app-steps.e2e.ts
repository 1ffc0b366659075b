// App Dockerfiles as people write them, adopted and built on the real engine as a UID-1500 host
// user: the app's own build steps leave files the user can change (adding a dependency inside the
// running container works), system files stay root's, compose's build.target is the stage that
// gets the user, and a FROM scratch image around a static binary runs as the host user.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, BUILDER, describeEngine, projectIn, run, type HostUser, type Project } from './support/lab.js';

const host: HostUser = { uid: 1500, gid: 1500 };

/** A repo of `files`, owned by the host user, adopted through the bin as that user (build it next). */
function adopted(files: Record<string, string | Buffer>, flags: string[] = []): Project {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-app-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  run('chown', ['-R', `${host.uid}:${host.gid}`, dir]);
  run(process.execPath, [BIN, '--yes', '--force', '--username', 'dev', '--builder-image', BUILDER, ...flags], { cwd: dir, user: host, env: { ...process.env, HOME: os.tmpdir() } });
  return projectIn(dir);
}

/** Two wheels (`left`, `right`) a pip can install with no index: a zip with the metadata pip reads. */
function wheels(): Record<string, Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-wheels-'));
  const script = [
    'import sys, zipfile',
    'for name in ("left", "right"):',
    '    info = f"{name}-1.0.dist-info"',
    '    with zipfile.ZipFile(f"{sys.argv[1]}/{name}-1.0-py3-none-any.whl", "w") as z:',
    '        z.writestr(f"{name}/__init__.py", "")',
    '        z.writestr(f"{info}/METADATA", f"Metadata-Version: 2.1\\nName: {name}\\nVersion: 1.0\\n")',
    '        z.writestr(f"{info}/WHEEL", "Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n")',
    '        z.writestr(f"{info}/RECORD", "")',
  ].join('\n');
  const made = spawnSync('python3', ['-c', script, dir], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`python3 could not write the test wheels: ${made.stderr}`);
  const files = Object.fromEntries(fs.readdirSync(dir).map((f) => [`wheels/${f}`, fs.readFileSync(path.join(dir, f))]));
  fs.rmSync(dir, { recursive: true, force: true });
  return files;
}

/** `stat` owners as `uid path` lines, for a shell in the container. */
const owners = (paths: string) => `for p in ${paths}; do echo "owner $(stat -c %u "$p") $p"; done`;
const ownerMap = (out: string) => Object.fromEntries(out.split('\n').filter((l) => l.startsWith('owner ')).map((l) => l.split(' ').slice(1).reverse()));

describeEngine('a node-style Dockerfile: npm install as the container user', () => {
  let project: Project;
  let out: string;
  beforeAll(() => {
    project = adopted({
      'package.json': JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { left: 'file:vendor/left' } }),
      'vendor/left/package.json': JSON.stringify({ name: 'left', version: '1.0.0' }),
      'vendor/left/index.js': 'module.exports = "left";\n',
      'vendor/right/package.json': JSON.stringify({ name: 'right', version: '1.0.0' }),
      'vendor/right/index.js': 'module.exports = "right";\n',
      'server.js': "require('left');\n",
      Dockerfile: [
        'FROM nonroot-lab/node:trixie',
        'RUN echo "pretend: apt-get install -y git" > /etc/apt-step',
        'WORKDIR /app',
        'COPY package*.json ./',
        'COPY vendor ./vendor',
        'RUN npm install --offline --no-audit --no-fund',
        'COPY . .',
        'CMD ["node", "server.js"]',
        '',
      ].join('\n'),
    });
    project.compose(['build']);
    const add = 'npm install --offline --no-audit --no-fund ./vendor/right >/dev/null && node -e "require(\'right\')" && echo ADDED=yes';
    out = project.compose(['run', '--rm', '-T', 'app', 'sh', '-c', `id -u; ${add}; ${owners('/app/node_modules /app/package.json /app/server.js /etc/apt-step /usr/local/bin/node')}`]).stdout;
  }, 600_000);
  afterAll(() => project?.cleanup());

  it('runs as the host user and adds a dependency', () => {
    expect(out.split('\n')[0]).toBe('1500');
    expect(out).toContain('ADDED=yes');
  });

  it('the app\'s files are the user\'s, the system\'s stay root\'s', () => {
    expect(ownerMap(out)).toEqual({ '/app/node_modules': '1500', '/app/package.json': '1500', '/app/server.js': '1500', '/etc/apt-step': '0', '/usr/local/bin/node': '0' });
  });
});

describeEngine.each([
  ['system pip, as root above the block', 'RUN pip install --no-index --find-links=./wheels -r requirements.txt', 'pip install --no-index --find-links=./wheels right', '$HOME/.local/lib'],
  ['a virtualenv in the WORKDIR, as the user', 'RUN python3 -m venv .venv && .venv/bin/pip install --no-index --find-links=./wheels -r requirements.txt', '.venv/bin/pip install --no-index --find-links=./wheels right', '/code/.venv'],
])('a python-style Dockerfile, %s: pip install as the container user', (_, install, add, userPath) => {
  let project: Project;
  let out: string;
  beforeAll(() => {
    project = adopted(
      {
        ...wheels(),
        'requirements.txt': 'left\n',
        'app.py': 'import left\n',
        Dockerfile: ['FROM nonroot-lab/python:trixie', 'WORKDIR /code', 'COPY requirements.txt ./', 'COPY wheels ./wheels', install, 'COPY . .', 'CMD ["python3", "app.py"]', ''].join('\n'),
      },
    );
    // The classic builder here (BuildKit elsewhere): both must build what the generator writes.
    project.compose(['build'], { buildkit: false });
    const python = userPath.includes('.venv') ? '.venv/bin/python' : 'python3';
    const check = `${add} >/dev/null 2>&1 && ${python} -c "import left, right" && echo ADDED=yes`;
    out = project.compose(['run', '--rm', '-T', 'app', 'sh', '-c', `id -u; ${check}; ${owners(`/code /code/app.py ${userPath} /usr/bin/python3`)}`]).stdout;
  }, 600_000);
  afterAll(() => project?.cleanup());

  it('runs as the host user and adds a dependency', () => {
    expect(out.split('\n')[0]).toBe('1500');
    expect(out).toContain('ADDED=yes');
  });

  it('the app\'s files are the user\'s, the system\'s stay root\'s', () => {
    const found = ownerMap(out);
    expect([found['/code'], found['/code/app.py'], found[userPath.replace('$HOME', '/home/dev')] ?? found[userPath], found['/usr/bin/python3']]).toEqual(['1500', '1500', '1500', '0']);
  });
});

describeEngine('compose build.target: the stage compose builds gets the user, a later stage built FROM it gets root back', () => {
  let project: Project;
  beforeAll(() => {
    project = adopted({
      'compose.yaml': 'services:\n  app:\n    build:\n      context: .\n      target: development\n',
      Dockerfile: [
        'FROM nonroot-lab/debian:trixie AS base',
        'WORKDIR /srv',
        '',
        'FROM base AS development',
        'COPY . .',
        'CMD ["sleep", "infinity"]',
        '',
        'FROM development AS tools',
        'RUN groupadd docker && useradd -m -g docker vscode',
        '',
        'FROM base AS production',
        'COPY . .',
        'USER nobody',
        '',
      ].join('\n'),
    });
    project.compose(['build']);
  }, 600_000);
  afterAll(() => project?.cleanup());

  it('runs the development stage as the host user, with its files', () => {
    expect(project.compose(['run', '--rm', '-T', 'app', 'sh', '-c', 'id -u; stat -c %u /srv/Dockerfile']).stdout.trim().split('\n')).toEqual(['1500', '1500']);
  });

  it('still builds the other stages: the one FROM development runs its root steps, production is untouched', () => {
    const tag = `nonroot-e2e-target-${path.basename(project.dir).toLowerCase()}`;
    try {
      const ids = ['--build-arg', `UID=${host.uid}`, '--build-arg', `GID=${host.gid}`];
      for (const target of ['tools', 'production']) run('docker', ['build', '-q', ...ids, '--target', target, '-t', `${tag}-${target}`, '.'], { cwd: project.dir, env: { ...process.env, DOCKER_BUILDKIT: '0' } });
      expect(run('docker', ['run', '--rm', `${tag}-production`, 'id', '-un']).stdout.trim()).toBe('nobody');
    } finally {
      run('docker', ['rmi', '-f', `${tag}-tools`, `${tag}-production`], { check: false });
    }
  });
});

describeEngine('FROM scratch around a static binary', () => {
  let project: Project;
  let out: string;
  beforeAll(() => {
    project = adopted({
      Dockerfile: [
        'FROM nonroot-lab/busybox:1.35 AS build',
        'RUN cp /bin/busybox /busybox-static',
        '',
        'FROM scratch',
        'COPY --from=build /busybox-static /bin/busybox',
        'ENTRYPOINT ["/bin/busybox"]',
        'CMD ["sh"]',
        '',
      ].join('\n'),
    });
    project.compose(['build']);
    out = project.compose(['run', '--rm', '-T', 'app', 'sh', '-c', 'B=/bin/busybox; $B id -u; $B id -un; echo $HOME; $B touch "$HOME/x" /workspace/by-scratch && echo WROTE=yes']).stdout;
  }, 600_000);
  afterAll(() => project?.cleanup());

  it('runs as the host user, by name, with a home it can write', () => {
    expect(out.trim().split('\n')).toEqual(['1500', 'dev', '/home/dev', 'WROTE=yes']);
  });

  it('writes workspace files the host user owns', () => {
    expect(project.owner('by-scratch')).toBe('1500:1500');
  });
});
