// Each audit rule on a repo that triggers it and one that does not (the same shape, fixed the way
// `yo nonroot` fixes it, or the case the rule leaves alone on purpose).
import { audit } from '../../src/check/audit.js';
import { memoryRepo } from '../../src/core/layout/index.js';
import { RULES } from '../../src/check/rules/index.js';
import { KUBE_CASES, type Case } from '../support/kube-cases.js';

const CASES: Case[] = [
  {
    rule: 'NR101',
    triggers: { Dockerfile: 'FROM node:22\nWORKDIR /app\nCOPY . .\n' },
    at: ['Dockerfile', 1, /has no USER/],
    clean: { Dockerfile: 'FROM node:22\nUSER 1000:1000\n' },
  },
  {
    rule: 'NR101',
    triggers: { Dockerfile: 'FROM debian\nUSER app\nRUN x\nUSER root\n' },
    at: ['Dockerfile', 4, /ends with USER root/],
    clean: { Dockerfile: 'FROM debian AS base\nUSER 1000\nFROM base\nRUN true\n' },
  },
  {
    rule: 'NR102',
    triggers: { Dockerfile: 'FROM node:22\nUSER node\n' },
    at: ['Dockerfile', 2, /USER node names a user/],
    clean: { Dockerfile: 'FROM node:22\nARG UID=1000\nUSER ${UID}:1000\n' },
  },
  {
    rule: 'NR103',
    triggers: { Dockerfile: 'FROM debian\nARG UID\nRUN groupadd -g 1000 app && \\\n    useradd -m -u ${UID} -g 1000 app\nUSER ${UID}\n' },
    at: ['Dockerfile', 3, /useradd -u \$\{UID\} without -l/],
    clean: { Dockerfile: 'FROM debian\nARG UID\nRUN useradd -l -m -u ${UID} app && useradd -u 1001 small\nUSER ${UID}\n' },
  },
  {
    rule: 'NR104',
    triggers: { Dockerfile: 'FROM node:22-bookworm\nRUN useradd -m -u 1000 dev\nUSER 1000\n' },
    at: ['Dockerfile', 2, /node:22-bookworm already has user 'node' at 1000/],
    clean: { Dockerfile: 'FROM node:22-bookworm\nRUN useradd -o -m -u 1000 dev\nUSER 1000\n' },
  },
  {
    rule: 'NR104',
    triggers: { Dockerfile: 'FROM debian:trixie-slim\nRUN groupadd -g 20 staff\nUSER 1\n' },
    at: ['Dockerfile', 2, /group 'dialout' at 20/],
    clean: { Dockerfile: 'FROM ubuntu:22.04\nRUN useradd -u 1000 dev\nUSER 1000\n' },
  },
  {
    rule: 'NR105',
    triggers: { Dockerfile: 'FROM alpine:3.20\nARG UID\nRUN adduser -D -u $UID dev\nUSER $UID\n' },
    at: ['Dockerfile', 3, /BusyBox refuses UIDs above 256000/],
    clean: { Dockerfile: 'FROM alpine:3.20\nRUN adduser -D -u 1500 dev\nUSER 1500\n' },
  },
  {
    rule: 'NR106',
    triggers: { Dockerfile: 'FROM node:22\nWORKDIR /app\nUSER 1000\nCOPY . .\n' },
    at: ['Dockerfile', 4, /COPY into \/app after USER 1000/],
    clean: { Dockerfile: 'FROM node:22\nWORKDIR /app\nUSER 1000\nCOPY --chown=1000:1000 . .\nCOPY --from=tools /bin/x /usr/local/bin/x\n' },
  },
  {
    rule: 'NR107',
    triggers: { Dockerfile: 'FROM debian\nCOPY . /app\nRUN chown -R 1000:1000 /app\nUSER 1000\n' },
    at: ['Dockerfile', 3, /chown -R 1000:1000 \/app/],
    clean: { Dockerfile: 'FROM debian\nRUN mkdir /app && chown 1000:1000 /app\nUSER 1000\n' },
  },
  {
    rule: 'NR108',
    triggers: { Dockerfile: 'FROM debian\nARG UID=1000\nRUN apt-get update && apt-get install -y git\nUSER ${UID}\n' },
    at: ['Dockerfile', 2, /ARG UID=1000 is above 1 root step/],
    clean: { Dockerfile: 'FROM debian\nRUN apt-get update && apt-get install -y git\nARG UID=1000\nUSER ${UID}\n' },
  },
  {
    rule: 'NR109',
    triggers: { Dockerfile: 'FROM node:22\nWORKDIR /app\nRUN useradd -m app && chown -R app /app\nUSER node\n' },
    at: ['Dockerfile', 3, /chown gives \/app to app, but the stage ends as node \(line 4\)/],
    // Rails' numeric USER of the user it made.
    clean: {
      Dockerfile:
        'FROM debian\nWORKDIR /rails\nRUN useradd --uid 1001 rails && chown -R ' +
        'rails:rails /rails/tmp\nCOPY --chown=rails . .\nUSER 1001:1001\n',
    },
  },
  {
    rule: 'NR109',
    triggers: { Dockerfile: 'FROM node:22\nCOPY --chown=node:node . /home/node/app\nARG USERNAME=dev\nUSER 1500\n' },
    at: ['Dockerfile', 2, /COPY --chown gives \/home\/node\/app to node, but the stage ends as 1500/],
    // Node's guide as written, and the node image's own user by its UID.
    clean: { Dockerfile: 'FROM node:22\nRUN chown -R node:node /home/node/app && chown 1000 /srv\nUSER node\n' },
  },
  {
    rule: 'NR201',
    triggers: { 'compose.yaml': 'services:\n  app:\n    image: x\n    user: "${UID:-1000}:${GID:-1000}"\n' },
    at: ['compose.yaml', 4, /\$\{UID:-1000\}: compose never sees bash's UID/],
    clean: { 'compose.yaml': 'services:\n  app:\n    image: x\n    user: "${HOST_UID}:${HOST_GID}"   # not ${UID}\n' },
  },
  {
    rule: 'NR202',
    triggers: { 'compose.yaml': 'services:\n  app:\n    build: .\n    volumes:\n      - .:/code\n', Dockerfile: 'FROM debian\n' },
    at: ['compose.yaml', 5, /app mounts the project at \/code and writes there as root/],
    clean: {
      'compose.yaml':
        'services:\n  app:\n    image: x\n    user: "${HOST_UID}:${HOST_GID}"\n ' +
        '   volumes:\n      - .:/code\n  db:\n    image: postgres\n    ' +
        'volumes:\n      - ./initdb:/docker-entrypoint-initdb.d\n',
    },
  },
  {
    rule: 'NR203',
    triggers: {
      'compose.yaml':
        'services:\n  app:\n    build: .\n    user: "1000:1000"\n    volumes:\n ' +
        '     - .:/app\n      - deps:/app/node_modules\nvolumes:\n  deps: {}\n',
      Dockerfile: 'FROM node\nWORKDIR /app\nUSER 1000\n',
    },
    at: [
      'compose.yaml',
      7,
      /the volume deps at \/app\/node_modules lies inside the project mount at \/app: the engine makes node_modules\//,
    ],
    clean: {
      'compose.yaml':
        'services:\n  app:\n    build: .\n    user: "1000:1000"\n    volumes:\n      - .:/app\n      - deps:/app/node_modules\n',
      Dockerfile: 'FROM node\nRUN mkdir -p /app/node_modules && chown 1000 /app/node_modules\nUSER 1000\n',
      '.nonroot/host-ids.sh': "#!/bin/sh\nmkdir -p 'node_modules'\n",
    },
  },
  {
    rule: 'NR205',
    triggers: {
      'compose.yaml': 'services:\n  app:\n    build: .\n    volumes:\n      - cache:/app/.cache\nvolumes:\n  cache: {}\n',
      // Node's guide: the relative mkdir makes node_modules the user's, not .cache.
      Dockerfile: 'FROM node\nWORKDIR /app\nUSER node\nRUN mkdir -p node_modules/.bin\n',
    },
    at: ['compose.yaml', 5, /app: the volume cache at \/app\/\.cache: Dockerfile makes no folder of its user's there/],
    clean: {
      'compose.yaml': 'services:\n  app:\n    build: .\n    volumes:\n      - /app/node_modules\n  db:\n    image: postgres\n',
      Dockerfile: 'FROM node\nWORKDIR /app\nUSER node\nRUN mkdir -p node_modules/.bin\n',
    },
  },
  {
    rule: 'NR205',
    triggers: {
      // The image gives the user the folder, but nocopy keeps Docker from giving it to the volume.
      'compose.yaml': 'services:\n  app:\n    build: .\n    volumes:\n      - reports:/app/reports:nocopy\nvolumes:\n  reports: {}\n',
      Dockerfile: 'FROM node\nWORKDIR /app\nUSER node\nRUN mkdir -p reports\n',
    },
    at: ['compose.yaml', 5, /app: the volume reports at \/app\/reports: it says nocopy/],
    clean: {
      'compose.yaml': 'services:\n  app:\n    build: .\n    volumes:\n      - reports:/app/reports\nvolumes:\n  reports: {}\n',
      Dockerfile: 'FROM node\nWORKDIR /app\nUSER node\nRUN mkdir -p reports\n',
    },
  },
  {
    rule: 'NR204',
    triggers: {
      'compose.yaml':
        'services:\n  ci:\n    image: x\n    user: "1000:1000"\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n',
    },
    at: ['compose.yaml', 6, /runs as 1000:1000 and mounts \/var\/run\/docker.sock without group_add/],
    clean: {
      'compose.yaml':
        'services:\n  ci:\n    image: x\n    user: "1000:1000"\n    group_add: ' +
        '["999"]\n    volumes:\n      - ' +
        '/var/run/docker.sock:/var/run/docker.sock\n',
    },
  },
  {
    rule: 'NR301',
    triggers: {
      '.devcontainer/devcontainer.json': '{\n  "build": { "dockerfile": "Dockerfile" },\n  "remoteUser": "vscode"\n}\n',
      '.devcontainer/Dockerfile': 'FROM debian\nUSER dev\n',
    },
    at: ['.devcontainer/devcontainer.json', 3, /"remoteUser": "vscode" but the container runs as dev/],
    clean: {
      '.devcontainer/devcontainer.json': '{\n  "build": { "dockerfile": "Dockerfile" },\n  "remoteUser": "dev"\n}\n',
      '.devcontainer/Dockerfile': 'FROM debian\nUSER dev\n',
    },
  },
  {
    rule: 'NR302',
    triggers: { '.devcontainer.json': '{\n  "image": "debian",\n  "remoteUser": "1000"\n}\n' },
    at: ['.devcontainer.json', 3, /"remoteUser": "1000" is numeric: updateRemoteUserUID does nothing/],
    clean: { '.devcontainer.json': '{\n  "image": "debian",\n  "remoteUser": "1000",\n  "updateRemoteUserUID": false\n}\n' },
  },
  {
    rule: 'NR304',
    triggers: {
      '.devcontainer/devcontainer.json': JSON.stringify(
        {
          build: { dockerfile: 'Dockerfile' },
          remoteUser: 'node',
          mounts: ['source=nm,target=${containerWorkspaceFolder}/node_modules,type=volume'],
        },
        null,
        2,
      ),
      '.devcontainer/Dockerfile': 'FROM node:20\nUSER node\n',
    },
    at: [
      '.devcontainer/devcontainer.json',
      7,
      /remaps node to your IDs, but the volume at \/workspaces\/workspace\/node_modules is outside its home/,
    ],
    clean: {
      '.devcontainer/devcontainer.json': JSON.stringify({
        build: { dockerfile: 'Dockerfile' },
        remoteUser: 'node',
        mounts: ['source=nm,target=/home/node/.npm,type=volume'],
      }),
      '.devcontainer/Dockerfile': 'FROM node:20\nRUN mkdir -p /home/node/.npm && chown node /home/node/.npm\nUSER node\n',
    },
  },
  {
    rule: 'NR303',
    triggers: {
      '.devcontainer/devcontainer.json': '{\n  "dockerComposeFile": "compose.yaml",\n  "service": "web"\n}\n',
      '.devcontainer/compose.yaml': 'services:\n  app:\n    image: x\n',
    },
    at: ['.devcontainer/devcontainer.json', 3, /"service": "web" is not defined in \.devcontainer\/compose\.yaml/],
    clean: {
      '.devcontainer/devcontainer.json': '{\n  "dockerComposeFile": "compose.yaml",\n  "service": "app"\n}\n',
      '.devcontainer/compose.yaml': 'services:\n  app:\n    image: x\n',
    },
  },
  // The Kubernetes rules (NR5xx): test/support/kube-cases.ts.
  ...KUBE_CASES,
];

const found = (files: Record<string, string>, rule: string) => audit(memoryRepo(files)).findings.filter((f) => f.rule === rule);

describe.each(CASES.map((c) => [c.rule, c.at[2].source, c] as const))('%s (%s)', (rule, _, c) => {
  it('is found where the trap is', () => {
    expect(found(c.triggers, rule)).toEqual([
      expect.objectContaining({ file: c.at[0], line: c.at[1], message: expect.stringMatching(c.at[2]) }),
    ]);
  });
  it('is not found in the same shape without the trap', () => {
    expect(found(c.clean, rule)).toEqual([]);
  });
});

describe('NR402 (a rootless engine)', () => {
  const files = {
    'compose.yaml':
      'services:\n  app:\n    image: x\n    user: "1000:1000"\n  keep:\n    ' +
      'image: x\n    user: "1000:1000"\n    userns_mode: ' +
      '"keep-id:uid=1000,gid=1000"\n',
  };
  it('is found when the engine says it is rootless, for services without a userns mapping', () => {
    const rootless = audit(memoryRepo(files), { engine: { name: 'podman', rootless: true, desktop: false } }).findings.filter(
      (f) => f.rule === 'NR402',
    );
    expect(rootless).toEqual([
      expect.objectContaining({
        file: 'compose.yaml',
        line: 2,
        message: expect.stringMatching(/app runs as 1000:1000 on rootless podman/),
      }),
    ]);
  });
  it('is not found on a rootful engine, or when no engine was asked', () => {
    expect(
      audit(memoryRepo(files), { engine: { name: 'docker', rootless: false, desktop: false } }).findings.filter((f) => f.rule === 'NR402'),
    ).toEqual([]);
    expect(audit(memoryRepo(files)).findings.filter((f) => f.rule === 'NR402')).toEqual([]);
  });
});

describe('NR403 (a rootful engine, and a setup for a rootless one)', () => {
  const files = {
    'compose.yaml':
      'services:\n  app:\n    image: x\n    user: "0:0"\n    volumes: ' +
      '[".:/workspace"]\n  pod:\n    image: x\n    user: "1000:1000"\n    ' +
      'userns_mode: "keep-id:uid=1000,gid=1000"\n  db:\n    image: postgres\n ' +
      '   user: "0:0"\n',
  };
  const found = (engine?: { name: 'docker' | 'podman'; rootless: boolean; desktop: boolean }) =>
    audit(memoryRepo(files), { engine }).findings.filter((f) => f.rule === 'NR403');
  it('is found on rootful Docker: root over the project mount, and keep-id', () => {
    expect(found({ name: 'docker', rootless: false, desktop: false })).toEqual([
      expect.objectContaining({ line: 2, message: expect.stringMatching(/app runs as root over the project folder on rootful docker/) }),
      expect.objectContaining({ line: 6, message: expect.stringMatching(/pod asks for Podman's userns_mode keep-id/) }),
    ]);
  });
  it('is not found under a rootless engine, on Docker Desktop, or when no engine was asked; rootful Podman accepts keep-id', () => {
    expect(found({ name: 'docker', rootless: true, desktop: false })).toEqual([]);
    expect(found({ name: 'docker', rootless: false, desktop: true })).toEqual([]);
    expect(found()).toEqual([]);
    expect(found({ name: 'podman', rootless: false, desktop: false }).map((f) => f.line)).toEqual([2]);
  });
});

describe('silencing a rule', () => {
  it('with a comment on the line or the line above, or in .yo-rc.json', () => {
    const dockerfile = 'FROM debian\n# nonroot-ignore NR107\nRUN chown -R 1000 /app\nRUN chown -R 1000 /srv\nUSER 1000\n';
    expect(audit(memoryRepo({ Dockerfile: dockerfile })).findings.map((f) => [f.rule, f.line])).toEqual([['NR107', 4]]);
    const result = audit(
      memoryRepo({ Dockerfile: dockerfile, '.yo-rc.json': '{"generator-nonroot":{"check":{"ignore":["NR107:Dockerfile"]}}}' }),
    );
    expect([result.findings, result.ignored]).toEqual([[], 2]);
    const compose = 'services:\n  app:\n    image: x\n    user: "${UID}"   # nonroot-ignore NR201\n';
    expect(audit(memoryRepo({ 'compose.yaml': compose })).findings).toEqual([]);
  });
});

it('every rule of the table has a case here', () => {
  const covered = new Set([...CASES.map((c) => c.rule), 'NR401', 'NR402', 'NR403']);
  expect(RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
});

it('reads a RUN the way the generator does: exec form and quoted words are commands too', () => {
  const dockerfile = 'FROM node:22\nRUN ["chown", "-R", "node:node", "/home/node/app"]\nRUN "useradd" -u 70000 app\nUSER node\n';
  const found = audit(memoryRepo({ Dockerfile: dockerfile })).findings.map((f) => [f.rule, f.line]);
  expect(found).toEqual(
    expect.arrayContaining([
      ['NR107', 2],
      ['NR103', 3],
    ]),
  );
});

it("NR301 reads `USER $USERNAME` as the ARG's default, and says nothing of a variable no default resolves", () => {
  const repo = (arg: string) =>
    memoryRepo({
      '.devcontainer/devcontainer.json': '{ "build": { "dockerfile": "Dockerfile" }, "remoteUser": "gopher" }',
      '.devcontainer/Dockerfile': `FROM golang\n${arg}\nRUN useradd -l -m gopher\nUSER $USERNAME\n`,
    });
  const nr301 = (arg: string) => audit(repo(arg)).findings.filter((f) => f.rule === 'NR301');
  expect(nr301('ARG USERNAME=gopher')).toEqual([]);
  expect(nr301('ARG USERNAME')).toEqual([]);
  expect(nr301('ARG USERNAME=other').map((f) => f.message)).toEqual([
    '"remoteUser": "gopher" but the container runs as other (the USER of .devcontainer/Dockerfile)',
  ]);
});
