// The seam every host-ID strategy plugs into. A strategy decides where the container user's
// UID/GID come from and who the container runs as on a developer's engine; the user block, the
// file table and the merges are shared. One module per strategy, one row in index.ts.
import type { EngineInfo } from '../engine.js';
import type { Host } from '../host.js';

export interface Ids {
  uid: number;
  gid: number;
}

export interface StrategyInput {
  host: Host;
  /** --uid/--gid (or stored answers), when given. */
  ids: Partial<Ids>;
}

export interface StrategyCompose {
  /** Build args passed by compose, as YAML scalars (may hold ${VAR} interpolations). */
  args: Record<string, string>;
  /** The service's `user:`; undefined: no `user:` (one the generator wrote is removed). */
  user?: string;
  /** Podman's `userns_mode` (keep-id); undefined: a keep-id value is removed. */
  usernsMode?: string;
}

export interface Strategy {
  id: string;
  /** One line for the prompt's choice list. */
  title: string;
  /** Whether --uid/--gid are asked for (they are always accepted as flags). */
  asksIds: boolean;
  /** IDs baked into the image as ARG defaults; undefined: the IDs are required build args. */
  imageIds(input: StrategyInput): Ids | undefined;
  /** Whether --uid/--gid belong in .yo-rc.json (never for per-host IDs). */
  storesIds: boolean;
  compose(input: StrategyInput): StrategyCompose;
  /** Host IDs written into the git-ignored .env (compose reads it by itself). */
  envFile(input: StrategyInput): Record<string, string> | undefined;
  devcontainer(input: StrategyInput): StrategyDevcontainer;
  /** Who `id` says the container is when compose runs it on an engine the strategy fits (verify checks it). */
  runsAs(input: StrategyInput): Ids;
  /** What `docker compose run app id` prints, for the next steps; absent: your own UID/GID. */
  idSays?(imageIds: Ids | undefined): string;
  /** What the image does beyond the shared user block. */
  image: {
    /** The user's folders and /etc/passwd are group 0 with g=u, the final USER is `UID:0` (arbitrary UIDs). */
    groupZero?: boolean;
    /** An entrypoint script of the .nonroot folder the image starts with. */
    entrypoint?: string;
    /** The image ends as root (the entrypoint drops to the user). */
    endsAsRoot?: boolean;
  };
  /** Needs a shell in the final image (an entrypoint script): shell-less bases are refused. */
  needsShell?: boolean;
  /** Whether the strategy gives the host user their files on this engine. */
  fits(engine: EngineInfo): boolean;
}

export interface StrategyDevcontainer {
  updateRemoteUserUID: boolean;
  /**
   * Runs on the host before the container is created: it can write .env, not export into localEnv
   * (https://github.com/devcontainers/spec/issues/25).
   */
  initializeCommand?: string;
  /** Extra `docker run` arguments for image- and Dockerfile-based configs (compose ones use the compose file). */
  runArgs?: string[];
  /** Who the Dev Container runs as; default: the image's user. */
  runAs?: 'root';
}
