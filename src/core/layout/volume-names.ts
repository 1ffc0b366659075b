// The engine's name of each named volume the repo mounts, worked out the way the tool that creates
// it names it, so that doctor and reclaim look at this repo's volumes and never another project's:
//  - compose (the repo root's files): `<project>_<key>`, the project being COMPOSE_PROJECT_NAME
//    (the environment, then the project folder's .env), else the files' top-level `name:` (the
//    last one), else the project folder's name, lower-cased, with characters outside [a-z0-9_-]
//    dropped and leading `_`/`-` trimmed (https://docs.docker.com/compose/how-tos/project-name/,
//    compose-go's NormalizeProjectName); a top-level volume with `name:` or `external: true` keeps
//    the name given (https://docs.docker.com/reference/compose-file/volumes/);
//  - the Dev Containers CLI, for a compose-based config: the same, but under its own project name
//    (COMPOSE_PROJECT_NAME, the checkout's .env, `name:`, else `<checkout>_devcontainer` for files in
//    .devcontainer/, else their folder's name; devcontainers/cli getProjectName), and the config's
//    volume `mounts` become top-level volumes of that project;
//  - a Dockerfile- or image-based Dev Container: `docker run --mount source=<name>`, the name as written.
// Pure but for reads of the repo.
import { posix } from 'node:path';
import { parseYaml } from '../parse.js';
import { envEntries } from '../text/lines.js';
import type { ComposeProject } from './compose-project.js';
import type { Container, DevcontainerEntry, RepoModel } from './model.js';
import type { Mount } from './mounts.js';
import type { Repo } from './repo.js';

export interface NameContext {
  /** The checkout, absolute: its name is the default project name. */
  folder: string;
  /** The environment compose and the CLI run in (COMPOSE_PROJECT_NAME, interpolated names). */
  env: Record<string, string | undefined>;
}

export interface RepoVolume {
  /** The engine's name (`shop_db-data`). */
  name: string;
  /** As the repo writes it (`db-data`). */
  short: string;
  /** `external: true`: the repo uses a volume it did not create. */
  external: boolean;
  /** Every mount of it: the container, the line that declares the mount, and the compose project that runs it. */
  mounts: { container: Container; mount: Mount; project?: string }[];
}

/** compose-go's NormalizeProjectName: lower case, only [a-z0-9_-], no leading `_` or `-`. */
export const normalizeProjectName = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');

/** The CLI's toProjectName (compose >= 1.21): lower case, only [a-z0-9_-]. */
const cliProjectName = (name: string) => name.toLowerCase().replace(/[^-_a-z0-9]/g, '');

/** `${X}`, `${X:-d}`, `${X-d}`, `$X` from `vars`; undefined when a variable is unset and has no default. */
export function interpolate(text: string, vars: Record<string, string | undefined>): string | undefined {
  let unknown = false;
  const out = text.replace(/\$(?:\{([A-Za-z_]\w*)(?:(:?-)([^}]*))?\}|([A-Za-z_]\w*))/g, (_, braced, op, fallback, bare) => {
    const value = vars[braced ?? bare];
    if (op !== undefined && (value === undefined || (op === ':-' && value === ''))) return fallback;
    if (value === undefined) unknown = true;
    return value ?? '';
  });
  return unknown || out.includes('$') ? undefined : out;
}

/** KEY=value lines of a .env file, none when there is no file. */
const envFile = (text: string | undefined): Record<string, string> => envEntries(text) ?? {};

interface Declared {
  /** The merged top-level `name:`, as written. */
  name?: string;
  volumes: Record<string, { name?: string; external: boolean }>;
}

/** The files' top-level `name:` and `volumes:`, later files overriding earlier ones key by key, as compose merges them. */
function declared(repo: Repo, project: ComposeProject): Declared {
  const out: Declared = { volumes: {} };
  for (const file of project.files) {
    const data = parseYaml(repo.read(file) ?? '', file).toJS({ maxAliasCount: -1 }) as Record<string, unknown> | null;
    if (typeof data?.name === 'string') out.name = data.name;
    const volumes = data?.volumes !== null && typeof data?.volumes === 'object' ? (data.volumes as Record<string, unknown>) : {};
    for (const [key, raw] of Object.entries(volumes)) {
      const value = (raw ?? {}) as Record<string, unknown>;
      const previous = out.volumes[key] ?? { external: false };
      const legacy = value.external !== null && typeof value.external === 'object' ? (value.external as { name?: unknown }) : undefined;
      out.volumes[key] = {
        name: typeof value.name === 'string' ? value.name : typeof legacy?.name === 'string' ? legacy.name : previous.name,
        external: value.external === undefined ? previous.external : value.external === true || legacy !== undefined,
      };
    }
  }
  return out;
}

