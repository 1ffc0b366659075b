// The users a Dockerfile names, and every place it names them: the accounts its RUN steps make
// (useradd, adduser, usermod...), `USER`, `COPY/ADD --chown`, and the RUN commands that give files
// to a user or run as one (chown, chgrp, install -o, su, su-exec, gosu, runuser, sudo -u, chpst,
// setpriv), each with the words to rewrite when that user is renamed. Read from the text only.
import { ModifiableInstruction, type Instruction } from 'dockerfile-ast';
import { posix } from 'node:path';
import { destination, workdirs } from './steps.js';
import type { Stage, View } from './view.js';
import { optionWord, positionals, shellCommands, type Word } from './shell-words.js';

/**
 * - account: a step that makes or changes the account (useradd, usermod, a sudoers entry...);
 * - use: a step whose result depends on the account's IDs (chown, --chown, USER, su, gosu...).
 */
export interface UserRef {
  kind: 'account' | 'use';
  /** The instruction or command that names it: USER, --chown, chown, useradd, gosu... */
  via: string;
  /** The user as written: a name or a number; '' when only a group is named (`chown :web`). */
  user: string;
  instruction: Instruction;
  /** Words to rewrite when the user is renamed (user part and group part of an owner spec). */
  words: { word: Word; user: string; group?: string }[];
  /** The step makes the user (useradd, adduser), rather than a group or a change. */
  creates?: boolean;
  /** An account step's UID for the user, when it says (`useradd -u 1001 app`). */
  uid?: number;
  /** A chown's targets, absolute (resolved against the WORKDIR in effect). */
  targets: string[];
}

/** Users a block never takes over: root, and nobody, which system services share. */
export const isSystemUser = (user: string) => /^(root|0|nobody|65534)$/.test(user);

const ACCOUNT_TOOLS = new Set(['useradd', 'adduser', 'usermod', 'groupadd', 'addgroup', 'gpasswd', 'chpasswd', 'passwd', 'chsh', 'chfn']);
// Options of useradd/usermod (shadow) and adduser (Debian's and BusyBox's) that take a value: the
// word after them is not the user's name.
const USERADD_VALUE = new Set(
  (
    '-c -d -e -f -g -G -k -K -p -s -u -b -R -P -Z -h --comment --home-dir --home --expiredate --inactive --gid --groups ' +
    '--skel --key --password --shell --uid --base-dir --root --prefix --selinux-user --ingroup --gecos --firstuid --lastuid --conf'
  ).split(' '),
);
const CHOWN_VALUE = new Set<string>();
const SU_VALUE = new Set(['-c', '-s', '-g', '-G', '-w', '--command', '--shell', '--group', '--supp-group', '--whitelist-environment']);

/**
 * The ARG and ENV defaults in effect before each instruction: `USER $APP_USER` names a user too.
 * UID, GID and USERNAME are never read: the user block declares them again, so below it they are
 * the block's user, whatever default the file gave them above it.
 */
const BLOCK_ARGS = new Set(['UID', 'GID', 'USERNAME']);
function variables(instructions: Instruction[], start: Record<string, string>): Map<Instruction, Record<string, string>> {
  const at = new Map<Instruction, Record<string, string>>();
  let vars = { ...start };
  for (const instruction of instructions) {
    at.set(instruction, vars);
    const keyword = instruction.getKeyword();
    if (keyword !== 'ARG' && keyword !== 'ENV') continue;
    const content = instruction.getArgumentsContent() ?? '';
    const pairs = keyword === 'ENV' && !content.includes('=') ? [content.replace(/\s+/, '=')] : content.split(/\s+/);
    for (const pair of pairs) {
      const match = /^([A-Za-z_][A-Za-z0-9_]*)=("?)([^"$]*)\2$/.exec(pair);
      if (match && !BLOCK_ARGS.has(match[1])) vars = { ...vars, [match[1]]: match[3] };
    }
  }
  return at;
}

const substitute = (text: string, vars: Record<string, string>) =>
  text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, braced, fallback, bare) => vars[braced ?? bare] ?? fallback ?? whole,
  );

/** An owner spec `user[:group]` (or `user.group`, chown's old form) as its parts. */
function ownerSpec(word: Word, vars: Record<string, string>) {
  const value = substitute(word.text, vars);
  const [user, group] = value.includes(':') ? value.split(':', 2) : value.split('.', 2);
  return { user, group: group || undefined, word: { ...word, text: word.text } };
}

