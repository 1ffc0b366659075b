// What the generator wants of one adopted compose service: the data every compose merge module
// reads (compose.ts, compose-build.ts, compose-volumes.ts), kept apart so they import it, not each other.
export interface WantedService {
  name: string;
  role: 'owner' | 'override';
  /** The build to add when the service has none, paths as written in this project. */
  build: { context: string; dockerfile?: string };
  /** UID/GID build args; {} when the IDs are baked in. */
  args: Record<string, string>;
  /** undefined: the service has no `user:` (the image's USER; the runtime strategy starts as root). */
  user?: string;
  /** Podman keep-id; undefined: a keep-id value is removed, any other value stays. */
  usernsMode?: string;
  mount: {
    /** Written when the project has no mount of its own: from the project directory ('.', '..'). */
    source: string;
    target: string;
    /** The project has no mount of the project folder for this service: add ours. */
    add: boolean;
    /** --workspace was given: an existing project mount is pointed at `target`. */
    retarget: boolean;
  };
  /** --volumes entries, `name:/path`. */
  volumes: string[];
}
