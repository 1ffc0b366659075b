// The repo's .pre-commit-hooks.yaml as users get it, through Debian's pre-commit (3.0.4 on
// bookworm, installed by scripts/lab/pre-commit.sh): `pre-commit try-repo` installs the hook the
// way `rev:` in a user's config does (npm install, whose `prepare` compiles the TypeScript, npm
// pack, npm install -g into its own environment), then runs it on a repo with a finding, which
// must fail and show it, and on a clean repo, which must pass.
//
// pre-commit takes all of `npm pack`'s stdout as the tarball's name; npm 10+ prints the `prepare`
// banner there unless the repo's .npmrc says `foreground-scripts=false`. Without it the install
// fails with "npm install -g .../> generator-nonroot@0.1.0 prepare ... ENOENT".
//
// try-repo takes a local repo's HEAD plus changes to tracked files, not untracked ones: a new
// hook file would be missed before its first commit. So the hook repo is a snapshot of this
// working tree (tracked and untracked files git does not ignore), committed in a temp repo;
// on CI's clean clone that is HEAD.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, type Ran } from './support/lab.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCRIPT = path.join(ROOT, 'scripts/lab/pre-commit.sh');

// Like a missing engine: installed here when running as root (CI), failing loudly if that
// fails; skipped with a banner only where nobody can install it, and never on CI.
const answers = spawnSync('bash', [SCRIPT, '--check']).status === 0;
const installable = answers || process.getuid?.() === 0 || Boolean(process.env.CI);
if (!installable) {
  console.warn(
    '\n*** pre-commit e2e tests SKIPPED: pre-commit is missing and only ' +
      "root can install it (scripts/lab/pre-commit.sh). Install Debian's " +
      'pre-commit package, or run as root. ***\n',
  );
}
const describePreCommit = installable ? describe : describe.skip;

/** A git repo of `files` at `dir`, with one commit. */
function commitRepo(dir: string, files: Record<string, string | Buffer>) {
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  const git = (...args: string[]) =>
    run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'init.defaultBranch=main', ...args], { cwd: dir });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'test');
}

/** This working tree as git sees it (what a commit of it would hold), without node_modules or builds. */
function snapshot(): Record<string, Buffer> {
  const listed = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT })
    .stdout.split('\0')
    .filter(Boolean);
  const files = [...new Set(listed)].filter((file) => fs.statSync(path.join(ROOT, file), { throwIfNoEntry: false })?.isFile());
  return Object.fromEntries(files.map((file) => [file, fs.readFileSync(path.join(ROOT, file))]));
}

/** `pre-commit try-repo HOOKS nonroot-check --all-files` in `repo`, with its own cache and temp folder under `work`. */
function tryRepo(work: string, hooks: string, repo: string): Promise<Ran & { seconds: number }> {
  const home = path.join(work, `home-${path.basename(repo)}`);
  const tmp = path.join(work, `tmp-${path.basename(repo)}`);
  fs.mkdirSync(home);
  fs.mkdirSync(tmp);
  // jest's NODE_OPTIONS (--experimental-vm-modules) is not the hook's; GIT_* from an outer git hook are not the test repo's.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'NODE_OPTIONS' && !key.startsWith('GIT_')));
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('pre-commit', ['try-repo', hooks, 'nonroot-check', '--all-files'], {
      cwd: repo,
      env: { ...env, PRE_COMMIT_HOME: home, TMPDIR: tmp, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr, seconds: (Date.now() - started) / 1000 }));
  });
}

const show = (ran: Ran) => `exit ${ran.status}\n--- stdout\n${ran.stdout.slice(-6000)}\n--- stderr\n${ran.stderr.slice(-3000)}`;

describePreCommit('the pre-commit hook (nonroot-check) under Debian pre-commit', () => {
  let work: string;
  let finding: Ran & { seconds: number };
  let clean: Ran & { seconds: number };

  beforeAll(async () => {
    run('bash', [SCRIPT], { stdio: ['ignore', 'inherit', 'inherit'] });
    // One folder for everything the run writes: the repos, pre-commit's caches (PRE_COMMIT_HOME)
    // and its temp folders (try-repo installs the hook in a fresh temp store every time).
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-pre-commit-'));
    const hooks = path.join(work, 'hooks');
    commitRepo(hooks, snapshot());
    const bad = path.join(work, 'finding');
    const good = path.join(work, 'clean');
    commitRepo(bad, { Dockerfile: 'FROM debian\nCOPY . /app\n', 'README.md': 'app\n' });
    commitRepo(good, { Dockerfile: 'FROM debian\nUSER 1000:1000\n', 'README.md': 'app\n' });
    // Each try-repo installs the hook (about a minute); both at once.
    [finding, clean] = await Promise.all([tryRepo(work, hooks, bad), tryRepo(work, hooks, good)]);
    console.log(
      `pre-commit try-repo, hook install included: ${finding.seconds.toFixed(0)} s (finding), ${clean.seconds.toFixed(0)} s (clean)`,
    );
  }, 900_000);
  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  // show(): on a mismatch jest prints all of pre-commit's output (an install error shows there).
  it('fails on a repo whose Dockerfile has a finding, and shows it', () => {
    expect(show(finding)).toMatch(/^exit 1\n--- stdout\n[\s\S]*nonroot check\.+Failed/);
    expect(finding.stdout).toMatch(/Dockerfile\n\s+1\s+error\s+NR101\s+stage 1 \(FROM debian\) has no USER/);
  });

  it('passes on a clean repo', () => {
    expect(show(clean)).toMatch(/^exit 0\n--- stdout\n[\s\S]*nonroot check\.+Passed/);
  });
});
