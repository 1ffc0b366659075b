// doctor's checks on recorded hosts: engines (test/fixtures/engines/), remote contexts, Docker
// Desktop, /etc/subuid files, .env files of other accounts, images whose IDs the host's are taken in.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseEngineInfo } from '../../src/core/engine.js';
import { findDevcontainers, memoryRepo, readLayout } from '../../src/core/layout/index.js';
import { classifyAddress, readEndpoint } from '../../src/core/machine/endpoint.js';
import type { DoctorFacts } from '../../src/doctor/facts.js';
import { envEntries } from '../../src/core/text/lines.js';
import { idNames, untarOne } from '../../src/core/machine/image-ids.js';
import { runChecks } from '../../src/doctor/run.js';
import { describeOwner, subIdRanges } from '../../src/core/machine/subids.js';
import { scanTree } from '../../src/core/machine/tree.js';
import { textReport, treeSummary } from '../../src/doctor/report.js';
import { sarifReport } from '../../src/doctor/sarif.js';
import { createRequire } from 'node:module';

// The SARIF 2.1.0 schema matcher (its types are declared in check-report.test.ts).
createRequire(import.meta.url)('@microsoft/jest-sarif');

const ENGINES = fileURLToPath(new URL('../fixtures/engines', import.meta.url));
const engine = (name: string) => parseEngineInfo(JSON.parse(fs.readFileSync(path.join(ENGINES, `${name}.json`), 'utf8')));

function facts(more: Partial<DoctorFacts> = {}, files: Record<string, string> = {}): DoctorFacts {
  const repo = memoryRepo(files);
  return {
    folder: '/home/ana/app',
    host: { uid: 1500, gid: 1500, login: 'ana' },
    machine: 'lab',
    engine: engine('docker-rootful'),
    endpoint: { source: 'default', kind: 'local' },
    subuid: [{ start: 100000, count: 65536 }],
    subgid: [{ start: 100000, count: 65536 }],
    names: {},
    repo,
    layout: readLayout(repo),
    tree: { scanned: 10, foreign: 0, folders: [], topFiles: [], unreadable: [] },
    ...more,
  };
}
const find = (f: DoctorFacts, check: string) => runChecks(f).filter((x) => x.check === check);
const status = (f: DoctorFacts, check: string) => find(f, check).map((x) => x.status);

describe('doctor: the engine and where it runs', () => {
  it('names a local rootful or rootless engine', () => {
    expect(find(facts(), 'engine')[0]).toMatchObject({ status: 'ok', summary: expect.stringMatching(/^rootful Docker answers/) });
    expect(find(facts({ engine: engine('podman-rootless') }), 'engine')[0].summary).toMatch(/^rootless Podman/);
  });

  it('warns that host IDs mean nothing to a remote engine (DOCKER_HOST=ssh://, a context of another host)', () => {
    const remote = facts({ endpoint: { address: 'ssh://me@build', source: 'DOCKER_HOST', kind: 'remote' } });
    expect(find(remote, 'engine')[0]).toMatchObject({ status: 'warn', summary: expect.stringContaining('another machine') });
  });

  it('says Docker Desktop and other VMs share files through the VM', () => {
    expect(status(facts({ engine: engine('docker-desktop') }), 'engine')).toEqual(['info']);
    expect(status(facts({ machine: 'laptop' }), 'engine')).toEqual(['info']); // the engine is named lab: not this machine
  });

  it('says when no engine answers, and still reports the rest', () => {
    const none = facts({ engine: undefined });
    expect(status(none, 'engine')).toEqual(['warn']);
    expect(status(none, 'host')).toEqual(['ok']);
  });

  it('classifies addresses as the docker CLI would reach them', () => {
    expect(classifyAddress(undefined)).toBe('local');
    expect(classifyAddress('unix:///var/run/docker.sock')).toBe('local');
    expect(classifyAddress('unix:///run/user/1500/docker.sock')).toBe('local');
    expect(classifyAddress('tcp://127.0.0.1:2375')).toBe('local');
    expect(classifyAddress('tcp://[::1]:2375')).toBe('local');
    expect(classifyAddress('tcp://[2001:db8::5]:2375')).toBe('remote');
    expect(classifyAddress('tcp://build.example:2376')).toBe('remote');
    expect(classifyAddress('ssh://me@build')).toBe('remote');
    expect(classifyAddress('unix:///Users/ana/.colima/default/docker.sock')).toBe('vm');
    expect(classifyAddress('unix:///home/ana/.docker/desktop/docker.sock')).toBe('vm');
    expect(classifyAddress('npipe:////./pipe/docker_engine')).toBe('vm');
  });

  it("reads DOCKER_HOST, else the current context's endpoint from the CLI's config folder", () => {
    const config = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-docker-config-'));
    try {
      const meta = path.join(config, 'contexts', 'meta', createHash('sha256').update('build').digest('hex'));
      fs.mkdirSync(meta, { recursive: true });
      fs.writeFileSync(path.join(meta, 'meta.json'), JSON.stringify({ Name: 'build', Endpoints: { docker: { Host: 'ssh://me@build' } } }));
      fs.writeFileSync(path.join(config, 'config.json'), JSON.stringify({ currentContext: 'build' }));
      expect(readEndpoint({ DOCKER_CONFIG: config })).toEqual({ address: 'ssh://me@build', source: 'context build', kind: 'remote' });
      expect(readEndpoint({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'default' })).toEqual({ source: 'default', kind: 'local' });
      expect(readEndpoint({ DOCKER_CONFIG: config, DOCKER_HOST: 'tcp://10.0.0.5:2375' })).toMatchObject({
        source: 'DOCKER_HOST',
        kind: 'remote',
      });
    } finally {
      fs.rmSync(config, { recursive: true, force: true });
    }
  });
});

