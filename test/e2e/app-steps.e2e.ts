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
  run(process.execPath, [BIN, '--yes', '--force', '--username', 'dev', '--builder-image', BUILDER, ...flags], {
    cwd: dir,
    user: host,
    env: { ...process.env, HOME: os.tmpdir() },
  });
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
const ownerMap = (out: string) =>
  Object.fromEntries(
    out
      .split('\n')
      .filter((l) => l.startsWith('owner '))
      .map((l) => l.split(' ').slice(1).reverse()),
  );

interface AppStyle {
  name: string;
  files: () => Record<string, string | Buffer>;
  buildkit: boolean;
  /** Adds a dependency inside the running container and uses it, as the user. */
  add: string;
  /** Paths and the owner (UID) each must have. */
  owners: Record<string, string>;
}

const python = (install: string) => () => ({
  ...wheels(),
  'requirements.txt': 'left\n',
  'app.py': 'import left\n',
  Dockerfile: [
    'FROM nonroot-lab/python:trixie',
    'WORKDIR /code',
    'COPY requirements.txt ./',
    'COPY wheels ./wheels',
    install,
    'COPY . .',
    'CMD ["python3", "app.py"]',
    '',
  ].join('\n'),
});

const styles: AppStyle[] = [
  {
    name: 'node: npm install in the WORKDIR, below the user block',
    files: () => ({
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
    }),
    buildkit: true,
    add: 'npm install --offline --no-audit --no-fund ./vendor/right >/dev/null && node -e "require(\'right\')"',
    owners: {
      '/app/node_modules': '1500',
      '/app/package.json': '1500',
      '/app/server.js': '1500',
      '/etc/apt-step': '0',
      '/usr/local/bin/node': '0',
    },
  },
  {
    // The classic builder here (BuildKit elsewhere): both must build what the generator writes.
    name: 'python: system pip, as root above the user block',
    files: python('RUN pip install --no-index --find-links=./wheels -r requirements.txt'),
    buildkit: false,
    add: 'pip install --no-index --find-links=./wheels right >/dev/null 2>&1 && python3 -c "import left, right"',
    owners: { '/code': '1500', '/code/app.py': '1500', '/home/dev/.local/lib': '1500', '/usr/bin/python3': '0' },
  },
  {
    name: 'python: a virtualenv in the WORKDIR, below the user block',
    files: python('RUN python3 -m venv .venv && .venv/bin/pip install --no-index --find-links=./wheels -r requirements.txt'),
    buildkit: true,
    add: '.venv/bin/pip install --no-index --find-links=./wheels right >/dev/null 2>&1 && .venv/bin/python -c "import left, right"',
    owners: { '/code': '1500', '/code/app.py': '1500', '/code/.venv': '1500', '/usr/bin/python3': '0' },
  },
];

describeEngine.each(styles.map((style) => [style.name, style] as const))('an app Dockerfile, %s', (_, style) => {
  let project: Project;
  let out: string;
  beforeAll(() => {
    project = adopted(style.files());
    project.compose(['build'], { buildkit: style.buildkit });
    const script = `id -u; ${style.add} && echo ADDED=yes; ${owners(Object.keys(style.owners).join(' '))}`;
    out = project.compose(['run', '--rm', '-T', 'app', 'sh', '-c', script]).stdout;
  }, 600_000);
  afterAll(() => project?.cleanup());

  it('runs as the host user, and a dependency can be added inside the running container', () => {
    expect(out.split('\n')[0]).toBe('1500');
    expect(out).toContain('ADDED=yes');
  });

  it("the app's files are the user's, the system's stay root's", () => {
    expect(ownerMap(out)).toEqual(style.owners);
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
    expect(
      project.compose(['run', '--rm', '-T', 'app', 'sh', '-c', 'id -u; stat -c %u /srv/Dockerfile']).stdout.trim().split('\n'),
    ).toEqual(['1500', '1500']);
  });

  it('still builds the other stages: the one FROM development runs its root steps, production is untouched', () => {
    const tag = `nonroot-e2e-target-${path.basename(project.dir).toLowerCase()}`;
    try {
      const ids = ['--build-arg', `UID=${host.uid}`, '--build-arg', `GID=${host.gid}`];
      for (const target of ['tools', 'production'])
        run('docker', ['build', '-q', ...ids, '--target', target, '-t', `${tag}-${target}`, '.'], {
          cwd: project.dir,
          env: { ...process.env, DOCKER_BUILDKIT: '0' },
        });
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
    out = project.compose([
      'run',
      '--rm',
      '-T',
      'app',
      'sh',
      '-c',
      'B=/bin/busybox; $B id -u; $B id -un; echo $HOME; $B touch "$HOME/x" /workspace/by-scratch && echo WROTE=yes',
    ]).stdout;
  }, 600_000);
  afterAll(() => project?.cleanup());

  it('runs as the host user, by name, with a home it can write', () => {
    expect(out.trim().split('\n')).toEqual(['1500', 'dev', '/home/dev', 'WROTE=yes']);
  });

  it('writes workspace files the host user owns', () => {
    expect(project.owner('by-scratch')).toBe('1500:1500');
  });
});
