import { mergeEnv, mergeLines } from '../../src/core/text/lines.js';

describe('mergeEnv', () => {
  it('creates the file from nothing', () => {
    expect(mergeEnv(undefined, { HOST_UID: '1500', HOST_GID: '20' })).toBe('HOST_UID=1500\nHOST_GID=20\n');
  });
  it('updates the generator keys where they stand and keeps every other line', () => {
    const existing = '# secrets\nDB_PASSWORD=x\nHOST_UID=1000\n\nexport HOST_GID=1000\nTAIL=1\n';
    expect(mergeEnv(existing, { HOST_UID: '1500', HOST_GID: '20' })).toBe(
      '# secrets\nDB_PASSWORD=x\nHOST_UID=1500\n\nHOST_GID=20\nTAIL=1\n',
    );
  });
  it('appends missing keys after a last line without newline', () => {
    expect(mergeEnv('A=1', { HOST_UID: '7' })).toBe('A=1\nHOST_UID=7\n');
  });
  it('is a no-op on its own output', () => {
    const once = mergeEnv('A=1\n', { HOST_UID: '7', HOST_GID: '8' });
    expect(mergeEnv(once, { HOST_UID: '7', HOST_GID: '8' })).toBe(once);
  });
});

describe('mergeLines', () => {
  it('adds only what is missing, at the end', () => {
    expect(mergeLines('node_modules/\n# local\n.env\n', ['.env', '.git'])).toBe('node_modules/\n# local\n.env\n.git\n');
  });
  it('creates the file from nothing and is idempotent', () => {
    const once = mergeLines(undefined, ['.git', '.env']);
    expect(once).toBe('.git\n.env\n');
    expect(mergeLines(once, ['.git', '.env'])).toBe(once);
  });
});
