// Names the generator writes and every command recognises. The templates under templates/ spell the
// in-image paths out, as a Dockerfile reader expects to see them; check and the merges find our own
// files by these.

/** The folder, in each build context, of the scripts the generator writes. */
export const NONROOT_DIR = '.nonroot';
/** Creates or takes over the user at build time (and at start, for the runtime strategy). */
export const USER_SCRIPT = `${NONROOT_DIR}/create-user.sh`;
/** Writes the host's IDs to .env, run once per clone (build-arg). */
export const HOST_IDS_SCRIPT = `${NONROOT_DIR}/host-ids.sh`;
/** Where the runtime strategy's entrypoint sits in the image (templates/dockerfile/user-block.ejs). */
export const IMAGE_ENTRYPOINT = '/usr/local/lib/nonroot/entrypoint.sh';

/**
 * A container path the generator writes into compose's short volume syntax, a shell and YAML: absolute,
 * /-separated names without ':' (it splits the volume syntax), spaces or quotes.
 */
export const isPlainContainerPath = (value: string) => /^(\/[A-Za-z0-9._@+-]+)+$/.test(value);

/** Our local Dev Container Feature that re-owns, after the CLI's UID remap, the user's folders outside $HOME. */
export const REMAP_FEATURE = 'nonroot-remap';
/** A devcontainer.json `features` key naming it, from wherever the config sits (`./nonroot-remap`, `../nonroot-remap`). */
export const isRemapFeature = (key: string) => key === REMAP_FEATURE || key.endsWith(`/${REMAP_FEATURE}`);