describe('doctor: the stored strategy and .env against this host', () => {
  // compose reads .env beside its file: the env check looks only where there is one.
  const compose = { 'compose.yaml': 'services:\n  app:\n    build: .\n' };
  const stored = (idStrategy: string) => {
    const repo = memoryRepo(compose);
    return { stored: { idStrategy }, repo, layout: readLayout(repo) };
  };

  it('fails a stored strategy that does not fit the engine, naming the flag that switches', () => {
    const misfit = find(facts({ ...stored('build-arg'), engine: engine('podman-rootless') }), 'strategy')[0];
    expect(misfit).toMatchObject({ status: 'fail', summary: expect.stringContaining('--id-strategy podman') });
    expect(status(facts(stored('podman')), 'strategy')).toEqual(['fail']);
    expect(status(facts(stored('build-arg')), 'strategy')).toEqual(['ok']);
    expect(status(facts(), 'strategy')).toEqual(['info']);
  });

  it('fails a .env another account wrote, and a missing one, when the strategy reads it', () => {
    const stale = find(facts({ ...stored('build-arg'), env: { HOST_UID: '1000', HOST_GID: '1000' } }), 'env')[0];
    expect(stale).toMatchObject({
      status: 'fail',
      summary: expect.stringContaining('HOST_UID=1000'),
      fix: expect.stringContaining('host-ids.sh'),
    });
    expect(status(facts({ ...stored('build-arg'), env: undefined }), 'env')).toEqual(['fail']);
    expect(status(facts({ ...stored('build-arg'), env: { HOST_UID: '1500', HOST_GID: '1500', OTHER: 'x' } }), 'env')).toEqual(['ok']);
    // podman and fixed read no .env: nothing to say.
    expect(find(facts({ ...stored('fixed'), env: { HOST_UID: '1000' } }), 'env')).toEqual([]);
    // No compose file: nothing reads a .env, and the generator writes none.
    expect(find(facts({ stored: { idStrategy: 'build-arg' }, env: undefined }), 'env')).toEqual([]);
  });

  it('warns rather than fails a misfit in a VM, where files are yours whatever the UID', () => {
    expect(status(facts({ ...stored('rootless-docker'), engine: engine('docker-desktop') }), 'strategy')).toEqual(['warn']);
    expect(status(facts({ ...stored('rootless-docker') }), 'strategy')).toEqual(['fail']);
  });

  it('reads .env as compose does', () => {
    expect(envEntries('# c\nexport HOST_UID=1500\r\nHOST_GID = "20"\nBAD LINE\n')).toEqual({ HOST_UID: '1500', HOST_GID: '20' });
    expect(envEntries(undefined)).toBeUndefined();
  });
});

