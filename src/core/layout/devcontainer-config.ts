// Which Dev Container configs a repo has, and what each one says, resolved the way the Dev
// Containers CLI resolves them: paths in devcontainer.json are relative to its own folder.
import { posix } from 'node:path';
import { BrokenReference, InputError } from '../errors.js';
import { jsonLine, parseJsonc, type Json } from '../parse.js';
import { devcontainerMount, type Mount } from './mounts.js';
import { resolvePath, type Repo } from './repo.js';

/** Where the CLI and VS Code look, in their order: one folder level below .devcontainer/ at most. */
export function findDevcontainers(repo: Repo): string[] {
  const named = repo.folders('.devcontainer').map((name) => `.devcontainer/${name}/devcontainer.json`);
  return ['.devcontainer/devcontainer.json', '.devcontainer.json', ...named].filter((file) => repo.read(file) !== undefined);
}

interface Common {
  /** The devcontainer.json, repo-relative. */
  file: string;
  /** Its folder, from which its paths resolve. */
  dir: string;
  workspaceFolder?: string;
  /** The user it names (`remoteUser`, else `containerUser`), with the key that says so. */
  user?: { name: string; key: 'remoteUser' | 'containerUser' };
  /** `updateRemoteUserUID`: whether the Dev Containers CLI re-IDs that user to the host's (default: yes, on Linux). */
  remap: boolean;
  /** `${containerWorkspaceFolder}`: workspaceFolder, else the CLI's default (`/workspaces/<folder>`; `/` for compose). */
  workspace: string;
  /** `mounts`, variables resolved (entries this checkout cannot resolve are left out). */
  mounts: Mount[];
  /** The project's own mount: `workspaceMount`, else the CLI's default bind of the checkout (none for compose). */
  workspaceMount?: Mount;
}

export interface ComposeDevcontainer extends Common {
  kind: 'compose';
  /** Repo-relative, in the order compose merges them; [] means compose's own lookup. */
  composeFiles: string[];
  service?: string;
  runServices?: string[];
}

export interface DockerfileDevcontainer extends Common {
  kind: 'dockerfile';
  /** Repo-relative. */
  dockerfile: string;
  context: string;
  target?: string;
  /** `dockerFile`/`context` at the top level (the schema's older form). */
  legacy: boolean;
}

export interface ImageDevcontainer extends Common {
  kind: 'image';
  image: string;
}

export type Devcontainer = ComposeDevcontainer | DockerfileDevcontainer | ImageDevcontainer;

/** workspaceFolder with the variables that name the checkout resolved; undefined when unset or unknowable. */
function resolveWorkspace(folder: string | undefined, basename: string): string | undefined {
  if (folder === undefined) return undefined;
  const resolved = folder.replace(/\$\{localWorkspaceFolderBasename\}/g, basename);
  return resolved.includes('${') ? undefined : posix.normalize(resolved);
}

const str = (value: Json | undefined) => (typeof value === 'string' ? value : undefined);
const strings = (value: Json | undefined) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined);

export function readDevcontainer(repo: Repo, file: string): Devcontainer {
  const text = repo.read(file);
  if (text === undefined)
    throw new InputError([`--devcontainer ${file}: no such file; pass one of: ${findDevcontainers(repo).join(', ') || '(none here)'}`]);
  const config = parseJsonc(text, file);
  const dir = posix.dirname(file);
  const key = (['remoteUser', 'containerUser'] as const).find((k) => str(config[k]) !== undefined);
  const composeFile = config.dockerComposeFile;
  const basename = posix.basename(repo.root ?? 'workspace');
  // The CLI's defaults (devcontainers/cli, getWorkspaceConfiguration): /workspaces/<folder>, `/` for compose.
  const workspace =
    resolveWorkspace(str(config.workspaceFolder), basename) ?? (composeFile !== undefined ? '/' : `/workspaces/${basename}`);
  const vars = { basename, workspace };
  const entries = Array.isArray(config.mounts) ? config.mounts : [];
  const mounts = entries
    .map((entry, i) => devcontainerMount(entry, vars, { file, line: jsonLine(text, ['mounts', i]) }))
    .filter((m): m is Mount => m !== undefined);
  const defaultMount = composeFile !== undefined ? undefined : `source=\${localWorkspaceFolder},target=/workspaces/${basename},type=bind`;
  const mountText = str(config.workspaceMount) ?? defaultMount;
  const common = {
    file,
    dir,
    workspaceFolder: str(config.workspaceFolder),
    user: key && { name: str(config[key])!, key },
    remap: config.updateRemoteUserUID !== false,
    workspace,
    mounts,
    workspaceMount:
      mountText === undefined ? undefined : devcontainerMount(mountText, vars, { file, line: jsonLine(text, ['workspaceMount']) }),
  };
  if (composeFile !== undefined) {
    const listed = typeof composeFile === 'string' ? [composeFile] : strings(composeFile);
    if (!listed) throw new InputError([`${file}: "dockerComposeFile" must be a file name or a list of them`]);
    const composeFiles = listed.map((name) => resolvePath(dir, name));
    for (const [i, resolved] of composeFiles.entries()) {
      if (repo.read(resolved) === undefined) {
        const line = jsonLine(text, typeof composeFile === 'string' ? ['dockerComposeFile'] : ['dockerComposeFile', i]);
        throw new BrokenReference(
          file,
          line,
          `"dockerComposeFile" names ${JSON.stringify(listed[i])}, which does not ` +
            `exist (${resolved}); paths are relative to the devcontainer.json's folder ` +
            `— fix the path or create the file`,
        );
      }
    }
    return { ...common, kind: 'compose', composeFiles, service: str(config.service), runServices: strings(config.runServices) };
  }
  const build = config.build !== null && typeof config.build === 'object' && !Array.isArray(config.build) ? config.build : {};
  const dockerfile = str(build.dockerfile) ?? str(config.dockerFile);
  if (dockerfile !== undefined) {
    const legacy = str(build.dockerfile) === undefined;
    const context = str(legacy ? config.context : build.context) ?? str(build.context) ?? '.';
    return {
      ...common,
      kind: 'dockerfile',
      dockerfile: resolvePath(dir, dockerfile),
      context: resolvePath(dir, context),
      target: str(build.target),
      legacy,
    };
  }
  const image = str(config.image);
  if (image !== undefined) return { ...common, kind: 'image', image };
  throw new InputError([
    `${file}: has none of "image", "build.dockerfile" or "dockerComposeFile", ` +
      `so no container can be made from it — fix it or move it aside`,
  ]);
}
