// The real-world corpus (test/fixtures/repos/) on the real tools: every adopted repo passes
// `docker compose config` the way compose or the Dev Containers CLI would load it and is read by
// `devcontainer read-configuration`; one repo of each Dev Container kind is opened with the real
// CLI as a UID-1500 host user, runs as that user and writes files that user owns.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'jsonc-parser';
import { copyFixture, fixtures, REPOS, runBin } from '../support/corpus.js';
import { listFiles } from '../support/generate.js';
import { devcontainerSession } from './support/devcontainer.js';
import { describeEngine, DEVCONTAINER_CLI, projectIn, run, type HostUser } from './support/lab.js';
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

describeEngine.each(fixtures.filter((f) => !f.refused).map((f) => [f.name, f] as const))('corpus on the real tools: %s', (_, fixture) => {
  let dir: string;
  let config: string;
  beforeAll(() => {
    dir = copyFixture(fixture.name);
    const adopted = runBin(dir, ['--yes', '--force', '--username', 'dev', ...fixture.args]);
    if (adopted.status !== 0) throw new Error(adopted.output);
    config = devcontainerOf(dir, fixture.args)!;
  });
  afterAll(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

  // A Dockerfile- or image-based devcontainer without compose files gets none: nothing to check.
  const composeFree =
    ['dockerfile-devcontainer', 'image-devcontainer'].includes(fixture.layout) &&
    !listFiles(path.join(REPOS, fixture.name)).some((f) => /compose[^/]*\.ya?ml$/.test(f));
  if (!composeFree) {
    it('passes docker compose config, the files loaded as compose or the Dev Containers CLI load them', () => {
      const { stdout } = run('docker', ['compose', ...composeArgs(dir, config), 'config'], { cwd: dir });
      expect(stdout).toMatch(/\n\s+user: "?\d+:\d+"?\n/);
    });
  }

  // Every adopted repo has a devcontainer.json: its own, or the one the run added.
  it('is read by the real Dev Containers CLI', () => {
    const { stdout } = run(DEVCONTAINER_CLI, ['read-configuration', '--workspace-folder', dir, '--config', path.join(dir, config)], {
      env: { ...process.env, HOME: os.tmpdir() },
    });
    // The container user is root where our nonroot-remap Feature re-owns folders at start; sessions are dev's.
    const { configuration } = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(configuration).toMatchObject({ remoteUser: 'dev', containerUser: remapped(configuration) ? 'root' : 'dev' });
  });

  // Each repo then switches to one of the newer strategies, in turn (shell-less images take the
  // ones without an entrypoint script): the tools still load what the switch rewrote.
  const index = fixtures.filter((f) => !f.refused).indexOf(fixture);
  const shellLess = /distroless|scratch/.test(fixture.name);
  const strategy = shellLess ? ['podman', 'rootless-docker'][index % 2] : SWITCH_TO[index % SWITCH_TO.length];
  it(`switched to --id-strategy ${strategy}, still loads in compose and the Dev Containers CLI`, () => {
    const switched = runBin(dir, ['--yes', '--force', '--username', 'dev', '--id-strategy', strategy, ...fixture.args]);
    expect(switched.status).toBe(0);
    if (!composeFree) run('docker', ['compose', ...composeArgs(dir, config), 'config'], { cwd: dir });
    const { stdout } = run(DEVCONTAINER_CLI, ['read-configuration', '--workspace-folder', dir, '--config', path.join(dir, config)], {
      env: { ...process.env, HOME: os.tmpdir() },
    });
    const user = strategy === 'rootless-docker' ? 'root' : 'dev';
    const { configuration } = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(configuration).toMatchObject({ remoteUser: user, containerUser: remapped(configuration) ? 'root' : user });
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
