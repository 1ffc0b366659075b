// Who runs doctor: the IDs the repo's files should belong to.
import type { Check } from './types.js';

export const host: Check = {
  id: 'host',
  title: 'who you are on this machine: login, UID, GID',
  run: ({ host: { uid, gid, login } }) => [
    uid === 0
      ? {
          status: 'warn',
          summary: `you are root (UID 0): every file is yours, so nothing here can be predicted for the user who works in this folder`,
          fix: 'run doctor as that user',
        }
      : { status: 'ok', summary: `${login ?? 'you'}: UID ${uid}, GID ${gid}` },
  ],
};