describe("doctor: the Dev Containers CLI's remap", () => {
  const devcontainer = (config: object) => ({ '.devcontainer/devcontainer.json': JSON.stringify(config) });
  const withRepo = (files: Record<string, string>, host = { uid: 1000, gid: 1000, login: 'ana' }) => {
    const repo = memoryRepo(files);
    return facts({ repo, layout: readLayout(repo, findDevcontainers(repo)[0]), host });
  };

  it('fails when the host UID is another image user: the CLI skips its remap silently', () => {
    const f = withRepo(devcontainer({ image: 'node:22', remoteUser: 'app' }));
    expect(find(f, 'remap')[0]).toMatchObject({ status: 'fail', summary: expect.stringContaining("UID 1000 is node's") });
  });

  it('warns when the host GID is a group of the image (macOS 20 is dialout): the user keeps its old GID', () => {
    const f = withRepo(devcontainer({ image: 'node:22', remoteUser: 'node' }), { uid: 501, gid: 20, login: 'ana' });
    expect(find(f, 'remap')[0]).toMatchObject({ status: 'warn', summary: expect.stringContaining('the group dialout') });
  });

  it("reads the image from the devcontainer's Dockerfile and compose service too", () => {
    const dockerfile = {
      ...devcontainer({ build: { dockerfile: 'Dockerfile' }, remoteUser: 'app' }),
      '.devcontainer/Dockerfile': 'FROM node:22\n',
    };
    expect(status(withRepo(dockerfile), 'remap')).toEqual(['fail']);
    const compose = {
      ...devcontainer({ dockerComposeFile: '../compose.yaml', service: 'app', remoteUser: 'dev' }),
      'compose.yaml': 'services:\n  app:\n    build: .\n',
      Dockerfile: 'FROM ubuntu:24.04\n',
    };
    expect(status(withRepo(compose), 'remap')).toEqual(['fail']);
  });

  it("reads the image's own /etc/passwd when it is on this machine, whatever its name", () => {
    const f = withRepo(devcontainer({ image: 'registry.example/team/base:3', remoteUser: 'dev' }));
    expect(find(f, 'remap')).toEqual([]);
    const passwd = 'root:x:0:0::/root:/bin/sh\nbuilder:x:1000:1000::/home/builder:/bin/sh\n';
    // What `docker cp <container>:/etc/passwd -` sends: one tar entry, size in octal at byte 124.
    const header = Buffer.alloc(512);
    header.write('passwd');
    header.write(`${passwd.length.toString(8).padStart(11, '0')}\0`, 124);
    const tar = Buffer.concat([header, Buffer.from(passwd), Buffer.alloc(1024)]);
    const local = { ...f, imageIds: { users: idNames(untarOne(tar)), groups: {} } };
    expect(find(local, 'remap')[0]).toMatchObject({
      status: 'fail',
      summary: expect.stringContaining("in registry.example/team/base:3 (its /etc/passwd here) UID 1000 is builder's"),
    });
  });

  it('says nothing when the remap is off or the user is root, and ok when the IDs are free', () => {
    expect(find(withRepo(devcontainer({ image: 'node:22', remoteUser: 'app', updateRemoteUserUID: false })), 'remap')).toEqual([]);
    expect(find(withRepo(devcontainer({ image: 'node:22', remoteUser: 'root' })), 'remap')).toEqual([]);
    expect(
      status(withRepo(devcontainer({ image: 'node:22', remoteUser: 'node' }), { uid: 1500, gid: 1500, login: 'ana' }), 'remap'),
    ).toEqual(['ok']);
  });
});

describe("doctor: rootless Podman's subordinate IDs", () => {
  const podman = { engine: engine('podman-rootless') };

  it('fails keep-id for a UID beyond the subordinate range (LDAP accounts)', () => {
    const ldap = find(facts({ ...podman, host: { uid: 1234567, gid: 1500, login: 'ana' } }), 'keep-id')[0];
    expect(ldap).toMatchObject({ status: 'fail', summary: expect.stringContaining('container UID 1234567') });
    expect(status(facts(podman), 'keep-id')).toEqual(['ok']);
  });

  it("says nothing when Podman runs in a VM (podman machine): its IDs are the VM's", () => {
    expect(
      find(
        facts({ ...podman, subuid: [], endpoint: { address: 'unix:///x/podman-machine-default.sock', source: 'DOCKER_HOST', kind: 'vm' } }),
        'keep-id',
      ),
    ).toEqual([]);
  });

  it('fails without an /etc/subuid entry, and says nothing on rootful Docker', () => {
    expect(find(facts({ ...podman, subuid: [] }), 'keep-id')[0]).toMatchObject({ status: 'fail', fix: expect.stringContaining('usermod') });
    expect(find(facts(), 'keep-id')).toEqual([]);
  });

  it('reads /etc/subuid by login or UID, and names subordinate owners', () => {
    const ranges = subIdRanges('root:100000:65536\nana:165536:65536\n1500:300000:10\nbad\n', 'ana', 1500);
    expect(ranges).toEqual([
      { start: 165536, count: 65536 },
      { start: 300000, count: 10 },
    ]);
    expect(describeOwner(0, ranges)).toBe('root');
    expect(describeOwner(166535, ranges)).toBe('subordinate UID 166535 (container UID 1000 of a rootless run)');
    expect(describeOwner(33, ranges, idNames('www-data:x:33:33::/var/www:/usr/sbin/nologin\n'))).toBe('www-data (33)');
  });
});

