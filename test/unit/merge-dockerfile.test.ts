import { mergeDockerfile } from '../../src/app/merge/dockerfile.js';
import { render } from '../../src/app/render.js';
import { instructions } from '../support/dockerfile-text.js';
import { context, fixture } from '../support/context.js';

const block = (text: string, name: string) => {
  const start = text.indexOf(`# >>> generator-nonroot:${name}`);
  return start === -1 ? undefined : text.slice(start, text.indexOf('# <<< generator-nonroot', start));
};

describe('mergeDockerfile: adopting a hand-written Dockerfile', () => {
  const nodeApp = fixture('Dockerfile.node-app');
  const merged = mergeDockerfile(nodeApp, context(), 'Dockerfile');

  it('keeps every line of the file except the COPY/USER lines it takes ownership of', () => {
    const changed = nodeApp.split('\n').filter((line) => !merged.split('\n').includes(line));
    expect(changed).toEqual(['COPY --from=build /src/artifact.txt /app/artifact.txt', 'COPY . /app/src', 'USER ubuntu']);
    // Every other line is still there, in the same order (blank lines aside: one separates a block).
    const kept = nodeApp
      .split('\n')
      .filter((line) => line && !changed.includes(line))
      .join('\n');
    const withoutChanged = merged
      .split('\n')
      .filter((line) => line && nodeApp.split('\n').includes(line))
      .join('\n');
    expect(withoutChanged).toBe(kept);
  });

  it('puts the user block in the final stage only, after the slow RUN and before WORKDIR/COPY', () => {
    const steps = instructions(merged);
    const finalFrom = steps.lastIndexOf('FROM ${BASE}');
    expect(steps.indexOf('ARG UID')).toBeGreaterThan(finalFrom);
    expect(steps.indexOf('RUN echo "pretend apt-get install curl" > /etc/installed-packages')).toBeLessThan(steps.indexOf('ARG UID'));
    expect(steps.indexOf('ARG UID')).toBeLessThan(steps.indexOf('WORKDIR /app'));
    expect(steps.slice(0, finalFrom).some((s) => s.includes('nonroot-create-user'))).toBe(false);
  });

  it('owns what comes after it: COPY into the WORKDIR gets --chown, a named USER becomes numeric, WORKDIR is pre-created', () => {
    const steps = instructions(merged);
    expect(steps).toContain('COPY --chown=${UID}:${GID} --from=build /src/artifact.txt /app/artifact.txt');
    expect(steps).toContain('COPY --chown=${UID}:${GID} . /app/src');
    expect(steps).not.toContain('USER ubuntu');
    // The file's own USER (made numeric) switches to the user before any RUN: the block writes no second one.
    expect(block(merged, 'user')).not.toMatch(/^USER \$\{UID\}/m);
    expect(steps.filter((s) => s.startsWith('USER '))).toEqual(['USER root', 'USER ${UID}:${GID}']);
    // It takes over ubuntu, which the file names, keeping its name's steps working.
    expect(block(merged, 'user')).toContain('NONROOT_TAKEOVER=ubuntu ');
    expect(block(merged, 'final-user')).toBeUndefined();
    expect(block(merged, 'user')).toContain('NONROOT_DIRS="/workspace /app"');
  });

  it('is idempotent, and a rerun with other answers rewrites only the blocks', () => {
    expect(mergeDockerfile(merged, context(), 'Dockerfile')).toBe(merged);
    const bob = mergeDockerfile(merged, context({ username: 'bob', idStrategy: 'fixed', uid: 2000, gid: 2000, sudo: true }), 'Dockerfile');
    expect(block(bob, 'user')).toContain('ARG USERNAME=bob\nARG UID=2000\nARG GID=2000\n');
    expect(block(bob, 'sudo')).toContain('apt-get install -y --no-install-recommends sudo');
    expect(bob.match(/generator-nonroot:user/g)).toHaveLength(1);
    const back = mergeDockerfile(bob, context(), 'Dockerfile');
    expect(back).toBe(merged);
  });

  it('ends numeric even when the file ended as root, and never chowns copies into system or foreign paths', () => {
    const rootLast = fixture('Dockerfile.root-last');
    const out = mergeDockerfile(rootLast, context(), 'Dockerfile');
    const steps = instructions(out);
    expect(steps).toContain('USER root');
    expect(steps.at(-1)).toBe('USER ${UID}:${GID}');
    expect(block(out, 'final-user')).toBeDefined();
    expect(steps).toContain('COPY --from=tools /tool /usr/local/bin/tool');
    expect(steps).toContain('ADD --chown=root:root ./README.md /docs/README.md');
    expect(block(out, 'user')).toContain('NONROOT_DIRS="/workspace /data"');
  });

  it('creates the user in a builder stage when the final stage has no shell', () => {
    const out = mergeDockerfile(fixture('Dockerfile.distroless'), context({ builderImage: 'nonroot-lab/busybox:1.35' }), 'Dockerfile');
    const steps = instructions(out);
    const finalFrom = steps.lastIndexOf('FROM nonroot-lab/distroless:latest');
    expect(steps).toContain('FROM nonroot-lab/busybox:1.35 AS nonroot-user');
    expect(steps).toContain('COPY --from=nonroot-lab/distroless:latest /etc/passwd /etc/group /etc/');
    expect(steps.slice(finalFrom).some((s) => s.startsWith('RUN '))).toBe(false);
    expect(steps.slice(finalFrom)).toContain('COPY --from=nonroot-user /etc/passwd /etc/group /etc/');
    expect(steps.filter((s) => s.startsWith('USER ')).at(-1)).toBe('USER ${UID}:${GID}');
    expect(steps.at(-1)).toBe('ENTRYPOINT ["/app"]');
  });

  it('fails on a file with no FROM, naming it', () => {
    expect(() => mergeDockerfile('RUN echo hi\n', context(), 'Dockerfile')).toThrow(/Dockerfile:1: no FROM instruction/);
  });
});

