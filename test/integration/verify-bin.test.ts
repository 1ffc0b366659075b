// `generator-nonroot verify` as users run it, against a stand-in `docker` on PATH that logs what
// it is asked and answers like compose would: what verify runs (its own project name and overlay,
// build, run, down, image rm), that it cleans up after a pass, a failed build and with --keep,
// bad input, no engine and a remote one, and `yo nonroot:verify` through yeoman. The real engines
// are test/e2e/verify.e2e.ts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { jest } from '@jest/globals';
import helpers from 'yeoman-test';
import { createRequire } from 'node:module';

// The SARIF 2.1.0 schema matcher (its types are declared in test/unit/check-report.test.ts).
createRequire(import.meta.url)('@microsoft/jest-sarif');

const BIN = fileURLToPath(new URL('../../generators/cli.js', import.meta.url));
const VERIFY_GENERATOR = fileURLToPath(new URL('../../src/verify/index.ts', import.meta.url));
const ENGINES = fileURLToPath(new URL('../fixtures/engines', import.meta.url));

// The stand-in: `compose ... run` touches the probe file in the folder (the project mount) and
// answers as the calling user would; FAKE_BUILD_FAIL makes the build fail with that message.
const FAKE_DOCKER = `#!/bin/sh
# One line per call: the probe script's newlines become spaces.
echo "$*" | tr '\\n' ' ' >> "$FAKE_LOG"; echo >> "$FAKE_LOG"
case " $* " in
  *" build "*) if [ -n "$FAKE_BUILD_FAIL" ]; then echo "$FAKE_BUILD_FAIL" >&2; exit 1; fi ;;
  *" run "*)
    for a; do last=$a; done
    touch "$(printf '%s\\n' "$last" | sed -n 's/^F=//p')"
    echo "Creating network"
    echo "NR begin"; echo "NR id $(id -u):$(id -g)"; echo "NR whoami $(id -un)"; echo "NR home /home/dev"
    echo "NR home-exists"; echo "NR home-writable"; echo "NR wrote"; echo "NR pid 1"
    exit 3 ;;
esac
exit 0
`;

const made: string[] = [];
afterEach(() => made.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
const temp = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
};

function fakeEngine() {
  const bin = temp('nonroot-verify-bin-');
  fs.writeFileSync(path.join(bin, 'docker'), FAKE_DOCKER, { mode: 0o755 });
  const log = path.join(bin, 'log');
  return {
    env: { PATH: `${bin}:${process.env.PATH}`, FAKE_LOG: log, NONROOT_ENGINE_INFO: path.join(ENGINES, 'docker-rootful.json') },
    calls: () =>
      fs.existsSync(log)
        ? fs
            .readFileSync(log, 'utf8')
            .trim()
            .split('\n')
            .map((l) => l.trim())
        : [],
  };
}

function project(compose = 'services:\n  app:\n    build: .\n    volumes: [".:/workspace"]\n') {
  const dir = temp('nonroot-verify-repo-');
  fs.writeFileSync(path.join(dir, 'compose.yaml'), compose);
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
  return dir;
}

