import * as valid from '../../src/app/validate.js';

describe('username', () => {
  it.each(['dev', '_svc', 'a', 'build-bot_2', 'x'.repeat(32)])('accepts %s', (name) => {
    expect(valid.username(name)).toBe(true);
  });
  it.each(['Dev', '1dev', '-dev', 'dev user', 'dev;rm -rf /', 'dév', 'x'.repeat(33), ''])('rejects %j', (name) => {
    expect(valid.username(name)).toMatch(/lowercase letter or _.*e\.g\. dev/);
  });
  it('rejects root with its own reason', () => {
    expect(valid.username('root')).toMatch(/must not be root/);
  });
});

describe('id', () => {
  it.each(['1', '1000', '1234567890', String(2 ** 31 - 2)])('accepts %s', (value) => {
    expect(valid.id(value)).toBe(true);
  });
  it.each(['0', String(2 ** 31 - 1), '4294967295'])('rejects %s as out of range', (value) => {
    expect(valid.id(value)).toMatch(/from 1 to 2147483646/);
  });
  it.each(['-1', '1e3', '10.5', ' 1000', '1000\n', '$(id -u)', 'abc'])('rejects %j as not a number', (value) => {
    expect(valid.id(value)).toMatch(/whole number/);
  });
});

describe('imageReference', () => {
  it.each([
    'debian:trixie-slim',
    'ubuntu',
    'node:22-bookworm',
    'gcr.io/distroless/static-debian12:nonroot',
    'localhost:5000/team/app:1.2.3',
    'mcr.microsoft.com/devcontainers/base:bookworm',
    `alpine@sha256:${'a'.repeat(64)}`,
    `library/alpine:3.20@sha256:${'0'.repeat(64)}`,
    'nonroot-lab/debian-uid1000:trixie',
  ])('accepts %s', (ref) => {
    expect(valid.imageReference(ref)).toBe(true);
  });
  it.each([
    'Debian:12',
    'debian:trixie slim',
    'debian\nRUN rm -rf /',
    'debian:-bad',
    'debian@sha256:short',
    'debian:',
    '',
    `debian:${'t'.repeat(129)}`,
  ])('rejects %j', (ref) => {
    expect(valid.imageReference(ref)).toMatch(/image reference like debian:trixie-slim/);
  });
});

describe('serviceName', () => {
  it.each(['app', 'web_1', 'api.v2', 'A-b'])('accepts %s', (name) => expect(valid.serviceName(name)).toBe(true));
  it.each(['-app', 'my app', 'app:1', 'a"b', '', 'x'.repeat(64)])('rejects %j', (name) => {
    expect(valid.serviceName(name)).toMatch(/e\.g\. app/);
  });
});

describe('workspacePath', () => {
  it.each(['/workspace', '/home/dev/project', '/src/app-1.0'])('accepts %s', (p) => expect(valid.workspacePath(p)).toBe(true));
  it('rejects relative paths', () => expect(valid.workspacePath('workspace')).toMatch(/absolute path/));
  it.each(['/work space', '/a:b', '/w/', '/w"x', '/'])('rejects %j', (p) => expect(valid.workspacePath(p)).toMatch(/e\.g\. \/workspace/));
  it('rejects .. segments', () => expect(valid.workspacePath('/a/../etc')).toMatch(/\. or \.\./));
  it.each(['/etc', '/usr', '/tmp'])('rejects the system directory %s', (p) => expect(valid.workspacePath(p)).toMatch(/system directory/));
});

describe('volumePaths', () => {
  it('accepts comma-separated container paths', () => {
    expect(valid.volumePaths('/home/dev/.cache,/workspace/node_modules')).toBe(true);
  });
  it('names the bad path and the rule', () => {
    expect(valid.volumePaths('/ok,relative')).toMatch(/^relative: must be an absolute path .* e\.g\. \/home\/dev\/\.cache/);
    expect(valid.volumePaths('/a b')).toMatch(/^\/a b: must be \/-separated names/);
    expect(valid.volumePaths('/etc')).toMatch(/system directory \/etc: a volume is mounted there/);
  });
});

describe('oneOf', () => {
  const strategy = valid.oneOf(['build-arg', 'fixed']);
  it('accepts a member and lists the choices otherwise', () => {
    expect(strategy('fixed')).toBe(true);
    expect(strategy('magic')).toBe('must be one of build-arg, fixed, e.g. build-arg');
  });
});
