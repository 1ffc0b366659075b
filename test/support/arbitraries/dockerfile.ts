// fast-check arbitraries for Dockerfiles as people write them (1-3 stages, ARG before FROM, RUN
// with continuations and heredocs, COPY/ADD with and without --chown/--from, comments, blank
// lines), the contexts a run renders with, and readers for the generator's marked blocks.
import fc from 'fast-check';
import { DockerfileParser } from 'dockerfile-ast';
import { buildContext, type RenderContext } from '../../../src/app/context.js';
import type { Answers } from '../../../src/app/settings.js';

export const START = '# >>> generator-nonroot:';
export const END = '# <<< generator-nonroot';
export const OWNER = 'USER ${UID}:${GID}';
export const CHOWN = '--chown=${UID}:${GID}';

export interface DockerfileCase {
  text: string;
  /** Stage names as written (undefined: no AS), in order. */
  names: (string | undefined)[];
}

// ---------------------------------------------------------------- the context

export interface CtxParams {
  username: string;
  strategy: 'build-arg' | 'fixed';
  sudo: boolean;
  workspace: string;
  volumes: string;
}

export const ctxParamsArb: fc.Arbitrary<CtxParams> = fc.record({
  username: fc.constantFrom('ana', 'bob'),
  strategy: fc.constantFrom<CtxParams['strategy']>('build-arg', 'fixed'),
  sudo: fc.boolean(),
  workspace: fc.constantFrom('/workspace', '/app'),
  volumes: fc.constantFrom('', '/home/ana/.cache'),
});

export function contextFor(p: CtxParams): RenderContext {
  const answers: Answers = {
    baseImage: 'debian:trixie-slim',
    username: p.username,
    idStrategy: p.strategy,
    ...(p.strategy === 'fixed' ? { uid: 1000, gid: 1000 } : {}),
    service: 'app',
    workspace: p.workspace,
    sudo: p.sudo,
    builderImage: 'busybox:1.37',
    volumes: p.volumes,
    kubernetes: false,
  };
  const ctx = buildContext({
    answers,
    host: { uid: 1500, gid: 1500, login: 'ana' },
    layout: {} as never,
    explicit: { service: false, workspace: false },
    names: ['repo', 'src'],
  });
  return ctx;
}

// ---------------------------------------------------------------- the file

const ROOT_RUNS = [
  'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*',
  'RUN apt-get update \\\n    && apt-get install -y git \\\n    && rm -rf /var/lib/apt/lists/*',
  'RUN <<EOF\nset -e\napt-get update\napt-get install -y make\nEOF',
  'run apt-get update && apt-get install -y jq',
  'RUN useradd -m app',
  // The app's own user, named in the shapes public guides teach, in any order (issue 13).
  'RUN chown -R node:node /app',
  'RUN useradd -u 1001 -m app && chown -R app:app /app',
  'RUN addgroup -S app && adduser -S app -G app',
  'RUN ["chown", "-R", "node:node", "/home/node/app"]',
  'RUN mkdir -p /data && chown app /data',
  "RUN su node -c 'npm ci'",
  'RUN apt-get update \\\n    # the compilers\n    && apt-get install -y gcc \\\n\n    && rm -rf /var/lib/apt/lists/*',
];
const USER_RUNS = [
  'RUN npm ci',
  'RUN make build',
  'RUN <<EOT bash\nnpm run build\nEOT',
  'RUN echo "COPY . /" > /tmp/not-a-copy',
  'RUN set -e; \\\n    make; \\\n    make test',
];
const OTHERS = [
  'ONBUILD COPY . /app',
  '  EXPOSE 8080',
  'STOPSIGNAL SIGTERM',
  'ENV NODE_ENV=production',
  'ARG VERSION=1.0',
  'EXPOSE 3000',
  'LABEL org.opencontainers.image.source="https://example.com/x"',
  'VOLUME /data',
  'VOLUME ["/cache"]',
  'SHELL ["/bin/bash", "-c"]',
];
const WORKDIRS = ['WORKDIR /app', 'WORKDIR /workspace', 'WORKDIR src', 'workdir /srv', 'WORKDIR $HOME/app', 'WORKDIR "/data dir"'];
const COPIES = [
  'COPY . .',
  'COPY . /workspace',
  'copy . /app',
  'COPY --chown=node:node package*.json ./',
  'COPY --chown=1000:1000 src /app/src',
  'COPY --chown=app:app . /app',
  'COPY config.yml /etc/app/config.yml',
  'COPY bin/tool /usr/local/bin/tool',
  'COPY ["my file.txt", "/app/"]',
  'ADD https://example.com/x.tgz /opt/x.tgz',
  'ADD ./README.md /app/README.md',
  'COPY <<EOF /app/hello.txt\nhello\nEOF',
  'COPY --link . /workspace',
  'COPY --chmod=755 entrypoint.sh /app/',
  '  COPY . /app',
  'COPY --from=busybox:1.37 --chown=0:0 /bin/busybox /bin/busybox',
  'COPY . $APP_HOME',
];
const USERS = [
  'USER node',
  'USER root',
  'USER 1000:1000',
  'USER app',
  'user node',
  'USER node:node',
  'USER ${APP_USER}',
  'USER 0',
  'USER root:root',
];
const ENDS = [
  'CMD ["npm", "start"]',
  'ENTRYPOINT ["/entrypoint.sh"]',
  'CMD npm start',
  'HEALTHCHECK CMD curl -f http://localhost/ || exit 1',
];
const COMMENTS = ['# install the toolchain', '# COPY . / is not an instruction', ''];