/** Every user reference of one instruction. */
function refsOf(instruction: Instruction, vars: Record<string, string>, workdir: string): UserRef[] {
  const keyword = instruction.getKeyword();
  const ref = (kind: UserRef['kind'], user: string, words: UserRef['words'] = [], more: Partial<UserRef> = {}): UserRef => ({
    kind,
    via: keyword,
    user,
    instruction,
    words,
    targets: [],
    ...more,
  });
  if (keyword === 'USER') {
    const arg = instruction.getArguments()[0];
    if (!arg) return [];
    const word = {
      text: arg.getValue(),
      line: arg.getRange().start.line,
      start: arg.getRange().start.character,
      end: arg.getRange().end.character,
    };
    const spec = ownerSpec(word, vars);
    return [ref('use', spec.user, [{ word, user: spec.user, group: spec.group }])];
  }
  if (keyword === 'COPY' || keyword === 'ADD') {
    const flag = instruction instanceof ModifiableInstruction ? instruction.getFlags().find((f) => f.getName() === 'chown') : undefined;
    const value = flag?.getValue();
    if (!flag || !value) return [];
    const range = flag.getValueRange()!;
    const word = { text: value, line: range.start.line, start: range.start.character, end: range.end.character };
    const spec = ownerSpec(word, vars);
    const target = destination(instruction, workdir);
    return [ref('use', spec.user, [{ word, user: spec.user, group: spec.group }], { via: '--chown', targets: target ? [target] : [] })];
  }
  if (keyword !== 'RUN') return [];
  return shellCommands(instruction).flatMap((words) => commandRefs(words, vars, workdir, ref));
}

type MakeRef = (kind: UserRef['kind'], user: string, words?: UserRef['words'], more?: Partial<UserRef>) => UserRef;

function commandRefs(all: Word[], vars: Record<string, string>, workdir: string, ref: MakeRef): UserRef[] {
  // `sudo -u app cmd` runs as app; plain `sudo cmd` is cmd.
  const sudoUser = all[0]?.text === 'sudo' ? optionWord(all, '-u', '--user') : undefined;
  const words = all[0]?.text === 'sudo' && !sudoUser ? all.slice(1) : all;
  const tool = posix.basename(words[0]?.text ?? '');
  const named = (word: Word | undefined, kind: UserRef['kind'] = 'use', more: Partial<UserRef> = {}) => {
    if (!word) return [];
    const spec = ownerSpec(word, vars);
    return [ref(kind, spec.user, [{ word, user: spec.user, group: spec.group }], { via: tool, ...more })];
  };
  if (sudoUser) return named(sudoUser, 'use', { via: 'sudo' });
  if (ACCOUNT_TOOLS.has(tool)) {
    const names = positionals(words, USERADD_VALUE);
    const uid = optionWord(words, tool === 'useradd' || tool === 'adduser' ? '-u' : undefined, '--uid')?.text;
    // Every word naming the user is an account step for it (`usermod -aG docker vscode`, `chpasswd`).
    const creates = tool === 'useradd' || tool === 'adduser';
    return names
      .slice(0, 1)
      .flatMap((word) => named(word, 'account', { creates, uid: uid && /^\d+$/.test(uid) ? Number(uid) : undefined }));
  }
  if (tool === 'chown' || tool === 'chgrp') {
    if (words.some((w) => w.text.startsWith('--reference'))) return [];
    const [owner, ...paths] = positionals(words, CHOWN_VALUE);
    if (!owner) return [];
    const targets = paths
      .map((p) => substitute(p.text, vars))
      .filter((p) => !p.includes('$'))
      .map((p) => posix.normalize(posix.isAbsolute(p) ? p : posix.join(workdir, p)));
    if (tool === 'chgrp') return [ref('use', '', [{ word: owner, user: '', group: substitute(owner.text, vars) }], { via: tool, targets })];
    return named(owner, 'use', { targets });
  }
  const runAs = RUN_AS[tool];
  return runAs ? named(runAs(words)) : [];
}

/** Tools that run a command as (or give files to) a user, and the word that names the user. */
const RUN_AS: Record<string, (words: Word[]) => Word | undefined> = {
  install: (words) => optionWord(words, '-o', '--owner'),
  su: (words) => positionals(words, SU_VALUE).find((w) => w.text !== '-'),
  runuser: (words) => optionWord(words, '-u', '--user') ?? positionals(words, SU_VALUE).find((w) => w.text !== '-'),
  'su-exec': (words) => words[1],
  gosu: (words) => words[1],
  chpst: (words) => optionWord(words, '-u', undefined),
  setpriv: (words) => optionWord(words, undefined, '--reuid'),
};

/** The stages a stage is built on, in the file, root first, and the stage itself. */
export function stageChain(view: View, stage: Stage): Stage[] {
  return stage.parent === undefined ? [stage] : [...stageChain(view, view.stages[stage.parent]), stage];
}

/** Every user reference in a stage's own instructions (the generator's blocks left out), in order. */
export function userRefs(view: View, stage: Stage, start: { vars?: Record<string, string>; workdir?: string } = {}): UserRef[] {
  const own = view.instructions(stage);
  const vars = variables(own, start.vars ?? {});
  const dirs = workdirs(own, start.workdir ?? '/');
  return own.flatMap((i) => refsOf(i, vars.get(i)!, dirs.get(i)!));
}
