// mergeCompose on hand-written files: exact text in and out. The property-based tests
// (property-compose.test.ts) generate the styles; these pin down the cases by name.
import { parseDocument } from 'yaml';
import { InputError } from '../../src/core/errors.js';
import { mergeCompose, type WantedService } from '../../src/app/merge/compose.js';
import { fixture, lineDiff, wanted } from '../support/context.js';

const HOST_UID = '${HOST_UID:?run sh .nonroot/host-ids.sh}';
const HOST_GID = '${HOST_GID:?run sh .nonroot/host-ids.sh}';
const merge = (text: string, services: WantedService[] | WantedService, dir = '.') =>
  mergeCompose(text, 'compose.yml', dir, [services].flat());
const data = (text: string) => parseDocument(text, { merge: true }).toJS();

describe('mergeCompose', () => {
  const anchors = fixture('compose-anchors.yml');

  it('adds only the owned keys to an existing service and keeps every other byte', () => {
    const merged = merge(anchors, wanted());
    expect(lineDiff(anchors, merged)).toEqual({
      added: [`        UID: ${HOST_UID}`, `        GID: ${HOST_GID}`, '      - .:/workspace', `    user: ${HOST_UID}:${HOST_GID}`],
      removed: [],
    });
    // Placed inside the right blocks: after NODE_ENV's line, after the last volume, at the end of the service.
    expect(merged).toContain(`NODE_ENV: development  # dev build\n        UID: ${HOST_UID}`);
    expect(merged).toContain(`- ./data:/data\n      - .:/workspace\n    depends_on: [db]\n    user:`);
  });

  it('is a no-op on its own output', () => {
    const once = merge(anchors, wanted());
    expect(merge(once, wanted())).toBe(once);
  });

  it('updates its values in place when an answer changes, and removes the args it wrote when no longer wanted', () => {
    const buildArg = merge(anchors, wanted());
    const fixed = merge(
      buildArg,
      wanted(
        { idStrategy: 'fixed', uid: 2000, gid: 2000, workspace: '/src' },
        { mount: { source: '.', target: '/src', add: false, retarget: true } },
      ),
    );
    expect(lineDiff(anchors, fixed)).toEqual({ added: ['      - .:/src', '    user: 2000:2000'], removed: [] });
  });

  it("puts a list item before a key inserted at the same place: the service's volumes last in the file", () => {
    const text = 'services:\n  web:\n    build: ./web\n    volumes:\n      - ./web:/srv';
    const merged = merge(text, wanted({ service: 'web', idStrategy: 'fixed', uid: 1000, gid: 1000 }));
    expect(merged).toBe('services:\n  web:\n    build: ./web\n    volumes:\n      - ./web:/srv\n      - .:/workspace\n    user: 1000:1000');
    expect(data(merged).services.web.volumes).toEqual(['./web:/srv', '.:/workspace']);
  });

  it('keeps an existing project mount and its target: the app finds its code where it always did', () => {
    const text = 'services:\n  web:\n    build: .\n    volumes:\n      - .:/code\n';
    const merged = merge(
      text,
      wanted(
        { service: 'web', idStrategy: 'fixed', uid: 1000, gid: 1000 },
        { mount: { source: '.', target: '/code', add: false, retarget: false } },
      ),
    );
    expect(data(merged).services.web.volumes).toEqual(['.:/code']);
    // --workspace given explicitly: the mount follows, its options kept.
    const cached = 'services:\n  app:\n    volumes:\n      - ../..:/workspaces:cached\n';
    const moved = mergeCompose(cached, '.devcontainer/compose.yml', '.devcontainer', [
      wanted({}, { mount: { source: '..', target: '/src', add: false, retarget: true } }),
    ]);
    expect(data(moved).services.app.volumes).toEqual(['../..:/src:cached']);
  });

  it("writes `build: .` as a block mapping in the file's style, keeping the context as written and the comment", () => {
    const merged = merge(fixture('compose-profiles.yaml'), wanted({ service: 'web' }));
    expect(merged).toContain(
      [
        '    build:   # context only',
        '      context: .  # generator-nonroot: short form until the UID/GID args',
        '      args:',
        `        UID: ${HOST_UID}`,
        `        GID: ${HOST_GID}`,
        '    profiles: [web]',
      ].join('\n'),
    );
    // Without the args (another strategy) it goes back to the short form, comment and all.
    expect(
      merge(
        merged,
        wanted(
          { service: 'web', idStrategy: 'fixed', uid: 1000, gid: 1000 },
          { mount: { source: '.', target: '/workspace', add: false, retarget: false } },
        ),
      ),
    ).toContain('    build: .   # context only\n    profiles: [web]');
    expect(merged).toContain('volumes: [./static:/srv/static, .:/workspace]');
    const fourSpaces = 'services:\n    web:\n        build: ./web\n';
    expect(merge(fourSpaces, wanted({ service: 'web' }))).toContain(
      [
        '        build:',
        '            context: ./web  # generator-nonroot: short form until the UID/GID args',
        '            args:',
        `                UID: ${HOST_UID}`,
      ].join('\n'),
    );
  });

  it('updates args in the list form and keeps others', () => {
    const profiles = fixture('compose-profiles.yaml');
    const worker = merge(profiles, wanted({ service: 'worker' }));
    expect(worker).toBe(
      profiles
        .replace('- UID=1000   # old hand-made arg', `- UID=${HOST_UID}   # old hand-made arg\n        - GID=${HOST_GID}`)
        .replace('"worker"]\n', `"worker"]\n    user: ${HOST_UID}:${HOST_GID}\n    volumes:\n      - .:/workspace\n`),
    );
  });

  it('keeps what a merge key brings: the inherited build and volumes are written out with ours', () => {
    const text =
      'x-app: &app\n  build:\n    context: ./app\n    target: dev\n  volumes:\n    - ./data:/data\nservices:\n  app:\n    <<: *app\n';
    const merged = data(merge(text, wanted({ idStrategy: 'fixed', uid: 1000, gid: 1000 })));
    expect(merged.services.app.build).toEqual({ context: './app', target: 'dev' });
    expect(merged.services.app.volumes).toEqual(['./data:/data', '.:/workspace']);
  });

  it('edits an override file only where it sets an owned key itself (it would win over ours)', () => {
    const override = 'services:\n  app:\n    user: root\n    ports: ["8080:80"]\n  other:\n    image: x\n';
    const merged = merge(override, wanted({}, { role: 'override' }));
    expect(merged).toBe(override.replace('user: root', `user: ${HOST_UID}:${HOST_GID}`));
    expect(merge('services:\n  app:\n    ports: ["8080:80"]\n', wanted({}, { role: 'override' }))).toBe(
      'services:\n  app:\n    ports: ["8080:80"]\n',
    );
  });

  it('adds named volumes to the service and to the top-level volumes, once', () => {
    const want = wanted({ volumes: '/home/ana/.cache' });
    const merged = merge(anchors, want);
    expect(lineDiff(anchors, merged).added).toEqual([
      `        UID: ${HOST_UID}`,
      `        GID: ${HOST_GID}`,
      '      - .:/workspace',
      '      - home-ana-.cache:/home/ana/.cache',
      `    user: ${HOST_UID}:${HOST_GID}`,
      '  home-ana-.cache: {}',
    ]);
    expect(merged.endsWith('  dbdata: {}\n  home-ana-.cache: {}\n')).toBe(true);
    expect(merge(merged, want)).toBe(merged);
    const noTop = merge(fixture('compose-profiles.yaml'), wanted({ service: 'worker', volumes: '/cache' }));
    expect(noTop.endsWith('volumes:\n  cache: {}\n')).toBe(true);
  });

  it('drops nocopy from the volumes of the service it adopts, short and long, keeping the other options and comments', () => {
    const text =
      'services:\n  app:\n    build: .\n    volumes:\n      - .:/workspace\n      - cache:/c:ro,nocopy  # read-only cache\n' +
      '      - type: volume\n        source: reports\n        target: /r\n        volume:\n          nocopy: true\n' +
      '      - type: volume\n        source: logs\n        target: /l\n        volume: {nocopy: true, subpath: app}\n' +
      '  db:\n    image: postgres\n    volumes:\n      - data:/var/lib/postgresql/data:nocopy\n';
    const merged = merge(text, wanted());
    const gone = text.split('\n').filter((line) => !merged.split('\n').includes(line));
    expect(gone).toEqual([
      '    build: .', // written as a block with the args
      '      - cache:/c:ro,nocopy  # read-only cache',
      '        volume:',
      '          nocopy: true',
      '        volume: {nocopy: true, subpath: app}',
    ]);
    expect(merged).toContain('      - cache:/c:ro  # read-only cache\n');
    expect(merged).toContain('        target: /r\n      - type: volume\n');
    expect(merged).toContain('        volume: {subpath: app}\n');
    expect(merged).toContain('data:/var/lib/postgresql/data:nocopy'); // not a service it adopts
    expect(merge(merged, wanted())).toBe(merged);
  });

  it("adds a missing service after the others, in the file's indentation", () => {
    const merged = merge(anchors, wanted({ service: 'dev' }));
    const { added, removed } = lineDiff(anchors, merged);
    expect(removed).toEqual([]);
    expect(added[0]).toBe('  dev:');
    expect(merged.indexOf('\n  dev:')).toBeGreaterThan(merged.indexOf('dbdata:/var/lib/postgresql/data'));
    expect(merged.indexOf('\n  dev:')).toBeLessThan(merged.indexOf('\nvolumes:'));
    expect(data(merged).services.dev).toEqual({
      build: { context: '.', args: { UID: HOST_UID, GID: HOST_GID } },
      user: `${HOST_UID}:${HOST_GID}`,
      volumes: ['.:/workspace'],
    });
  });

  it('adds a services section to a file that has none, and keeps CRLF line endings', () => {
    expect(merge('name: x\n', wanted())).toMatch(/^name: x\nservices:\n {2}app:\n/);
    const crlf = merge('services:\r\n  app:\r\n    image: x\r\n', wanted({ idStrategy: 'fixed', uid: 1000, gid: 1000 }));
    expect(crlf.split('\r\n').every((line) => !line.includes('\n'))).toBe(true);
    expect(data(crlf).services.app.user).toBe('1000:1000');
  });

  it('fails with file:line on YAML it cannot read', () => {
    expect(() => merge('services:\n  app:\n    image: [oops\n', wanted())).toThrow(InputError);
    expect(() => merge('services:\n  app:\n    image: [oops\n', wanted())).toThrow(/^nothing was written.*\n {2}compose\.yml:\d+: /);
    expect(() => merge('services:\n  app: 42\n', wanted())).toThrow(/compose\.yml:2: services\.app is not a mapping/);
  });
});
