// The seam every host-ID strategy plugs into. A strategy decides where the container user's
// UID/GID come from; everything else (user block, files) is shared. Runtime remapping, rootless
// Podman keep-id and OpenShift arbitrary UIDs will be further modules behind this interface.
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
  compose(input: StrategyInput): {
    /** Build args passed by compose, as YAML scalars (may hold ${VAR} interpolations). */
    args: Record<string, string>;
    /** The service's `user:`. */
    user: string;
  };
  /** Host IDs written into the git-ignored .env (compose reads it by itself). */
  envFile(input: StrategyInput): Record<string, string> | undefined;
  devcontainer: {
    updateRemoteUserUID: boolean;
    /** Runs on the host before the container is created (KNOWLEDGE #28). */
    initializeCommand?: string;
  };
}