describe('mergeDockerfile: files the generator wrote', () => {
  const fresh = (more = {}) => mergeDockerfile(render('Dockerfile.ejs', context(more)), context(more), 'Dockerfile');

  it('follows a base image change in its own FROM, adding or removing the builder stage', () => {
    const debian = fresh();
    const distroless = mergeDockerfile(debian, context({ baseImage: 'gcr.io/distroless/static-debian12' }), 'Dockerfile');
    expect(instructions(distroless).filter((s) => s.startsWith('FROM '))).toEqual([
      'FROM busybox:1.37 AS nonroot-user',
      'FROM gcr.io/distroless/static-debian12',
    ]);
    expect(mergeDockerfile(distroless, context(), 'Dockerfile')).toBe(debian);
  });

  it('keeps what the user added between the blocks', () => {
    const edited = fresh().replace('# Steps that need root', 'RUN apt-get update && apt-get install -y git\n# Steps that need root');
    const rerun = mergeDockerfile(edited, context({ username: 'bob' }), 'Dockerfile');
    expect(rerun).toContain('RUN apt-get update && apt-get install -y git\n# Steps that need root');
    expect(rerun).toContain('ARG USERNAME=bob');
  });
});

describe('mergeDockerfile: stages, root steps and what the user owns', () => {
  const merge = (text: string, targets?: (string | undefined)[]) => mergeDockerfile(text, context(), 'Dockerfile', targets);

  it('puts the user block into the stage compose builds (build.target) and gives root back to a stage built FROM it', () => {
    const text =
      'FROM debian AS base\nWORKDIR /srv\n\nFROM base AS development\nCOPY . ' +
      '.\n\nFROM development AS tools\nRUN apt-get install -y git\n\nFROM ' +
      'base AS production\nCOPY . .\n';
    const out = merge(text, ['development']);
    const steps = instructions(out);
    const at = (from: string) => steps.indexOf(from);
    expect(steps.slice(at('FROM base AS development'), at('FROM development AS tools'))).toContain('USER ${UID}:${GID}');
    expect(steps.slice(at('FROM development AS tools'), at('FROM base AS production'))[1]).toBe('USER root');
    expect(steps.slice(at('FROM base AS production'))).toEqual(['FROM base AS production', 'COPY . .']);
    expect(merge(out, ['development'])).toBe(out);
    // The target moves: the blocks follow it, none is left behind.
    const moved = merge(out, ['production']);
    expect(moved.match(/generator-nonroot:user/g)).toHaveLength(1);
    expect(moved).not.toContain('generator-nonroot:root');
    expect(() => merge(text, ['staging'])).toThrow(
      /compose builds target "staging", but the file has no stage of that name \(stages: base, development, tools, production\)/,
    );
  });

  it('keeps steps that need root above the block, even after the first COPY', () => {
    const text =
      'FROM python:3.12\nWORKDIR /code\nCOPY requirements.txt .\nRUN pip3 ' +
      '--no-cache-dir install -r requirements.txt\nCOPY . .\nRUN python -m ' +
      'compileall .\n';
    const steps = instructions(merge(text));
    expect(steps.indexOf('ARG UID')).toBeGreaterThan(steps.indexOf('RUN pip3 --no-cache-dir install -r requirements.txt'));
    expect(steps.indexOf('ARG UID')).toBeLessThan(steps.indexOf('COPY --chown=${UID}:${GID} . .'));
    // Above the block the copy stays root's; the compile below it runs as the user.
    expect(steps).toContain('COPY requirements.txt .');
    const node = instructions(merge('FROM node:22\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\n'));
    expect(node.indexOf('ARG UID')).toBeLessThan(node.indexOf('RUN npm ci'));
  });

  it('chowns copies into places the user owns, never tool images or system paths, and keeps an explicit --chown=root', () => {
    const text =
      'FROM debian\nWORKDIR /app\nCOPY --from=docker:cli / /\nCOPY ' +
      '--from=build /out/app /usr/local/bin/app\nCOPY --from=build ' +
      '/out/assets /app/assets\nCOPY --chown=node:node . /srv/site\nADD ' +
      '--chown=root:root config.yml /srv/config.yml\nCOPY ["a b.txt", ' +
      '"/etc/app/"]\n';
    const steps = instructions(merge(text));
    expect(steps).toEqual(
      expect.arrayContaining([
        'COPY --from=docker:cli / /',
        'COPY --from=build /out/app /usr/local/bin/app',
        'COPY --chown=${UID}:${GID} --from=build /out/assets /app/assets',
        'COPY --chown=${UID}:${GID} . /srv/site',
        'ADD --chown=root:root config.yml /srv/config.yml',
        'COPY ["a b.txt", "/etc/app/"]',
      ]),
    );
  });

  it('writes minimal account files for a FROM scratch stage, in a builder named for that stage', () => {
    const out = merge(
      'FROM golang AS build\nRUN go build -o /bin/app\n\nFROM scratch AS ' +
        'release\nCOPY --from=build /bin/app /app\nENTRYPOINT ["/app"]\n\nFROM ' +
        'debian AS debug\n',
      ['release'],
    );
    const steps = instructions(out);
    expect(steps.filter((s) => s.startsWith('FROM '))).toEqual([
      'FROM golang AS build',
      'FROM busybox:1.37 AS nonroot-user-release',
      'FROM scratch AS release',
      'FROM debian AS debug',
    ]);
    expect(steps).toContain("RUN echo 'root:x:0:0:root:/root:/sbin/nologin' >/etc/passwd && echo 'root:x:0:' >/etc/group");
    expect(steps).toContain('COPY --from=nonroot-user-release /etc/passwd /etc/group /etc/');
    expect(merge(out, ['release'])).toBe(out);
  });
});