const SHELL_LESS_IMAGES = ['gcr.io/distroless/static-debian12', 'gcr.io/distroless/nodejs20-debian12'];
const IMAGES = ['debian:bookworm-slim', 'node:20', 'python:3.12-slim', 'ubuntu:24.04', '--platform=$BUILDPLATFORM golang:1.23', 'scratch'];
const NAMES = [
  ['base', 'build', 'deps'],
  ['dev', 'Dev', 'builder'],
  ['runtime', 'prod', 'final'],
];

const stageArb = (index: number, previous: (string | undefined)[], globalArg: boolean) => {
  const named = previous.filter((n): n is string => n !== undefined);
  const from = named.length > 0 ? named : ['alpine:3.20'];
  return fc
    .record({
      image: fc.constantFrom(...IMAGES, ...SHELL_LESS_IMAGES, ...named, ...named, ...(globalArg ? ['${BASE}', '${BASE:-debian}'] : [])),
      name: fc.option(fc.constantFrom(...NAMES[index]), { nil: undefined, freq: 2 }),
      as: fc.constantFrom('AS', 'as'),
      from: fc.constantFrom('FROM', 'FROM', 'from'),
      body: fc.array(
        fc.oneof(
          { weight: 2, arbitrary: fc.constantFrom(...ROOT_RUNS) },
          { weight: 2, arbitrary: fc.constantFrom(...USER_RUNS) },
          { weight: 1, arbitrary: fc.constantFrom(...OTHERS) },
          { weight: 2, arbitrary: fc.constantFrom(...WORKDIRS) },
          { weight: 3, arbitrary: fc.constantFrom(...COPIES, `COPY --from=${from[0]} /out /app/out`, `COPY --from=${from.at(-1)} / /`) },
          { weight: 2, arbitrary: fc.constantFrom(...USERS) },
          { weight: 1, arbitrary: fc.constantFrom(...ENDS) },
          { weight: 2, arbitrary: fc.constantFrom(...COMMENTS) },
        ),
        { maxLength: 9 },
      ),
    })
    .map(({ image, name, as, from: keyword, body }) => {
      // A shell-less stage has no RUN of its own (it could not run one).
      const shellLess = SHELL_LESS_IMAGES.includes(image) || image === 'scratch';
      const lines = shellLess ? body.filter((l) => !/^\s*run /i.test(l)) : body;
      return { name, lines: [`${keyword} ${image}${name ? ` ${as} ${name}` : ''}`, ...lines] };
    });
};

export const dockerfileArb: fc.Arbitrary<DockerfileCase> = fc
  .record({
    stages: fc.integer({ min: 1, max: 3 }),
    syntax: fc.boolean(),
    generated: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    globalArg: fc.boolean(),
    header: fc.option(fc.constant('# Hand-written: keep my comments.'), { nil: undefined }),
    finalNewline: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
    trailer: fc.option(fc.constantFrom('# end', ''), { nil: undefined }),
  })
  .chain((r) => {
    // Stages are drawn one after the other: a stage may build FROM an earlier one by name.
    let arb: fc.Arbitrary<{ name?: string; lines: string[] }[]> = fc.constant([]);
    for (let i = 0; i < r.stages; i += 1) {
      arb = arb.chain((done) =>
        stageArb(
          i,
          done.map((s) => s.name?.toLowerCase()),
          r.globalArg,
        ).map((s) => [...done, s]),
      );
    }
    return arb.map((stages) => {
      const lines = [
        ...(r.generated ? ['# Generated by generator-nonroot (yo nonroot).'] : []),
        ...(r.syntax ? ['# syntax=docker/dockerfile:1'] : []),
        ...(r.header ? [r.header] : []),
        ...(r.globalArg ? ['ARG BASE=node:20'] : []),
      ];
      for (const s of stages) lines.push(...s.lines);
      if (r.trailer !== undefined) lines.push(r.trailer);
      return { text: lines.join('\n') + (r.finalNewline ? '\n' : ''), names: stages.map((s) => s.name) };
    });
  });