/** The project folder's name on this machine ('.' is the checkout's own). */
const folderName = (folder: string, dir: string) => posix.basename(posix.resolve(folder, dir));

/** compose's project name for `project` run with `docker compose` in the checkout; undefined when it cannot be known here. */
export function composeProjectName(repo: Repo, project: ComposeProject, ctx: NameContext): string | undefined {
  const dotEnv = envFile(repo.read(project.envFile));
  const vars = { ...dotEnv, ...ctx.env };
  if (vars.COMPOSE_PROJECT_NAME) return vars.COMPOSE_PROJECT_NAME;
  const written = declared(repo, project).name;
  if (written !== undefined) {
    const name = interpolate(written, vars);
    return name === undefined ? undefined : normalizeProjectName(name) || undefined;
  }
  return normalizeProjectName(folderName(ctx.folder, project.dir)) || undefined;
}

/** The Dev Containers CLI's project name for a compose-based config, opened from the checkout. */
export function devcontainerProjectName(repo: Repo, entry: DevcontainerEntry, ctx: NameContext): string | undefined {
  const project = entry.compose!;
  const dotEnv = envFile(repo.read('.env'));
  const fromEnv = cliProjectName(ctx.env.COMPOSE_PROJECT_NAME ?? '') || cliProjectName(dotEnv.COMPOSE_PROJECT_NAME ?? '');
  if (fromEnv) return fromEnv;
  const written = declared(repo, project).name;
  if (written !== undefined) {
    const name = interpolate(written, { ...envFile(repo.read(project.envFile)), ...ctx.env });
    return name === undefined ? undefined : cliProjectName(name) || undefined;
  }
  if (project.dir === '.devcontainer') return cliProjectName(`${posix.basename(ctx.folder)}_devcontainer`);
  return cliProjectName(folderName(ctx.folder, project.dir)) || undefined;
}

/** The engine's name of volume `key` of a compose project named `projectName`. */
function engineName(key: string, projectName: string, decl: Declared, vars: Record<string, string | undefined>) {
  const volume = decl.volumes[key];
  const given = volume?.name !== undefined ? interpolate(volume.name, vars) : undefined;
  if (volume?.name !== undefined && given === undefined) return undefined;
  return { name: given ?? (volume?.external ? key : `${projectName}_${key}`), external: volume?.external ?? false };
}

/** Every named volume the repo's containers mount, by its engine name. */
export function repoVolumes(model: RepoModel, ctx: NameContext): RepoVolume[] {
  const byName = new Map<string, RepoVolume>();
  const add = (name: string, short: string, external: boolean, container: Container, mount: Mount, project?: string) => {
    const volume = byName.get(name) ?? { name, short, external, mounts: [] };
    volume.mounts.push({ container, mount, project });
    byName.set(name, volume);
  };
  const root = model.layout().compose?.files.join('\n');
  for (const project of model.composeProjects) {
    const decl = declared(model.repo, project);
    const vars = { ...envFile(model.repo.read(project.envFile)), ...ctx.env };
    const sameFiles = (d: DevcontainerEntry) => d.compose?.files.join('\n') === project.files.join('\n');
    // Who runs the project: compose in the checkout (the root's files), the CLI for each config that names them.
    const runners: { name?: string; by?: DevcontainerEntry }[] = [
      ...(project.files.join('\n') === root ? [{ name: composeProjectName(model.repo, project, ctx) }] : []),
      ...model.devcontainers.filter(sameFiles).map((by) => ({ name: devcontainerProjectName(model.repo, by, ctx), by })),
    ];
    for (const container of model.containers.filter((c) => c.project === project))
      for (const mount of container.mounts) {
        if (mount.kind !== 'volume' || mount.source === undefined) continue;
        // A config's own mounts exist only when the CLI opens it; the service's, whoever runs the project.
        const fromConfig = mount.file === container.devcontainer?.file;
        for (const runner of runners) {
          if (runner.name === undefined || (fromConfig && runner.by !== container.devcontainer)) continue;
          const named = engineName(mount.source, runner.name, decl, vars);
          if (named) add(named.name, mount.source, named.external, container, mount, runner.name);
        }
      }
  }
  for (const container of model.containers.filter((c) => !c.project))
    for (const mount of container.mounts)
      if (mount.kind === 'volume' && mount.source !== undefined) add(mount.source, mount.source, false, container, mount);
  return [...byName.values()];
}
