// The real-world corpus (test/fixtures/repos/) on the real tools: every adopted repo passes
// `docker compose config` the way compose or the Dev Containers CLI would load it and is read by
// `devcontainer read-configuration`; one repo of each Dev Container kind is opened with the real
// CLI as a UID-1500 host user, runs as that user and writes files that user owns.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'jsonc-parser';
import { copyFixture, fixtures, REPOS } from '../support/corpus.js';
import { spawnAsync } from '../../src/verify/engine-run.js';
import { listFiles } from '../support/generate.js';
import { devcontainerSession } from './support/devcontainer.js';
import { BIN, describeEngine, DEVCONTAINER_CLI, projectIn, type HostUser, type Ran } from './support/lab.js';
import { adoptFixture } from './support/adopt.js';

/** The devcontainer.json a run adopts: the one --devcontainer names, else the CLI's first place. */
function devcontainerOf(dir: string, args: string[]): string | undefined {
  const given = args[args.indexOf('--devcontainer') + 1];
  if (args.includes('--devcontainer')) return given;
  return ['.devcontainer/devcontainer.json', '.devcontainer.json'].find((f) => fs.existsSync(path.join(dir, f)));
}

/** `-f` arguments as the Dev Containers CLI passes them, or none: compose's own lookup. */
function composeArgs(dir: string, config: string): string[] {
  const files = (
    parse(fs.readFileSync(path.join(dir, config), 'utf8'), [], { allowTrailingComma: true }) as { dockerComposeFile?: string | string[] }
  ).dockerComposeFile;
  return [files ?? []].flat().flatMap((f) => ['-f', path.join(path.dirname(config), f)]);
}

/** The config lists our Feature that re-owns, after the CLI's remap, the folders outside $HOME. */
const remapped = (configuration: { features?: Record<string, unknown> }) =>
  Object.keys(configuration.features ?? {}).some((key) => key.endsWith('nonroot-remap'));

/** The newer strategies each adopted repo is switched to, in turn. */
const SWITCH_TO = ['podman', 'rootless-docker', 'arbitrary', 'runtime'];

/** What the real tools said of one adopted repo, then of it switched to a newer strategy. */
interface Seen {
  composeFree: boolean;
  strategy: string;
  adopted: Ran;
  compose?: Ran;
  read: Ran;
  switched: Ran;
  switchedCompose?: Ran;
  switchedRead: Ran;
}

/** A command run without blocking, so that two repos' tools run at once (both cores busy). */
const spawnRun = (command: string, args: string[], cwd?: string): Promise<Ran> =>
  spawnAsync([command, ...args], cwd ?? process.cwd(), 300_000, { HOME: os.tmpdir() }).then((r) => ({ ...r, status: r.status }));
const readConfig = (dir: string, config: string) =>
  spawnRun(DEVCONTAINER_CLI, ['read-configuration', '--workspace-folder', dir, '--config', path.join(dir, config)]);
const lastJson = (ran: Ran) => JSON.parse(ran.stdout.trim().split('\n').at(-1)!) as { configuration: Record<string, unknown> };
const ok = (ran: Ran | undefined) => (ran && ran.status !== 0 ? `exit ${ran.status}\n${ran.stdout}\n${ran.stderr}` : 'ok');

/** Each repo adopted, loaded by compose and the CLI, switched and loaded again: two repos at a time. */
async function onTheRealTools(): Promise<Map<string, Seen>> {
  const adopted = fixtures.filter((f) => !f.refused);
  const seen = new Map<string, Seen>();
  const one = async (fixture: (typeof adopted)[number], index: number) => {
    const dir = copyFixture(fixture.name);
    dirs.push(dir);
    const bin = (args: string[]) =>
      spawnRun(process.execPath, [BIN, '--yes', '--force', '--username', 'dev', ...args, ...fixture.args], dir);
    // A Dockerfile- or image-based devcontainer without compose files gets none: nothing for compose.
    const composeFree =
      ['dockerfile-devcontainer', 'image-devcontainer'].includes(fixture.layout) &&
      !listFiles(path.join(REPOS, fixture.name)).some((f) => /compose[^/]*\.ya?ml$/.test(f));
    // Each repo switches to one of the newer strategies, in turn (shell-less images take the ones without an entrypoint script).
    const strategy = /distroless|scratch/.test(fixture.name)
      ? ['podman', 'rootless-docker'][index % 2]
      : SWITCH_TO[index % SWITCH_TO.length];
    const result = { composeFree, strategy, adopted: await bin([]) } as Seen;
    const config = devcontainerOf(dir, fixture.args)!;
    const compose = () => spawnRun('docker', ['compose', ...composeArgs(dir, config), 'config'], dir);
    if (!composeFree) result.compose = await compose();
    result.read = await readConfig(dir, config);
    result.switched = await bin(['--id-strategy', strategy]);
    if (!composeFree) result.switchedCompose = await compose();
    result.switchedRead = await readConfig(dir, config);
    seen.set(fixture.name, result);
  };
  const queue = adopted.map((fixture, index) => () => one(fixture, index));
  await Promise.all(
    [0, 1].map(async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await next();
    }),
  );
  return seen;
}
const dirs: string[] = [];

