// Two judgements about a Dockerfile's own instructions, kept apart because they are heuristics
// that real files keep teaching us about:
//  - which RUN steps need root (they must stay above the user block, which switches to the user);
//  - which COPY/ADD destinations the user must own (they get --chown; system paths never do).
import { posix } from 'node:path';
import type { Instruction } from 'dockerfile-ast';

/**
 * Package managers, account and ownership tools, global installs and writes under system paths.
 * A false positive only keeps a step root (the old behaviour); a false negative fails the build
 * with "Permission denied", so the list errs on the side of root. `pip install` counts: as the
 * user it would land in ~/.local, off the PATH the app's CMD expects.
 */
const ROOT_COMMANDS = [
  /\b(apt-get|apt|aptitude|dpkg|apk|dnf|yum|microdnf|tdnf|zypper|rpm|pacman|emerge)\b/,
  /\b(useradd|userdel|usermod|groupadd|groupdel|groupmod|adduser|addgroup|deluser|delgroup|chpasswd|visudo)\b/,
  /\b(chown|chgrp|setcap|update-ca-certificates|ldconfig|locale-gen|update-alternatives|corepack\s+enable)\b/,
  // Running a step as another user needs root to switch (`su app -c 'npm ci'`, `gosu app make`).
  /(^|[\s;&|])(su|su-exec|gosu|runuser|chpst|setpriv)\s/,
  /\b(npm|pnpm|yarn)\s+(i|install|add)\b[^\n&|;]*\s(-g|--global)\b/,
  /\byarn\s+global\b/,
  /\bgem\s+install\b/,
  /(^|[\s=>:'"])\/(etc|usr|opt|root|bin|sbin|lib|lib64)(\/|\b)/,
];
/** `pip install` into the system site-packages: not --user/--target/--prefix, not in a virtualenv. */
const PIP_INSTALL = /\b(pip3?|python3?\s+-m\s+pip)(\s+--?[\w-]+(=\S+)?)*\s+install\b(?![^\n&|;]*\s(--user|--target|--prefix|-t)\b)/;
const VIRTUALENV = /\b(\.?venv|virtualenv)\b/;

export function needsRoot(run: Instruction): boolean {
  const text = run.getArgumentsContent() ?? '';
  return ROOT_COMMANDS.some((pattern) => pattern.test(text)) || (PIP_INSTALL.test(text) && !VIRTUALENV.test(text));
}

/** A COPY/ADD's destination, resolved against the WORKDIR in effect (`COPY . .` under `WORKDIR /app` is /app). */
export function destination(copy: Instruction, workdir: string): string | undefined {
  const content = (copy.getArgumentsContent() ?? '').trim();
  let target: string | undefined;
  if (content.startsWith('[')) {
    try {
      target = (JSON.parse(content) as string[]).at(-1);
    } catch {
      return undefined;
    }
  } else {
    target = copy.getArguments().at(-1)?.getValue();
  }
  if (!target || target.includes('$')) return undefined;
  return posix.normalize(posix.isAbsolute(target) ? target : posix.join(workdir, target));
}

/**
 * The COPY/ADD writes one file, not a folder: one source that names a file (not `.`, no trailing `/`,
 * no wildcard) to a destination without a trailing `/` whose name has an extension. `COPY src /srv/src`
 * may be either: it counts as a folder, so that a folder is never missed.
 * `COPY --chown=app requirements.txt /tmp/requirements.txt` gives the user a file, not a folder to keep writable.
 */
export function copiesFile(copy: Instruction): boolean {
  const content = (copy.getArgumentsContent() ?? '').trim();
  let words: string[];
  try {
    words = content.startsWith('[') ? (JSON.parse(content) as string[]) : copy.getArguments().map((a) => a.getValue());
  } catch {
    return false;
  }
  words = words.filter((w) => !w.startsWith('--'));
  if (words.length !== 2) return false;
  const [source, target] = words as [string, string];
  if (/\/$|^\.$|[*?[]/.test(source) || /\/$|^\.$/.test(target)) return false;
  return /.\.[A-Za-z0-9]+$/.test(posix.basename(target));
}

/** Folders of the system, not of the app: copies into them (tool images, binaries, config) stay root's. */
const SYSTEM = [
  '/usr',
  '/etc',
  '/bin',
  '/sbin',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
  '/opt',
  '/var',
  '/root',
  '/boot',
  '/sys',
  '/proc',
  '/dev',
  '/run',
  '/tmp',
  '/mnt',
  '/media',
];
export const isSystemPath = (path: string) => path === '/' || isUnder(path, SYSTEM);

/** Whether `path` is one of `dirs` or inside one of them. */
export const isUnder = (path: string, dirs: string[]) => dirs.some((dir) => path === dir || path.startsWith(`${dir.replace(/\/$/, '')}/`));

/** The WORKDIR in effect before each instruction of a stage (relative WORKDIRs build on the last). */
export function workdirs(instructions: Instruction[], start = '/'): Map<Instruction, string> {
  const at = new Map<Instruction, string>();
  let current = start;
  for (const instruction of instructions) {
    at.set(instruction, current);
    current = next(instruction, current);
  }
  return at;
}

/** The WORKDIR in effect after a stage's instructions. */
export const workdirAfter = (instructions: Instruction[], start = '/') => instructions.reduce((current, i) => next(i, current), start);

function next(instruction: Instruction, current: string): string {
  if (instruction.getKeyword() !== 'WORKDIR') return current;
  const path = instruction.getArgumentsContent()?.trim().replace(/^"|"$/g, '') ?? '';
  if (!path || path.includes('$')) return current;
  return posix.normalize(posix.isAbsolute(path) ? path : posix.join(current, path));
}
