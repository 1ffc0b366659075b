// The engine probe with fake engine commands on PATH: an engine that hangs is no answer, never a hang.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { probeEngine } from '../../src/core/engine.js';

const ENGINES = fileURLToPath(new URL('../fixtures/engines', import.meta.url));

describe('probeEngine', () => {
  let bin: string;
  const saved = { PATH: process.env.PATH, INFO: process.env.NONROOT_ENGINE_INFO };
  const fake = (command: string, script: string) => fs.writeFileSync(path.join(bin, command), `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  beforeEach(() => {
    bin = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-engine-'));
    process.env.PATH = bin;
    delete process.env.NONROOT_ENGINE_INFO;
  });
  afterEach(() => {
    process.env.PATH = saved.PATH;
    process.env.NONROOT_ENGINE_INFO = saved.INFO;
    fs.rmSync(bin, { recursive: true, force: true });
  });

  it('reads docker info', () => {
    fake('docker', `exec /bin/cat '${path.join(ENGINES, 'docker-rootless.json')}'`);
    expect(probeEngine()).toEqual({ name: 'docker', rootless: true, desktop: false, host: 'lab', client: 'docker' });
  });

  it('asks podman when docker does not answer', () => {
    fake('docker', 'echo "Cannot connect to the Docker daemon" >&2; exit 1');
    fake('podman', `exec /bin/cat '${path.join(ENGINES, 'podman-rootless.json')}'`);
    expect(probeEngine()).toEqual({ name: 'podman', rootless: true, desktop: false, client: 'podman' });
  });

  it('gives up on an engine that hangs, and on no engine at all', () => {
    fake('docker', 'exec /bin/sleep 30');
    expect(probeEngine(300)).toBeUndefined();
    fs.rmSync(path.join(bin, 'docker'));
    expect(probeEngine(300)).toBeUndefined();
  });

  it('takes a recorded output from NONROOT_ENGINE_INFO, or none', () => {
    process.env.NONROOT_ENGINE_INFO = path.join(ENGINES, 'podman-docker-api.json');
    expect(probeEngine()).toMatchObject({ name: 'podman', rootless: true });
    process.env.NONROOT_ENGINE_INFO = 'none';
    expect(probeEngine()).toBeUndefined();
  });
});