describeEngine('the corpus on the real tools', () => {
  let seen: Map<string, Seen>;
  beforeAll(async () => {
    seen = await onTheRealTools();
  }, 900_000);
  afterAll(() => dirs.forEach((dir) => fs.rmSync(path.dirname(dir), { recursive: true, force: true })));

  describe.each(fixtures.filter((f) => !f.refused).map((f) => [f.name] as const))('%s', (name) => {
    it('is adopted, passes docker compose config (as compose or the Dev Containers CLI load it), is read by the CLI', () => {
      const { adopted, compose, read, composeFree } = seen.get(name)!;
      expect(ok(adopted)).toBe('ok');
      if (!composeFree) expect([ok(compose), compose!.stdout]).toEqual(['ok', expect.stringMatching(/\n\s+user: "?\d+:\d+"?\n/)]);
      expect(ok(read)).toBe('ok');
      // The container user is root where our nonroot-remap Feature re-owns folders at start; sessions are dev's.
      const { configuration } = lastJson(read);
      expect(configuration).toMatchObject({ remoteUser: 'dev', containerUser: remapped(configuration) ? 'root' : 'dev' });
    });

    it('switched to a newer strategy, still loads in compose and the Dev Containers CLI', () => {
      const { switched, switchedCompose, switchedRead, strategy } = seen.get(name)!;
      expect([strategy, ok(switched), ok(switchedCompose), ok(switchedRead)]).toEqual([strategy, 'ok', 'ok', 'ok']);
      const user = strategy === 'rootless-docker' ? 'root' : 'dev';
      const { configuration } = lastJson(switchedRead);
      expect(configuration).toMatchObject({ remoteUser: user, containerUser: remapped(configuration) ? 'root' : user });
    });
  });
});

const host: HostUser = { uid: 1500, gid: 1500 };

/** A corpus repo adopted by host user 1500 with the defaults, the username `dev`. */
const adoptAsHost = (name: string, flags: string[] = []) => adoptFixture(name, host, ['--username', 'dev', ...flags]);

// The official templates' compose layout is opened as a fresh clone: no .env until the config's
// initializeCommand writes .devcontainer/.env, the one compose reads for that project.
const kinds: [string, string, boolean][] = [
  ['compose', 'devc-compose-node-postgres', true],
  ['compose', 'devc-compose-extend-existing', false],
  ['Dockerfile', 'devc-dockerfile-build-context', false],
  ['image', 'devc-image-root-dotfile', false],
];

describeEngine.each(kinds)('a %s-based Dev Container from the corpus (%s), opened with the real CLI as UID 1500', (_, name, freshClone) => {
  let dir: string;
  let session: ReturnType<typeof devcontainerSession>;

  beforeAll(() => {
    dir = adoptAsHost(name);
    if (freshClone) fs.rmSync(path.join(dir, '.devcontainer/.env'));
    session = devcontainerSession(dir, host);
    session.cli(['up']);
  }, 600_000);
  afterAll(() => {
    session?.cleanup();
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it('runs as the host user, by name, with a home of its own', () => {
    const { stdout } = session.cli(['exec', 'sh', '-c', 'echo "$(id -u):$(id -g):$(id -un):$HOME:$(stat -c %u "$HOME")"']);
    expect(stdout.trim().split('\n').at(-1)).toBe('1500:1500:dev:/home/dev:1500');
  });

  it('writes workspace files the host user owns', () => {
    session.cli(['exec', 'touch', 'by-devcontainer']);
    const stat = fs.statSync(path.join(dir, 'by-devcontainer'));
    expect(`${stat.uid}:${stat.gid}`).toBe('1500:1500');
  });

  if (freshClone) {
    it('wrote the host IDs through initializeCommand into the .env beside the compose file', () => {
      expect(fs.readFileSync(path.join(dir, '.devcontainer/.env'), 'utf8')).toBe('HOST_UID=1500\nHOST_GID=1500\n');
      expect(fs.existsSync(path.join(dir, '.env'))).toBe(false);
    });
  }
});

describeEngine('several services building one shared Dockerfile (corpus: compose-nginx-two-webs-4space), as UID 1500', () => {
  let dir: string;
  let project: ReturnType<typeof projectIn>;

  beforeAll(() => {
    dir = adoptAsHost('compose-nginx-two-webs-4space', ['--service', 'web1,web2']);
    project = projectIn(dir);
    project.compose(['build']);
  }, 600_000);
  afterAll(() => {
    project?.cleanup();
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it('adopted the shared Dockerfile once', () => {
    expect(fs.readFileSync(path.join(dir, 'app/Dockerfile'), 'utf8').match(/# >>> generator-nonroot:user/g)).toHaveLength(1);
  });

  it.each(['web1', 'web2'])('%s runs as the host user and writes files in its own mount that the host user owns', (service) => {
    const out = project.compose(['run', '--rm', '-T', service, 'sh', '-c', `id -u; touch /srv/app/by-${service}`]).stdout;
    expect(out.trim()).toBe('1500');
    const stat = fs.statSync(path.join(dir, `app/by-${service}`));
    expect(`${stat.uid}:${stat.gid}`).toBe('1500:1500');
  });
});
