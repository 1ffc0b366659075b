// Dockerfiles that name their own user before `USER`, in the shapes public guides teach, adopted
// with the defaults (the repo's user is kept and re-IDed) and built on the real engine, then run as
// compose runs them, as host users 1500:1500 and 1501:20 (macOS's GID 20, Debian's dialout). The
// invariant: the container user is the host user, it writes into each of the app's folders and
// its dependency folder, nothing in them belongs to another non-root UID, and a file it writes
// into the project mount is the host user's. Before the fix, a `chown -R node:node` left the app
// to UID 1000, which no longer named anyone (EACCES on `npm install <pkg>` in the container).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, describeEngine, projectIn, run, type HostUser, type Project } from './support/lab.js';

interface Shape {
  name: string;
  /** The user the run says it takes over. */
  user: string;
  files: Record<string, string>;
  /** The app's own folders (WORKDIRs, what the Dockerfile gives its user); the first is its dependency folder. */
  folders: string[];
}

const nodeApp = {
  'package.json': JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { left: 'file:vendor/left' } }),
  'vendor/left/package.json': JSON.stringify({ name: 'left', version: '1.0.0' }),
  'vendor/left/index.js': 'module.exports = "left";\n',
  'server.js': "require('left');\n",
};
const npmInstall = 'npm install --offline --no-audit --no-fund';
const dockerfile = (...lines: string[]) => ({ Dockerfile: [...lines, ''].join('\n') });

const shapes: Shape[] = [
  {
    name: "Node's guide: chown after the install",
    user: 'node',
    files: {
      ...nodeApp,
      ...dockerfile('FROM nonroot-lab/node:trixie', 'WORKDIR /home/node/app', 'COPY package.json ./', 'COPY vendor ./vendor', `RUN ${npmInstall}`, 'COPY . .', 'RUN chown -R node:node /home/node/app', 'USER node', 'CMD ["node", "server.js"]'),
    },
    folders: ['/home/node/app/node_modules', '/home/node/app'],
  },
  {
    name: "Node's guide: a prepared folder and --chown, USER before the install",
    user: 'node',
    files: {
      ...nodeApp,
      ...dockerfile(
        'FROM nonroot-lab/node:trixie',
        'RUN mkdir -p /home/node/app/node_modules && chown -R node:node /home/node/app',
        'WORKDIR /home/node/app',
        'COPY package.json ./',
        'COPY --chown=node:node vendor ./vendor',
        'USER node',
        `RUN ${npmInstall}`,
        'COPY --chown=node:node . .',
        'CMD ["node", "server.js"]',
      ),
    },
    folders: ['/home/node/app/node_modules', '/home/node/app'],
  },
  {
    name: 'Python: a virtualenv under a useradd home',
    user: 'appuser',
    files: {
      'app.py': 'print("hi")\n',
      ...dockerfile('FROM nonroot-lab/python:trixie', 'RUN useradd --create-home appuser', 'WORKDIR /home/appuser/app', 'USER appuser', 'RUN python3 -m venv /home/appuser/venv', 'COPY --chown=appuser:appuser . .', 'CMD ["python3", "app.py"]'),
    },
    folders: ['/home/appuser/venv', '/home/appuser/app'],
  },
  {
    name: 'Django-style: adduser --disabled-password, then chown -R',
    user: 'django',
    files: {
      'manage.py': 'print("hi")\n',
      ...dockerfile('FROM nonroot-lab/python:trixie', 'WORKDIR /app', 'RUN python3 -m venv /app/.venv', 'COPY . .', "RUN adduser --disabled-password --gecos '' django && chown -R django /app", 'USER django', 'CMD ["python3", "manage.py"]'),
    },
    folders: ['/app/.venv', '/app'],
  },
  {
    name: 'Alpine-style: addgroup -S, adduser -S (a system UID near 100)',
    user: 'app',
    files: {
      'run.sh': 'echo hi\n',
      ...dockerfile('FROM nonroot-lab/busybox:1.35', 'RUN addgroup -S app && adduser -S app -G app', 'WORKDIR /app', 'COPY --chown=app:app . .', 'RUN mkdir -p /app/deps && chown app:app /app/deps', 'USER app', 'CMD ["sh", "run.sh"]'),
    },
    folders: ['/app/deps', '/app'],
  },
  {
    name: "Rails-style: useradd --uid 1000, chown -R of the app's folders, USER 1000:1000",
    user: 'rails',
    files: {
      'bin/rails': 'echo hi\n',
      ...dockerfile(
        'FROM nonroot-lab/debian:trixie',
        'WORKDIR /rails',
        'COPY . .',
        'RUN mkdir -p db log storage tmp && groupadd --system --gid 1000 rails && \\',
        '    useradd rails --uid 1000 --gid 1000 --create-home --shell /bin/bash && \\',
        '    chown -R rails:rails db log storage tmp',
        'USER 1000:1000',
        'CMD ["sh", "bin/rails"]',
      ),
    },
    folders: ['/rails/tmp', '/rails/db', '/rails/log', '/rails/storage'],
  },
  {
    name: "PHP-style: the image's www-data (UID 33) given the document root",
    user: 'www-data',
    files: {
      'index.php': '<?php echo "hi";\n',
      ...dockerfile('FROM nonroot-lab/debian:trixie', 'WORKDIR /var/www/html', 'COPY . .', 'RUN mkdir -p vendor && chown -R www-data:www-data /var/www/html', 'CMD ["sh", "-c", "sleep 1"]'),
    },
    folders: ['/var/www/html/vendor', '/var/www/html'],
  },
  {
    name: 'groupadd/useradd with explicit IDs (1001)',
    user: 'app',
    files: {
      'main.sh': 'echo hi\n',
      ...dockerfile('FROM nonroot-lab/debian:trixie', 'RUN groupadd -g 1001 app && useradd -l -m -u 1001 -g 1001 app', 'WORKDIR /srv/app', 'COPY --chown=app:app . .', 'RUN mkdir -p /srv/app/cache && chown app:app /srv/app/cache', 'USER app', 'CMD ["sh", "main.sh"]'),
    },
    folders: ['/srv/app/cache', '/srv/app'],
  },
];

