// mergeDevcontainer on hand-written JSONC of each kind: exact text checks, schema validity.
import { mergeDevcontainer, type WantedDevcontainer } from '../../src/app/merge/devcontainer.js';
import { parseJsonc } from '../../src/core/parse.js';
import { fixture } from '../support/context.js';
import { validateDevcontainer } from '../support/schema.js';

const INIT = 'sh "${localWorkspaceFolder}/.nonroot/host-ids.sh"';
const buildArg: WantedDevcontainer = { containerUser: 'ana', remoteUser: 'ana', updateRemoteUserUID: false, initializeCommand: INIT };
const remapped: WantedDevcontainer = { containerUser: 'ana', remoteUser: 'ana', updateRemoteUserUID: true };

describe('mergeDevcontainer', () => {
  const commented = fixture('devcontainer-commented.json');

  it("edits only owned keys, keeps comments, trailing commas and the user's compose files, and stays schema-valid", () => {
    const merged = mergeDevcontainer(commented, 'devcontainer.json', buildArg);
    for (const kept of [
      "// Our team's dev container. Please keep these comments!",
      '"compose.dev.yml", // local overrides',
      '/* Extensions everyone needs */',
      '"extensions": ["dbaeumer.vscode-eslint",],',
      '"postCreateCommand": "npm ci",',
    ]) {
      expect(merged).toContain(kept);
    }
    const config = parseJsonc(merged, 'x');
    expect(config).toMatchObject({
      dockerComposeFile: parseJsonc(commented, 'x').dockerComposeFile,
      service: parseJsonc(commented, 'x').service,
      containerUser: 'ana',
      remoteUser: 'ana',
      updateRemoteUserUID: false,
      initializeCommand: { project: 'echo starting', nonroot: INIT },
    });
    expect(validateDevcontainer(config)).toEqual([]);
  });

  it('sets service and workspaceFolder only when asked to (a flag given explicitly)', () => {
    const config = parseJsonc(mergeDevcontainer(commented, 'f', { ...buildArg, service: 'api', workspaceFolder: '/src' }), 'f');
    expect(config).toMatchObject({ service: 'api', workspaceFolder: '/src' });
  });

  it('returns the text unchanged when nothing it owns differs, and is idempotent', () => {
    const once = mergeDevcontainer(commented, 'f', buildArg);
    expect(mergeDevcontainer(once, 'f', buildArg)).toBe(once);
  });

  it("follows a strategy change: remapping on, its initializeCommand entry gone, the user's kept", () => {
    const once = mergeDevcontainer(commented, 'f', buildArg);
    const config = parseJsonc(mergeDevcontainer(once, 'f', remapped), 'f');
    expect(config.updateRemoteUserUID).toBe(true);
    expect(config.initializeCommand).toEqual({ project: 'echo starting' });
    const alone = mergeDevcontainer('{ "image": "x" }', 'f', buildArg);
    expect('initializeCommand' in parseJsonc(mergeDevcontainer(alone, 'f', remapped), 'f')).toBe(false);
  });

  it("keeps the file's indentation", () => {
    expect(mergeDevcontainer('{\n\t"name": "x"\n}\n', 'f', remapped)).toBe(
      '{\n\t"name": "x",\n\t"containerUser": "ana",\n\t"remoteUser": "ana",\n\t"updateRemoteUserUID": true\n}\n',
    );
  });

  it('turns an image-based config into a Dockerfile-based one in place, keeping every other key and comment', () => {
    const image =
      '{\n  // The team image\n  "image": ' +
      '"mcr.microsoft.com/devcontainers/base:bookworm", // pinned\n  ' +
      '"features": { "ghcr.io/devcontainers/features/git:1": {} },\n}\n';
    const merged = mergeDevcontainer(image, '.devcontainer/devcontainer.json', {
      ...remapped,
      build: { dockerfile: 'Dockerfile', context: '.' },
    });
    expect(merged).toBe(
      '{\n  // The team image\n  "build": {\n    "dockerfile": "Dockerfile"\n ' +
        ' }, // pinned\n  "features": { "ghcr.io/devcontainers/features/git:1": ' +
        '{} },\n' +
        '  "containerUser": "ana",\n  "remoteUser": "ana",\n  "updateRemoteUserUID": true,\n}\n',
    );
    const root = mergeDevcontainer('{ "image": "x" }', '.devcontainer.json', {
      ...remapped,
      build: { dockerfile: '.devcontainer/Dockerfile', context: '.devcontainer' },
    });
    expect(parseJsonc(root, 'f').build).toEqual({ dockerfile: '.devcontainer/Dockerfile', context: '.devcontainer' });
    expect(validateDevcontainer(parseJsonc(merged, 'f'))).toEqual([]);
  });

  it('fails on broken JSONC, naming the file and line', () => {
    expect(() => mergeDevcontainer('{\n  "name": "x"\n  "service": "y"\n}', 'dc.json', buildArg)).toThrow(/dc\.json:3: CommaExpected/);
  });
});