describe('mergeDockerfile: line endings', () => {
  it('keeps a CRLF file CRLF: its blocks and the lines it changes too, and no final newline appears', () => {
    for (const end of ['\r\n', '']) {
      const text = `FROM node:22\r\nWORKDIR /app\r\nCOPY . .\r\nUSER node${end}`;
      const out = mergeDockerfile(text, context(), 'Dockerfile');
      expect(
        out
          .split('\n')
          .slice(0, -1)
          .every((line) => line.endsWith('\r')),
      ).toBe(true);
      expect(out.endsWith(end === '' ? 'USER ${UID}:${GID}' : 'USER ${UID}:${GID}\r\n')).toBe(true);
      expect(mergeDockerfile(out, context(), 'Dockerfile')).toBe(out);
    }
  });
});

describe('mergeDockerfile: a stage built FROM an adopted one, with --sudo', () => {
  // dev starts as base's user: the sudo install (apt-get) must come after `USER root`, or the build fails.
  const text = 'FROM debian:trixie-slim AS base\nRUN apt-get update\nFROM base AS dev\nRUN apt-get install -y git\n';
  const rootBeforeSudo = (out: string) => {
    const dev = out.slice(out.indexOf('FROM base AS dev'));
    expect(dev.indexOf('# >>> generator-nonroot:root')).toBeGreaterThan(-1);
    expect(dev.indexOf('# >>> generator-nonroot:root')).toBeLessThan(dev.indexOf('# >>> generator-nonroot:sudo'));
  };

  it('gets USER root back above the sudo install', () => {
    rootBeforeSudo(mergeDockerfile(text, context({ sudo: true }), 'Dockerfile', ['base', 'dev']));
  });

  it('keeps that order when a rerun adds either block to a stage that has the other', () => {
    const sudoFirst = mergeDockerfile(text, context({ sudo: true }), 'Dockerfile', ['dev']);
    rootBeforeSudo(mergeDockerfile(sudoFirst, context({ sudo: true }), 'Dockerfile', ['base', 'dev']));
    const rootFirst = mergeDockerfile(text, context({ sudo: false }), 'Dockerfile', ['base', 'dev']);
    rootBeforeSudo(mergeDockerfile(rootFirst, context({ sudo: true }), 'Dockerfile', ['base', 'dev']));
  });
});
