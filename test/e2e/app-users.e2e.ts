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
import { fileURLToPath } from 'node:url';
import { BIN, describeEngine, projectIn, run, type HostUser, type Project } from './support/lab.js';

/** test/fixtures/shapes/<name>/: an app in a shape public guides teach; <name>.json says which, and its folders. */
interface Shape {
  name: string;
  standsFor: string;
  /** The user the run says it takes over. */
  user: string;
  /** The app's own folders (WORKDIRs, what the Dockerfile gives its user); the first is its dependency folder. */
  folders: string[];
}
const SHAPES = fileURLToPath(new URL('../fixtures/shapes', import.meta.url));
const shapes: Shape[] = fs
  .readdirSync(SHAPES)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ name: f.slice(0, -5), ...JSON.parse(fs.readFileSync(path.join(SHAPES, f), 'utf8')) }));

/** As host users 1500:1500 and 1501:20 with the defaults (the user is kept), and with --username (renamed). */
const runs: { host: HostUser; username?: string }[] = [
  { host: { uid: 1500, gid: 1500 } },
  { host: { uid: 1501, gid: 20 } },
  { host: { uid: 1500, gid: 1500 }, username: 'dev' },
];

/** A copy of a shape owned by `host`, adopted through the bin as that user with the defaults. */
function adopt(host: HostUser, shape: string, flags: string[] = []): { project: Project; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-users-'));
  fs.cpSync(path.join(SHAPES, shape), dir, { recursive: true });
  run('chown', ['-R', `${host.uid}:${host.gid}`, dir]);
  const ran = run(process.execPath, [BIN, '--yes', '--force', '--builder-image', 'nonroot-lab/busybox:1.35', ...flags], {
    cwd: dir,
    user: host,
    env: { ...process.env, HOME: os.tmpdir() },
  });
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

describe.each(runs.map((r) => [`${r.host.uid}:${r.host.gid}${r.username ? `, --username ${r.username}` : ''}`, r] as const))(
  'as host user %s',
  (_, { host, username }) => {
    describeEngine.each(shapes.map((s) => [s.standsFor, s] as const))('%s', (__, shape) => {
      let project: Project;
      let output: string;
      let out: string;
      beforeAll(() => {
        ({ project, output } = adopt(host, shape.name, username ? ['--username', username] : []));
        project.compose(['build']);
        out = project.compose(['run', '--rm', '-T', 'app', 'sh', '-c', probe(shape.folders)]).stdout;
      }, 600_000);
      afterAll(() => project?.cleanup());

      it(username ? 'says which user it takes over and renames it' : 'says which user it takes over and why, and keeps its name', () => {
        const says = username
          ? `renames its user ${shape.user} \\(Dockerfile:\\d+ [^\\n]*\\) to ${username}, with your UID/GID \\(--username\\)`
          : `keeps its user ${shape.user} \\(Dockerfile:\\d+ [^\\n]*\\) and gives it your UID/GID`;
        expect(output).toMatch(new RegExp(`Dockerfile ${says}`));
        expect(fs.readFileSync(path.join(project.dir, 'Dockerfile'), 'utf8')).toContain(`ARG USERNAME=${username ?? shape.user}\n`);
      });

      it("runs as the host user, who writes every app folder, and nothing there is another non-root UID's", () => {
        expect(out).toContain(`UID=${host.uid}`);
        for (const folder of shape.folders) expect(out).toContain(`WROTE ${folder}`);
        expect(out).toContain('FOREIGN=\n');
      });

      it('writes into the project mount as the host user', () => {
        expect(out).toContain('MOUNT=yes');
        expect(project.owner('by-container')).toBe(`${host.uid}:${host.gid}`);
      });
    });
  },
);
