// Self-consistency: every setup the generator writes, for every strategy and every kind of base,
// checks clean with the audit (issue 9 point 4), the rootless, arbitrary-UID and runtime strategies included.
import { diskRepo } from '../../src/core/layout/index.js';
import { audit } from '../../src/check/audit.js';
import { generate } from '../support/generate.js';

const BASES = [
  'debian:trixie-slim',
  'ubuntu:24.04',
  'node:22',
  'alpine:3.20',
  'mcr.microsoft.com/devcontainers/base:bookworm',
  'gcr.io/distroless/static-debian12',
  'scratch',
];
const STRATEGIES: Record<string, Record<string, string>> = {
  'build-arg': {},
  fixed: { uid: '1000', gid: '20' },
  devcontainer: {},
  podman: {},
  'rootless-docker': {},
  arbitrary: {},
  runtime: {},
};
/** Their entrypoint is a shell script: shell-less bases are refused with them (input.test.ts). */
const NEEDS_SHELL = ['arbitrary', 'runtime'];

describe.each(Object.keys(STRATEGIES))('the generated setup, %s strategy', (strategy) => {
  it.each(BASES.filter((b) => !NEEDS_SHELL.includes(strategy) || !/distroless|scratch/.test(b)))(
    'on %s checks clean, with named volumes and (where there is a shell) sudo',
    async (base) => {
      const shellLess = /distroless|scratch/.test(base);
      const out = await generate({
        options: {
          yes: true,
          'base-image': base,
          'id-strategy': strategy,
          ...STRATEGIES[strategy],
          volumes: '/home/ana/.cache,/workspace/node_modules',
          ...(shellLess ? {} : { sudo: true }),
        },
      });
      expect(audit(diskRepo(out.cwd)).findings).toEqual([]);
      out.cleanup();
    },
  );

  it('with the workspace under /usr (its folder is created by the user block, not a slow root step)', async () => {
    const out = await generate({ options: { yes: true, 'id-strategy': strategy, ...STRATEGIES[strategy], workspace: '/usr/src/app' } });
    expect(audit(diskRepo(out.cwd)).findings).toEqual([]);
    out.cleanup();
  });
});
