// Who runs the command: the IDs files should belong to on the host.
import os from 'node:os';

export interface Host {
  uid: number;
  gid: number;
  login: string | undefined;
  /** Set when the real IDs could not be used; says why and what was used instead. */
  warning?: string;
}

/** The UID/GID used instead of root's 0: the first regular user on most Linux hosts. */
export const FALLBACK_ID = 1000;

export interface HostIds {
  uid: number;
  gid: number;
  login?: string;
}

export function readHostIds(): HostIds {
  // process.getuid is missing on Windows: there bind-mount ownership is virtualised anyway.
  const uid = process.getuid?.() ?? FALLBACK_ID;
  const gid = process.getgid?.() ?? FALLBACK_ID;
  let login: string | undefined;
  try {
    login = os.userInfo().username;
  } catch {
    // A UID with no passwd entry (e.g. `docker run --user`): fall back to the environment.
    login = process.env.USER ?? process.env.LOGNAME;
  }
  return { uid, gid, login };
}

/**
 * Root on the host (sudo, CI runners) must not become a UID-0 alias in the image
 * (https://github.com/Tecnativa/doodba-copier-template/issues/73): use 1000 and say so, rather
 * than stop, because generating on a CI box as root is legitimate.
 */
export function describeHost(facts: HostIds = readHostIds()): Host {
  const rootIds = [facts.uid === 0 && 'UID', facts.gid === 0 && 'GID'].filter(Boolean);
  const host: Host = {
    uid: facts.uid === 0 ? FALLBACK_ID : facts.uid,
    gid: facts.gid === 0 ? FALLBACK_ID : facts.gid,
    login: facts.login,
  };
  if (rootIds.length > 0) {
    host.warning =
      `the host ${rootIds.join(' and ')} ${rootIds.length > 1 ? 'are' : 'is'} 0 ` +
      `(root); using ${FALLBACK_ID} instead so the container user is not root. ` +
      'Run the generator as your own user, or pass --uid/--gid (with --id-strategy fixed) to choose the IDs.';
  }
  return host;
}