function verify(args: string[], env: NodeJS.ProcessEnv, cwd = os.tmpdir()) {
  const r = spawnSync(process.execPath, [BIN, 'verify', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 30_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('generator-nonroot verify', () => {
  it('says what it runs in --help', () => {
    const r = verify(['--help'], {});
    expect(r.status).toBe(0);
    for (const check of ['build', 'id', 'whoami', 'project', 'folders', 'exit']) expect(r.stdout).toMatch(new RegExp(`^  ${check} `, 'm'));
  });

  it('builds and runs under its own project name and overlay, then removes all it made', () => {
    const engine = fakeEngine();
    const dir = project();
    const r = verify([dir], engine.env);
    expect(`${r.status}\n${r.stdout}`).toMatch(/^0\n[\s\S]*verify: every check passed\n$/);
    expect(r.stderr).toMatch(/^verify: app: building\nverify: app: building: built \(\d+\.\d s\)\n/);
    const [build, run, down, rm] = engine.calls();
    const [, name, overlay] = /^compose -p (nonroot-verify-[0-9a-f]{8}) -f compose\.yaml -f (\S+overlay\.yml) build app$/.exec(build) ?? [];
    expect(name).toBeDefined();
    expect(run).toContain(`compose -p ${name} -f compose.yaml -f ${overlay} run --rm -T --no-deps app sh -c`);
    expect(down).toBe(`compose -p ${name} -f compose.yaml -f ${overlay} down --volumes --remove-orphans --timeout 1`);
    expect(rm).toBe(`image rm -f ${name}-app`);
    // The overlay, the probe file: gone.
    expect(fs.existsSync(overlay)).toBe(false);
    expect(fs.readdirSync(dir).sort()).toEqual(['Dockerfile', 'compose.yaml']);
  });

  it('cleans up after a failed build too, keeps the image with --keep, and reports JSON and SARIF', () => {
    const engine = fakeEngine();
    const failedBuild = verify([project()], {
      ...engine.env,
      FAKE_BUILD_FAIL: 'required variable HOST_UID is missing a value: run sh .nonroot/host-ids.sh',
    });
    expect(failedBuild.status).toBe(1);
    expect(failedBuild.stdout).toMatch(/✗ app build: HOST_UID is not set \(no \.env\?\)\n {2}fix: run sh \.nonroot\/host-ids\.sh\n/);
    expect(engine.calls().map((c) => c.split(' ').find((w) => ['build', 'run', 'down', 'rm'].includes(w)))).toEqual([
      'build',
      'down',
      'rm',
    ]);
    // The same failure as SARIF, at the service's line in compose.yaml.
    const sarif = JSON.parse(
      verify([project(), '--format', 'sarif'], { ...engine.env, FAKE_BUILD_FAIL: 'no space left on device' }).stdout,
    );
    expect(sarif).toBeValidSarifLog();
    expect(sarif.runs[0].results).toEqual([
      expect.objectContaining({
        ruleId: 'verify/build',
        level: 'error',
        locations: [{ physicalLocation: { artifactLocation: { uri: 'compose.yaml' }, region: { startLine: 2 } } }],
      }),
    ]);
    const rules = sarif.runs[0].tool.driver.rules.map((r: { name: string }) => r.name);
    // Every check verify has, the Kubernetes rows' included (a SARIF rule set is the tool's, not the run's).
    expect(rules).toEqual([
      ...['build', 'id', 'whoami', 'home', 'project', 'folders', 'tree', 'exit', 'pid1'],
      ...['kube-kubelet', 'kube-play', 'kube-id', 'kube-home', 'kube-mount'],
    ]);

    const kept = fakeEngine();
    const r = verify([project(), '--keep', '--format', 'json'], kept.env);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ ok: true, kept: [expect.stringMatching(/^nonroot-verify-[0-9a-f]{8}-app$/)] });
    expect(report.services[0].rows.map((row: { check: string }) => row.check)).toEqual([
      'build',
      'id',
      'whoami',
      'home',
      'project',
      'folders',
      'tree',
      'exit',
      'pid1',
    ]);
    expect(kept.calls().some((c) => c.startsWith('image rm'))).toBe(false);
  });

  it('exits 2 on bad input, without an engine and with a remote one, naming what to do, and runs nothing', () => {
    const engine = fakeEngine();
    const dir = project();
    expect(verify(['--nope', dir], engine.env)).toMatchObject({ status: 2, stderr: expect.stringContaining('--nope: unknown option') });
    expect(verify([path.join(dir, 'missing')], engine.env)).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('missing: no such folder'),
    });
    expect(verify([temp('nonroot-verify-empty-')], engine.env)).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('no compose file and no Dev Container config here'),
    });
    expect(verify([dir, '--service', 'web'], engine.env)).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('--service web: not in compose.yaml'),
    });
    const none = verify([dir], { ...engine.env, NONROOT_ENGINE_INFO: 'none' });
    expect(none).toMatchObject({ status: 2, stderr: expect.stringMatching(/nothing was built[\s\S]*verify needs Docker or Podman/) });
    const remote = verify([dir], { ...engine.env, DOCKER_HOST: 'tcp://10.1.2.3:2376' });
    expect(remote).toMatchObject({ status: 2, stderr: expect.stringContaining('another machine: it cannot mount this folder') });
    expect(engine.calls()).toEqual([]);
  });
});

describe('yo nonroot:verify', () => {
  it('runs the same checks through yeoman and sets the exit code', async () => {
    const engine = fakeEngine();
    const saved = { ...process.env };
    const exitCode = process.exitCode;
    Object.assign(process.env, engine.env);
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const result = await helpers
        .run(VERIFY_GENERATOR)
        .inTmpDir((dir) => fs.writeFileSync(path.join(dir, 'compose.yaml'), 'services:\n  app:\n    build: .\n    volumes: [".:/w"]\n'))
        .withOptions({ format: 'json' } as never);
      const printed = stdout.mock.calls.map(([chunk]) => String(chunk)).join('');
      expect(JSON.parse(printed)).toMatchObject({ ok: true });
      expect(process.exitCode).toBe(0);
      expect(engine.calls()).toHaveLength(4);
      result.cleanup();
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
      process.exitCode = exitCode;
      process.env = saved;
    }
  });
});
