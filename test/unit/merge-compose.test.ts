import { InputError } from '../../generators/app/errors.js';
import { mergeCompose, serviceBuild } from '../../generators/app/merge/compose.js';
import { fixture, lineDiff, renderCompose } from '../support/context.js';

const HOST_UID = '${HOST_UID:?is not set - run sh .nonroot/host-ids.sh to write your IDs to .env}';
const HOST_GID = '${HOST_GID:?is not set - run sh .nonroot/host-ids.sh to write your IDs to .env}';

describe('mergeCompose', () => {
  const anchors = fixture('compose-anchors.yml');

  it('adds only the owned keys to an existing service and keeps every other byte', () => {
    const merged = mergeCompose(anchors, renderCompose(), 'app', 'compose.yml');
    expect(lineDiff(anchors, merged)).toEqual({
      added: [
        `        UID: "${HOST_UID}"`,
        `        GID: "${HOST_GID}"`,
        '      - ".:/workspace"',
        `    user: "${HOST_UID}:${HOST_GID}"`,
      ],
      removed: [],
    });
    // Placed inside the right blocks: after NODE_ENV's line, after the last volume, at the end of the service.
    expect(merged).toContain(`NODE_ENV: development  # dev build\n        UID: "${HOST_UID}"`);
    expect(merged).toContain(`- ./data:/data\n      - ".:/workspace"\n    depends_on: [db]\n    user:`);
  });

  it('is a no-op on its own output', () => {
    const once = mergeCompose(anchors, renderCompose(), 'app', 'compose.yml');
    expect(mergeCompose(once, renderCompose(), 'app', 'compose.yml')).toBe(once);
  });

  it('updates its values in place when an answer changes, and removes the args it wrote when no longer wanted', () => {
    const buildArg = mergeCompose(anchors, renderCompose(), 'app', 'compose.yml');
    const fixed = mergeCompose(buildArg, renderCompose({ idStrategy: 'fixed', uid: 2000, gid: 2000, workspace: '/src' }), 'app', 'compose.yml');
    expect(lineDiff(anchors, fixed)).toEqual({ added: ['      - ".:/src"', '    user: "2000:2000"'], removed: [] });
  });

  it('adds a missing service after the others, in the file\'s indentation', () => {
    const merged = mergeCompose(anchors, renderCompose({ service: 'dev' }), 'dev', 'compose.yml');
    const { added, removed } = lineDiff(anchors, merged);
    expect(removed).toEqual([]);
    expect(added[0]).toBe('  "dev":');
    expect(merged.indexOf('"dev":')).toBeGreaterThan(merged.indexOf('dbdata:/var/lib/postgresql/data'));
    expect(merged.indexOf('"dev":')).toBeLessThan(merged.indexOf('\nvolumes:'));
  });

  it('handles short forms: `build: .`, flow volume lists, args as a list', () => {
    const profiles = fixture('compose-profiles.yaml');
    const web = mergeCompose(profiles, renderCompose({ service: 'web' }), 'web', 'compose.yaml');
    expect(web).toContain(`build: {"context":".","args":{"UID":"${HOST_UID}","GID":"${HOST_GID}"}}   # context only`);
    expect(web).toContain('volumes: [./static:/srv/static, ".:/workspace"]');
    const worker = mergeCompose(profiles, renderCompose({ service: 'worker' }), 'worker', 'compose.yaml');
    expect(worker).toBe(
      profiles
        .replace('- UID=1000   # old hand-made arg', `- "UID=${HOST_UID}"   # old hand-made arg\n        - "GID=${HOST_GID}"`)
        .replace('"worker"]\n', `"worker"]\n    user: "${HOST_UID}:${HOST_GID}"\n    volumes:\n      - ".:/workspace"\n`),
    );
  });

  it('adds named volumes to the service and to the top-level volumes, once', () => {
    const wanted = renderCompose({ volumes: '/home/ana/.cache' });
    const merged = mergeCompose(anchors, wanted, 'app', 'compose.yml');
    expect(lineDiff(anchors, merged).added).toEqual([
      `        UID: "${HOST_UID}"`,
      `        GID: "${HOST_GID}"`,
      '      - ".:/workspace"',
      '      - "home-ana-.cache:/home/ana/.cache"',
      `    user: "${HOST_UID}:${HOST_GID}"`,
      '  home-ana-.cache:',
    ]);
    expect(merged.endsWith('  dbdata: {}\n  home-ana-.cache:\n')).toBe(true);
    expect(mergeCompose(merged, wanted, 'app', 'compose.yml')).toBe(merged);
    const noTop = mergeCompose(fixture('compose-profiles.yaml'), renderCompose({ service: 'worker', volumes: '/cache' }), 'worker', 'compose.yaml');
    expect(noTop.endsWith('volumes:\n  "cache": {}\n')).toBe(true);
  });

  it('adds a services section to a file that has none', () => {
    expect(mergeCompose('name: x\n', renderCompose(), 'app', 'compose.yaml')).toMatch(/^name: x\nservices:\n {2}"app":\n/);
  });

  it('fails with file:line on YAML it cannot read', () => {
    expect(() => mergeCompose('services:\n  app:\n    image: [oops\n', renderCompose(), 'app', 'compose.yaml')).toThrow(InputError);
    expect(() => mergeCompose('services:\n  app:\n    image: [oops\n', renderCompose(), 'app', 'compose.yaml')).toThrow(/^nothing was written.*\n {2}compose\.yaml:\d+: /);
    expect(() => mergeCompose('services:\n  app: 42\n', renderCompose(), 'app', 'compose.yaml')).toThrow(/compose\.yaml:2: services\.app is not a mapping/);
  });
});

describe('serviceBuild', () => {
  it('reads where an existing service builds from, relative to the project', () => {
    expect(serviceBuild(fixture('compose-anchors.yml'), 'app', 'compose.yml')).toEqual({ context: '.', dockerfile: 'Dockerfile' });
    expect(serviceBuild(fixture('compose-profiles.yaml'), 'web', 'c')).toEqual({ context: '.', dockerfile: 'Dockerfile' });
    expect(serviceBuild(fixture('compose-profiles.yaml'), 'worker', 'c')).toEqual({ context: 'worker', dockerfile: 'worker/Dockerfile' });
    expect(serviceBuild('services:\n  app:\n    build: {context: ., dockerfile: docker/dev.Dockerfile}\n', 'app', 'c')).toEqual({
      context: '.',
      dockerfile: 'docker/dev.Dockerfile',
    });
  });
  it('is undefined where there is nothing to follow', () => {
    expect(serviceBuild('services:\n  app:\n    image: x\n', 'app', 'c')).toBeUndefined();
    expect(serviceBuild('services: [', 'app', 'c')).toBeUndefined();
    expect(serviceBuild('services:\n  other:\n    build: .\n', 'app', 'c')).toBeUndefined();
  });
  it('refuses builds outside the project or inline Dockerfiles, naming the key', () => {
    expect(() => serviceBuild('services:\n  app:\n    build: ../elsewhere\n', 'app', 'compose.yaml')).toThrow(/compose\.yaml: services\.app\.build points outside the project/);
    expect(() => serviceBuild('services:\n  app:\n    build: {dockerfile_inline: "FROM x"}\n', 'app', 'c')).toThrow(/dockerfile_inline/);
  });
});
