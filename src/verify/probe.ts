// What verify asks inside the container, as one POSIX sh script (Debian's dash, BusyBox ash), and
// how its answer reads; and the host's one look at the file it wrote. The rest is pure: run.ts
// runs it, judge.ts judges the answer. Each answer is an
// `NR <key> <value>` line, so that whatever else the entrypoint prints is ignored.
import fs from 'node:fs';
import path from 'node:path';
import type { Ids } from '../core/strategies/index.js';
import type { Target } from './plan.js';

/** The exit code the script ends with: compose run must hand it back (an entrypoint that execs does). */
export const EXIT_CODE = 3;

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The probe file's name: verify's own, so it can be found and removed on the host. */
export const probeFile = (token: string) => `.nonroot-verify-${token}`;

/** Who owns, on this machine, the file the probe wrote into the project folder; the file is then removed. */
export function takeProbeFile(folder: string, token: string): Ids | undefined {
  const file = path.join(folder, probeFile(token));
  const stat = fs.lstatSync(file, { throwIfNoEntry: false });
  fs.rmSync(file, { force: true });
  return stat && { uid: stat.uid, gid: stat.gid };
}

/**
 * `groupOwns`: the strategy promises folders of group 0 with g=u (arbitrary UIDs, OpenShift), so an
 * entry of another UID but of the user's group is the user's to write.
 */
export function probeScript(target: Target, token: string, groupOwns = false): string {
  const file = probeFile(token);
  const foreign = `find "$1" ! -user "$(id -u)"${groupOwns ? ' ! -group "$(id -g)"' : ''} 2>/dev/null`;
  const lines = [
    `F=${file}`,
    // Distroless debug images keep their shell and tools in /busybox.
    'PATH="$PATH:/busybox"',
    'echo "NR begin"',
    'echo "NR id $(id -u):$(id -g)"',
    'if n=$(whoami 2>/dev/null); then echo "NR whoami $n"; fi',
    'echo "NR home $HOME"',
    '[ -d "$HOME" ] && echo "NR home-exists"',
    'touch "$HOME/$F" 2>/dev/null && rm -f "$HOME/$F" && echo "NR home-writable"',
    'echo "NR pwd $PWD"',
    // A volume or the app's working folder: writable, and nothing in it belongs to another UID.
    'scan() { if [ ! -d "$1" ]; then echo "NR missing $1"; return; fi',
    '  touch "$1/$F" 2>/dev/null && rm -f "$1/$F" && echo "NR writable $1"',
    `  echo "NR foreign $(${foreign} | wc -l) $1"`,
    `  ${foreign} | head -n 3 | while read -r f; do echo "NR example $(stat -c %u:%g "$f") $f"; done; }`,
    ...target.folders.map((f) => `scan ${quote(f.path)}`),
  ];
  // The working folder, unless it is scanned above or in the project mount: that is the working
  // tree, doctor's to count, not verify's. `/` is no app's folder: an image without a WORKDIR
  // (a Dev Container's, which sets its workspaceFolder instead) starts there.
  const seen = ['/', ...target.folders.map((f) => quote(f.path))];
  if (target.projectPath !== undefined) {
    const project = quote(target.projectPath);
    // Left in place: the host looks at who owns it, then removes it.
    lines.push(`touch ${project}/"$F" && echo "NR wrote"`);
    seen.push(project, `${project}/*`);
  }
  lines.push(`case "$PWD" in ${seen.join('|')}) ;; *) scan "$PWD" ;; esac`);
  lines.push('echo "NR pid $$"', `[ "$$" = 1 ] || echo "NR pid1 $(tr '\\000' ' ' </proc/1/cmdline | cut -c1-80)"`, `exit ${EXIT_CODE}`);
  return lines.join('\n');
}

export interface Folder {
  path: string;
  exists: boolean;
  writable: boolean;
  /** Entries not owned by the container user. */
  foreign: number;
  examples: { owner: string; path: string }[];
}

export interface Answer {
  /** The script ran (its first line came back). */
  ran: boolean;
  id?: Ids;
  whoami?: string;
  home?: string;
  homeExists: boolean;
  homeWritable: boolean;
  pwd?: string;
  /** The file in the project mount was created. */
  wrote: boolean;
  folders: Folder[];
  /** The script's PID: 1 when the command is PID 1. */
  pid?: number;
  /** PID 1's command line when it is not the script. */
  pid1?: string;
}

export function readAnswer(stdout: string): Answer {
  const answer: Answer = { ran: false, homeExists: false, homeWritable: false, wrote: false, folders: [] };
  let last: Folder | undefined;
  const folder = (p: string) => {
    last = answer.folders.find((x) => x.path === p);
    if (!last) answer.folders.push((last = { path: p, exists: true, writable: false, foreign: 0, examples: [] }));
    return last;
  };
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^NR ([a-z0-9-]+)(?: (.*))?$/.exec(line);
    if (!match) continue;
    const [, key, value = ''] = match;
    if (key === 'begin') answer.ran = true;
    else if (key === 'id') {
      const [uid, gid] = value.split(':').map(Number);
      if (Number.isInteger(uid) && Number.isInteger(gid)) answer.id = { uid, gid };
    } else if (key === 'whoami') answer.whoami = value;
    else if (key === 'home') answer.home = value;
    else if (key === 'home-exists') answer.homeExists = true;
    else if (key === 'home-writable') answer.homeWritable = true;
    else if (key === 'pwd') answer.pwd = value;
    else if (key === 'wrote') answer.wrote = true;
    else if (key === 'missing') folder(value).exists = false;
    else if (key === 'writable') folder(value).writable = true;
    else if (key === 'foreign') {
      const [, count, p] = /^\s*(\d+) (.*)$/.exec(value) ?? [];
      if (p !== undefined) folder(p).foreign = Number(count);
    } else if (key === 'example') {
      // Examples follow their folder's count.
      const [, owner, p] = /^(\S+) (.*)$/.exec(value) ?? [];
      if (last && p) last.examples.push({ owner, path: p });
    } else if (key === 'pid') answer.pid = Number(value);
    else if (key === 'pid1') answer.pid1 = value;
  }
  return answer;
}