/** Targets as compose's build.target would name them: some stage names (lower-cased) and/or undefined (the last stage). */
export const targetsArb = (c: DockerfileCase): fc.Arbitrary<(string | undefined)[]> => {
  const named = [...new Set(c.names.filter((n): n is string => n !== undefined).map((n) => n.toLowerCase()))];
  return fc.subarray<string | undefined>([undefined, ...named], { minLength: 1 });
};

// ---------------------------------------------------------------- reading a file back

export interface Block {
  name: string;
  start: number;
  end: number;
}

/** The generator's marked blocks (0-based line numbers, markers included). */
export function blocks(text: string): Block[] {
  const lines = text.split('\n');
  const found: Block[] = [];
  let open: { name: string; start: number } | undefined;
  lines.forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed.startsWith(START)) open = { name: trimmed.slice(START.length).split(/[\s—]/)[0], start: i };
    else if (trimmed.startsWith(END) && open) {
      found.push({ ...open, end: i });
      open = undefined;
    }
  });
  return found;
}

/** The file without the generator's blocks (and the blank line put before an end-of-stage block). */
export function withoutBlocks(text: string): string[] {
  const lines = text.split('\n');
  const drop = new Set<number>();
  for (const b of blocks(text)) {
    for (let i = b.start; i <= b.end; i += 1) drop.add(i);
    if (b.name === 'final-user' && b.start > 0 && lines[b.start - 1].trim() === '') drop.add(b.start - 1);
  }
  return lines.filter((_, i) => !drop.has(i));
}

export interface StageSpan {
  index: number;
  name?: string;
  /** The FROM line and the last line before the next stage's FROM (or its builder block). */
  start: number;
  end: number;
}

/** The file's own stages (FROMs outside the generator's blocks). */
export function stages(text: string): StageSpan[] {
  const inBlock = blocks(text);
  const lines = text.split('\n');
  const froms = DockerfileParser.parse(text)
    .getFROMs()
    .filter((f) => !inBlock.some((b) => f.getRange().start.line >= b.start && f.getRange().start.line <= b.end));
  return froms.map((f, index) => {
    const start = f.getRange().start.line;
    const next = froms[index + 1]?.getRange().start.line ?? lines.length;
    const builder = inBlock.find((b) => b.name === 'builder' && b.start > start && b.end < next);
    return { index, name: f.getBuildStage()?.toLowerCase(), start, end: (builder ? builder.start : next) - 1 };
  });
}

/** The built stages and the stages built FROM one of them (they inherit its user). */
export function builtOrFrom(text: string, targets: (string | undefined)[]): Set<number> {
  const built = targetIndexes(text, targets);
  const froms = DockerfileParser.parse(text).getFROMs();
  const all = stages(text);
  for (const s of all) {
    const parent = all.findIndex(
      (p) => p.name !== undefined && p.name === (froms[s.index]?.getImage() ?? '').toLowerCase() && p.index < s.index,
    );
    if (parent !== -1 && built.has(parent)) built.add(s.index);
  }
  return built;
}

/** The stage indexes that targets select (undefined: the last). */
export function targetIndexes(text: string, targets: (string | undefined)[]): Set<number> {
  const all = stages(text);
  return new Set(targets.map((t) => (t === undefined ? all.length - 1 : all.findIndex((s) => s.name === t))));
}

export const KEYWORDS = new Set([
  'FROM',
  'RUN',
  'CMD',
  'LABEL',
  'MAINTAINER',
  'EXPOSE',
  'ENV',
  'ADD',
  'COPY',
  'ENTRYPOINT',
  'VOLUME',
  'USER',
  'WORKDIR',
  'ARG',
  'ONBUILD',
  'STOPSIGNAL',
  'HEALTHCHECK',
  'SHELL',
]);