const hosts: HostUser[] = [
  { uid: 1500, gid: 1500 },
  { uid: 1501, gid: 20 },
];

/** A repo of `files` owned by `host`, adopted through the bin as that user with the defaults. */
function adopt(host: HostUser, files: Record<string, string>, flags: string[] = []): { project: Project; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-users-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  run('chown', ['-R', `${host.uid}:${host.gid}`, dir]);
  const ran = run(process.execPath, [BIN, '--yes', '--force', '--builder-image', 'nonroot-lab/busybox:1.35', ...flags], { cwd: dir, user: host, env: { ...process.env, HOME: os.tmpdir() } });
  return { project: projectIn(dir), output: ran.stdout + ran.stderr };
}

/** In the container: its UID, whether it can write each folder, and what in them another non-root UID owns. */
const probe = (folders: string[]) =>
  [
    'echo "UID=$(id -u)"',
    ...folders.map((f) => `touch "${f}/.probe-$$" && echo "WROTE ${f}"`),
    `echo "FOREIGN=$(find ${folders.join(' ')} ! -user "$(id -u)" ! -user 0 | head -n 5 | tr '\\n' ' ')"`,
    'touch /workspace/by-container && echo MOUNT=yes',
  ].join('; ');

describe.each(hosts.map((h) => [`${h.uid}:${h.gid}`, h] as const))('as host user %s', (_, host) => {
  describeEngine.each(shapes.map((s) => [s.name, s] as const))('%s', (__, shape) => {
    let project: Project;
    let output: string;
    let out: string;
    beforeAll(() => {
      ({ project, output } = adopt(host, shape.files));
      project.compose(['build']);
      out = project.compose(['run', '--rm', '-T', 'app', 'sh', '-c', probe(shape.folders)]).stdout;
    }, 600_000);
    afterAll(() => project?.cleanup());

    it('says which user it takes over and why, and keeps its name', () => {
      expect(output).toMatch(new RegExp(`user: ${shape.user}, named by Dockerfile:\\d+ .*: the block re-IDs it to your IDs`));
      expect(fs.readFileSync(path.join(project.dir, 'Dockerfile'), 'utf8')).toContain(`ARG USERNAME=${shape.user}\n`);
    });

    it('runs as the host user, who writes every app folder, and nothing there is another non-root UID\'s', () => {
      expect(out).toContain(`UID=${host.uid}`);
      for (const folder of shape.folders) expect(out).toContain(`WROTE ${folder}`);
      expect(out).toContain('FOREIGN=\n');
    });

    it("writes into the project mount as the host user", () => {
      expect(out).toContain('MOUNT=yes');
      expect(project.owner('by-container')).toBe(`${host.uid}:${host.gid}`);
    });
  });
});
