import { mergeDevcontainer, parseJsonc } from '../../generators/app/merge/devcontainer.js';
import { fixture, renderDevcontainer } from '../support/context.js';
import { validateDevcontainer } from '../support/schema.js';

describe('mergeDevcontainer', () => {
  const commented = fixture('devcontainer-commented.json');

  it('edits only owned keys, keeps comments and trailing commas, and stays schema-valid', () => {
    const merged = mergeDevcontainer(commented, renderDevcontainer({}, 'compose.yml'), 'devcontainer.json');
    for (const kept of ['// Our team\'s dev container. Please keep these comments!', '"compose.dev.yml", // local overrides', '/* Extensions everyone needs */', '"extensions": ["dbaeumer.vscode-eslint",],', '"postCreateCommand": "npm ci",']) {
      expect(merged).toContain(kept);
    }
    const config = parseJsonc(merged, 'x');
    expect(config).toMatchObject({
      dockerComposeFile: ['../compose.yml', 'compose.dev.yml'],
      service: 'app',
      workspaceFolder: '/workspace',
      containerUser: 'ana',
      remoteUser: 'ana',
      updateRemoteUserUID: false,
      initializeCommand: { project: 'echo starting', nonroot: 'sh "${localWorkspaceFolder}/.nonroot/host-ids.sh"' },
    });
    expect(validateDevcontainer(config)).toEqual([]);
  });

  it('returns the text unchanged when nothing it owns differs, and is idempotent', () => {
    const once = mergeDevcontainer(commented, renderDevcontainer({}, 'compose.yml'), 'f');
    expect(mergeDevcontainer(once, renderDevcontainer({}, 'compose.yml'), 'f')).toBe(once);
    const generated = renderDevcontainer();
    expect(mergeDevcontainer(generated, renderDevcontainer(), 'f')).toBe(generated);
  });

  it('follows a strategy change: remapping on, its initializeCommand entry gone, the user\'s kept', () => {
    const buildArg = mergeDevcontainer(commented, renderDevcontainer({}, 'compose.yml'), 'f');
    const config = parseJsonc(mergeDevcontainer(buildArg, renderDevcontainer({ idStrategy: 'devcontainer' }, 'compose.yml'), 'f'), 'f');
    expect(config.updateRemoteUserUID).toBe(true);
    expect(config.initializeCommand).toEqual({ project: 'echo starting' });
    const own = parseJsonc(mergeDevcontainer(renderDevcontainer(), renderDevcontainer({ idStrategy: 'fixed' }), 'f'), 'f');
    expect('initializeCommand' in own).toBe(false);
  });

  it('keeps the file\'s indentation', () => {
    const tabs = '{\n\t"name": "x"\n}\n';
    expect(mergeDevcontainer(tabs, renderDevcontainer(), 'f')).toMatch(/^{\n\t"name": "x",\n\t"dockerComposeFile": \[\n\t\t"..\/docker-compose.yml"\n\t\],/);
  });

  it('refuses image- or Dockerfile-based configs and broken JSONC, naming the file', () => {
    expect(() => mergeDevcontainer('{ "image": "node:22" }', renderDevcontainer(), '.devcontainer/devcontainer.json')).toThrow(
      /\.devcontainer\/devcontainer\.json: uses image, an image\/Dockerfile-based config/,
    );
    expect(() => mergeDevcontainer('{\n  "name": "x"\n  "service": "y"\n}', renderDevcontainer(), 'dc.json')).toThrow(/dc\.json:3: CommaExpected/);
  });
});
