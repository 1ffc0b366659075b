// What an e2e run changes on this machine, so that engine.teardown.ts can undo the suite's own
// changes and then prove nothing else was left behind (a test run must leave the machine
// as it found it). Imported by jest's globalSetup/globalTeardown, so nothing here may use jest.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

type Db = 'passwd' | 'group';

/**
 * The host accounts the suite created, one `passwd|group NAME ID` a line. A file, not memory: test
 * files run in their own module registry (in worker processes without --runInBand), the teardown
 * in jest's parent process. At a fixed path so that the next run's setup finds what a run killed
 * before its teardown created.
 */
const CREATED = '/var/tmp/nonroot-e2e-created';

/** Called by ensureAccount (lab.ts) right after its own groupadd/useradd succeeded, never before. */
export function recordCreated(db: Db, name: string, id: number) {
  fs.appendFileSync(CREATED, `${db} ${name} ${id}\n`);
}

/**
 * Deletes the recorded accounts, users first (a group cannot go while it is a user's primary
 * group). Only ever what the record names: a name that no longer has the recorded ID is not ours
 * any more and is skipped, as is one the snapshot `before` this run holds (setup passes none:
 * what an earlier run recorded and left is removed before the snapshot).
 */
export function removeCreatedAccounts(before?: MachineState) {
  const existed = (file: string, entry: string) => before?.[file]?.some((line) => line === entry || line.startsWith(`${entry}:`)) ?? false;
  const removed: string[] = [];
  const failed: string[] = [];
  if (!fs.existsSync(CREATED)) return { removed, failed };
  const kept: string[] = [];
  const records = [...new Set(fs.readFileSync(CREATED, 'utf8').split('\n').filter(Boolean))].sort(
    (a, b) => Number(b.startsWith('passwd ')) - Number(a.startsWith('passwd ')),
  );
  const users: string[] = [];
  for (const record of records) {
    const [db, name, id] = record.split(' ') as [Db, string, string];
    if (spawnSync('getent', [db, name], { encoding: 'utf8' }).stdout.split(':')[2] !== id) continue;
    if (existed(`/etc/${db}`, name)) {
      kept.push(record);
      continue;
    }
    // What the user wrote to the temp folder (the Dev Containers CLI keeps devcontainercli-<user>
    // there, rootless Podman podman-run-<uid> and containers-user-<uid>): an ID the suite created
    // owns nothing from before the run. And what it left running (rootless Podman's pause process,
    // which any podman command of the user's starts): userdel refuses a user with processes.
    if (db === 'passwd') {
      if (spawnSync('pkill', ['-KILL', '-U', id]).status === 0) {
        removed.push(`processes of ${name}`);
        spawnSync('sleep', ['0.5']);
      }
      for (const entry of listing(os.tmpdir(), (entry) => !existed(os.tmpdir(), entry))) {
        const file = path.join(os.tmpdir(), entry);
        if (fs.lstatSync(file, { throwIfNoEntry: false })?.uid !== Number(id)) continue;
        fs.rmSync(file, { recursive: true, force: true });
        removed.push(file);
      }
    }
    const command = db === 'passwd' ? 'userdel' : 'groupdel';
    const result = spawnSync(command, [name], { encoding: 'utf8' });
    if (result.status === 0) {
      removed.push(`${db === 'passwd' ? 'user' : 'group'} ${name} (${id})`);
      if (db === 'passwd') users.push(name);
    } else {
      failed.push(`${command} ${name} exited ${result.status}: ${result.stderr.trim()}`);
      kept.push(record);
    }
  }
  // Debian's userdel (shadow 4.13) drops the user's subordinate ID ranges itself; a shadow built
  // without subid support would leave them, and a leftover range would be handed to no one else.
  for (const file of ['/etc/subuid', '/etc/subgid']) {
    const lines = readLines(file);
    const rest = lines.filter((line) => !users.includes(line.slice(0, line.indexOf(':'))));
    if (rest.length < lines.length) {
      fs.writeFileSync(file, rest.map((line) => `${line}\n`).join(''));
      removed.push(`${lines.length - rest.length} line(s) of ${file}`);
    }
  }
  if (kept.length) fs.writeFileSync(CREATED, kept.map((record) => `${record}\n`).join(''));
  else fs.rmSync(CREATED, { force: true });
  return { removed, failed };
}

/** Each fact is a list of entries; a run may add none of them. */
export type MachineState = Record<string, string[]>;

function readLines(file: string): string[] {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch {
    return []; // no /etc/subuid, or /etc/shadow unreadable without root: the same before and after
  }
}

function listing(dir: string, keep: (name: string) => boolean): string[] {
  try {
    return fs.readdirSync(dir).filter(keep);
  } catch {
    return [];
  }
}

function docker(...args: string[]): string[] {
  const result = spawnSync('docker', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`docker ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return [...new Set(result.stdout.split('\n').filter(Boolean))];
}

/** Whole lines of the account files (a docker group still listing a removed user shows), Docker object IDs. */
export function machineState(withDocker: boolean): MachineState {
  const facts: MachineState = {
    '/etc/passwd': readLines('/etc/passwd'),
    '/etc/group': readLines('/etc/group'),
    // Names only: the rest of these lines are password hashes, which have no place in a test log.
    '/etc/shadow': readLines('/etc/shadow').map((line) => line.slice(0, line.indexOf(':'))),
    '/etc/gshadow': readLines('/etc/gshadow').map((line) => line.slice(0, line.indexOf(':'))),
    '/etc/subuid': readLines('/etc/subuid'),
    '/etc/subgid': readLines('/etc/subgid'),
    '/home': listing('/home', () => true),
    // The test files' mkdtemp folders (nonroot-e2e-*, nonroot-home-*, ...) and what tools run as a
    // test user leave (devcontainercli-nonroot-e2e-1500); not all of /tmp, which other programs use.
    [os.tmpdir()]: listing(os.tmpdir(), (name) => name.includes('nonroot')),
  };
  if (withDocker) {
    facts['docker containers'] = docker('ps', '-aq', '--no-trunc');
    facts['docker images'] = docker('images', '-aq', '--no-trunc');
    facts['docker volumes'] = docker('volume', 'ls', '-q');
    facts['docker networks'] = docker('network', 'ls', '-q', '--no-trunc');
  }
  return facts;
}

/** `fact: entry` for every entry `after` has and `before` had not. */
export function added(before: MachineState, after: MachineState): string[] {
  return Object.entries(after).flatMap(([fact, entries]) => {
    const had = new Set(before[fact] ?? entries);
    return entries.filter((entry) => !had.has(entry)).map((entry) => `${fact}: ${entry}`);
  });
}

/**
 * Dangling images (the classic builder's unnamed stage images; removing one removes its untagged
 * parents) that were not there `before`: on a laptop, where jest's CI prune does not run and
 * older dangling images may be the user's. Returns the IDs removed and the errors.
 */
export function removeNewDanglingImages(before: MachineState) {
  const had = new Set(before['docker images'] ?? []);
  const fresh = docker('images', '-q', '--no-trunc', '--filter', 'dangling=true').filter((id) => !had.has(id));
  const failed: string[] = [];
  for (const id of fresh) {
    const result = spawnSync('docker', ['rmi', id], { encoding: 'utf8' });
    if (result.status !== 0 && !/No such image/.test(result.stderr))
      failed.push(`docker rmi ${id} exited ${result.status}: ${result.stderr.trim()}`);
  }
  return { removed: fresh, failed };
}
