// Compose's own schema and interpolation accept what the generator writes.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describeEngine, generateProject, type Project } from './support/lab.js';

const me = { uid: process.getuid?.() ?? 1000, gid: process.getgid?.() ?? 1000 };

describeEngine('docker compose config', () => {
  describe.each(['build-arg', 'fixed', 'devcontainer', 'podman', 'rootless-docker', 'arbitrary', 'runtime'])('%s', (strategy) => {
    let project: Project;
    beforeAll(() => {
      project = generateProject(me, ['--id-strategy', strategy, '--username', 'dev', '--service', 'web.1', '--workspace', '/src/app']);
    });
    afterAll(() => project.cleanup());

    it('accepts the generated compose file and resolves the user and mount', () => {
      const { stdout } = project.compose(['config']);
      const service = parse(stdout).services['web.1'];
      const host = me.uid === 0 ? '1000:1000' : `${me.uid}:${me.gid}`;
      const user: Record<string, string | undefined> = {
        'build-arg': host,
        fixed: host,
        'rootless-docker': '0:0',
        arbitrary: `${host.split(':')[0]}:0`,
        runtime: undefined,
      };
      expect(service.user).toBe(strategy in user ? user[strategy] : '1000:1000');
      expect(service.userns_mode).toBe(strategy === 'podman' ? 'keep-id:uid=1000,gid=1000' : undefined);
      expect(service.volumes).toEqual([
        expect.objectContaining({ type: 'bind', source: project.dir, target: '/src/app' }),
        expect.objectContaining({ type: 'volume', source: 'home-dev-.cache', target: '/home/dev/.cache' }),
        expect.objectContaining({ type: 'volume', source: 'workspace-node_modules', target: '/workspace/node_modules' }),
      ]);
    });

    if (strategy === 'build-arg' || strategy === 'arbitrary') {
      it('stops a clone without .env and says what to run', () => {
        fs.rmSync(path.join(project.dir, '.env'));
        const { status, stderr } = project.compose(['config'], { check: false });
        expect(status).not.toBe(0);
        expect(stderr).toMatch(/required variable HOST_(UID|GID) is missing a value: run sh \.nonroot\/host-ids\.sh/);
      });
    }
  });
});