describe('doctor: the working tree', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-tree-'));
    for (const file of ['node_modules/a/index.js', 'node_modules/b.js', '.git/objects/ab/cd', 'src/x.js', 'README.md']) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), '');
    }
    fs.symlinkSync('/etc/passwd', path.join(dir, 'link'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('counts what another UID owns per top-level folder, without following symlinks', () => {
    const mine = fs.statSync(dir).uid;
    expect(scanTree(dir, mine)).toMatchObject({ foreign: 0, scanned: 12 });
    // Seen as another user, everything is foreign: grouped by top-level folder, files at the top as `.`.
    const other = scanTree(dir, mine + 1, { examples: 2 });
    expect(other.foreign).toBe(12);
    expect(other.folders.map((f) => [f.folder, f.count])).toEqual([
      ['.git', 4],
      ['node_modules', 4],
      ['.', 2],
      ['src', 2],
    ]);
    expect(other.folders[1].examples).toHaveLength(2);
    // The link is counted as itself: /etc is never walked.
    expect(other.folders.find((f) => f.folder === '.')!.examples.sort()).toEqual(['README.md', 'link']);
  });

  it('fails with the folders, their owners and the next step, and gives yo nonroot one line', () => {
    const tree = scanTree(dir, fs.statSync(dir).uid + 1);
    const f = facts({ tree });
    const [finding] = find(f, 'tree');
    expect(finding).toMatchObject({ status: 'fail', fix: expect.stringContaining('generator-nonroot reclaim') });
    expect(finding.details!.some((d) => d.startsWith('node_modules/: 4'))).toBe(true);
    expect(textReport(f, runChecks(f))).toMatch(/✗ tree +12 of 12 files/);
    expect(treeSummary(f)).toMatch(/^doctor: 12 files and folders here are not yours \(\.git 4, node_modules 4, files at the top 2, …\)/);
    expect(treeSummary(facts())).toBeUndefined();
  });
});

describe('doctor: SARIF, for the findings that have a place in the repo', () => {
  it('puts .env, the Dev Container user and the first foreign file at their file and line; machine findings stay out', () => {
    const files = {
      '.yo-rc.json': JSON.stringify({ 'generator-nonroot': { idStrategy: 'build-arg' } }, null, 2),
      'compose.yaml': 'services:\n  app:\n    build: .\n',
      '.env': '# ids\nHOST_UID=1000\nHOST_GID=1000\n',
      '.devcontainer/devcontainer.json': '{\n  "image": "node:22",\n  "remoteUser": "app"\n}\n',
    };
    const repo = memoryRepo(files);
    const tree = {
      scanned: 9,
      foreign: 1,
      folders: [{ folder: 'dist', count: 1, owners: { 0: 1 }, examples: ['dist/app.js'] }],
      topFiles: [],
      unreadable: [],
    };
    const f = facts({
      repo,
      layout: readLayout(repo, findDevcontainers(repo)[0]),
      env: envEntries(files['.env']),
      stored: { idStrategy: 'build-arg' },
      host: { uid: 1000, gid: 1001, login: 'ana' },
      endpoint: { source: 'DOCKER_HOST', kind: 'remote', address: 'ssh://build-box' },
      tree,
    });
    const log = JSON.parse(sarifReport(f, runChecks(f)));
    expect(log).toBeValidSarifLog();
    const at = log.runs[0].results.map(
      (r: {
        ruleId: string;
        level: string;
        locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[];
      }) => [r.ruleId, r.level, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region?.startLine],
    );
    expect(at).toEqual([
      ['doctor/env', 'error', '.env', 2],
      ['doctor/remap', 'error', '.devcontainer/devcontainer.json', 3],
      ['doctor/tree', 'error', 'dist/app.js', undefined],
    ]);
    // The remote engine is a finding of this machine: in the text report, not in SARIF.
    expect(runChecks(f).some((x) => x.check === 'engine' && x.status === 'warn')).toBe(true);
  });
});
