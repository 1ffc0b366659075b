// What the generator must know about a base image before any engine is involved: whether it has
// a shell. Images without one (distroless, Chainguard static, scratch) cannot RUN anything in the
// final stage (https://github.com/GoogleContainerTools/distroless/issues/277), so the user is
// created in a builder stage and copied over: from the image's own /etc/passwd and /etc/group, or
// for `scratch`, which has none, from minimal ones holding only root and the user.

export interface BaseImage {
  shellLess: boolean;
  /** No account files at all: the builder writes them from nothing. */
  scratch: boolean;
}

/** Name patterns of images known to ship no /bin/sh (distroless :debug has only /busybox/sh). */
const SHELL_LESS = [/(^|\/)distroless(\/|$)/, /(^|\/)distroless[^/]*$/, /^cgr\.dev\/chainguard\/static(:|@|$)/];

/** The default builder for shell-less bases: any image with a POSIX sh, awk and sed will do. */
export const DEFAULT_BUILDER_IMAGE = 'busybox:1.37';

export function describeBaseImage(reference: string): BaseImage {
  const name = reference.split('@')[0].replace(/:[\w][\w.-]*$/, '');
  const scratch = name === 'scratch';
  return { shellLess: scratch || SHELL_LESS.some((pattern) => pattern.test(name)), scratch };
}
