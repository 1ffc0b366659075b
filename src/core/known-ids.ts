// Users and groups that base images are known to ship at fixed IDs, which a hand-written
// `useradd -u 1000` or `groupadd -g 20` then collides with
// (https://github.com/devcontainers/features/issues/531, https://github.com/devcontainers/cli/issues/494,
// https://github.com/projectcalico/toolchain/issues/64). The e2e suite keeps this table honest
// against the lab's stand-ins (and the real images where a registry is reachable): a row that no
// longer matches its image fails there.
export interface KnownIds {
  /** The image names (without tag or digest) the row applies to, and tags it applies to. */
  image: RegExp;
  tag?: (tag: string) => boolean;
  users: Record<number, string>;
  groups: Record<number, string>;
  /** BusyBox's adduser refuses UIDs above this (Alpine's CONFIG_LAST_ID). */
  maxUid?: number;
}

/** Debian's and Alpine's own groups that hosts' primary GIDs meet: macOS 20, Linux 100. */
const SYSTEM_GROUPS = { 20: 'dialout', 100: 'users' };
const ubuntuWithUser = (tag: string) => /^(2[3-9]|[3-9]\d)\.|^(lunar|mantic|noble|oracular|plucky|questing|latest|rolling|devel)/.test(tag);

export const KNOWN_IDS: readonly KnownIds[] = [
  {
    image: /^(docker\.io\/)?(library\/)?ubuntu$/,
    tag: ubuntuWithUser,
    users: { 1000: 'ubuntu' },
    groups: { ...SYSTEM_GROUPS, 1000: 'ubuntu' },
  },
  { image: /^(docker\.io\/)?(library\/)?node$/, users: { 1000: 'node' }, groups: { ...SYSTEM_GROUPS, 1000: 'node' } },
  { image: /^mcr\.microsoft\.com\/(vscode\/)?devcontainers\//, users: { 1000: 'vscode' }, groups: { ...SYSTEM_GROUPS, 1000: 'vscode' } },
  { image: /^(docker\.io\/)?(library\/)?(alpine|busybox)$/, users: {}, groups: SYSTEM_GROUPS, maxUid: 256000 },
  {
    image: /^(docker\.io\/)?(library\/)?(debian|ubuntu|python|golang|ruby|rust|php|perl|openjdk|eclipse-temurin|buildpack-deps)$/,
    users: {},
    groups: SYSTEM_GROUPS,
  },
];

/** The row for an image reference like `node:22-bookworm`, or undefined when nothing is known. */
export function knownIds(reference: string): KnownIds | undefined {
  const [name, tag = 'latest'] = reference.split('@')[0].split(/:(?=[^/]*$)/);
  return KNOWN_IDS.find((row) => row.image.test(name) && (!row.tag || row.tag(tag)));
}
