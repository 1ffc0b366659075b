import { describeHost, FALLBACK_ID } from '../../src/core/host.js';
import { defaultUsername } from '../../src/app/users.js';

describe('describeHost', () => {
  it('keeps a normal user as is', () => {
    expect(describeHost({ uid: 1500, gid: 20, login: 'ana' })).toEqual({ uid: 1500, gid: 20, login: 'ana' });
  });
  it('never maps root to UID 0: warns and uses 1000', () => {
    const host = describeHost({ uid: 0, gid: 0, login: 'root' });
    expect([host.uid, host.gid]).toEqual([FALLBACK_ID, FALLBACK_ID]);
    expect(host.warning).toMatch(/UID and GID are 0 \(root\); using 1000/);
  });
  it('replaces only the GID when only the primary group is root', () => {
    const host = describeHost({ uid: 1001, gid: 0 });
    expect([host.uid, host.gid]).toEqual([1001, FALLBACK_ID]);
    expect(host.warning).toMatch(/GID is 0/);
  });
});

describe('defaultUsername', () => {
  const host = (login?: string) => ({ uid: 1, gid: 1, login });
  it('uses a valid login name, lowercased', () => {
    expect(defaultUsername(host('ana'))).toBe('ana');
    expect(defaultUsername(host('Ana'))).toBe('ana');
  });
  it.each([undefined, 'root', 'john.doe', 'DOMAIN\\user', '1user'])('falls back to dev for %j', (login) => {
    expect(defaultUsername(host(login))).toBe('dev');
  });
});
