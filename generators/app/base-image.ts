// What the generator must know about a base image before any engine is involved: whether it has
// a shell. Images without one (distroless, Chainguard static) cannot RUN anything in the final
// stage (KNOWLEDGE #5), so the user is created in a builder stage from the image's own
// /etc/passwd and /etc/group and copied over. `scratch` has no account files at all.
import { InputError } from './errors.js';

export interface BaseImageFacts {
  shellLess: boolean;
}

/** Name patterns of images known to ship no /bin/sh (distroless :debug has only /busybox/sh). */
const SHELL_LESS = [/(^|\/)distroless(\/|$)/, /(^|\/)distroless[^/]*$/, /^cgr\.dev\/chainguard\/static(:|@|$)/];

/** The default builder for shell-less bases: any image with a POSIX sh, awk and sed will do. */
export const DEFAULT_BUILDER_IMAGE = 'busybox:1.37';

export function describeBaseImage(reference: string): BaseImageFacts {
  const name = reference.split('@')[0].replace(/:[\w][\w.-]*$/, '');
  if (name === 'scratch') {
    throw new InputError([
      '--base-image scratch has no /etc/passwd to add a user to and no shell to run anything. ' +
        'Use a distroless image instead (e.g. gcr.io/distroless/static-debian12), which the generator supports.',
    ]);
  }
  return { shellLess: SHELL_LESS.some((pattern) => pattern.test(name)) };
}
