// The images already on this machine, for the throwaway containers doctor and reclaim start (never
// a pull: nothing leaves the machine), and which of them usually carry find, stat and chown.
import { spawnSync } from 'node:child_process';

/** Images that usually have find, stat and chown (BusyBox, Alpine, Debian and the images built on them). */
export const LIKELY_TOOL_IMAGES = /(^|\/)(busybox|alpine|debian|ubuntu|node|python|golang|ruby|php|buildpack-deps)[:@]/;

/** `repository:tag` of every local image with a name. */
export function localImages(cli: string): string[] {
  // env passed on purpose: under jest, process.env is the test's own copy.
  const listed = spawnSync(cli, ['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'], {
    encoding: 'utf8',
    timeout: 10_000,
    env: process.env,
  });
  return listed.status === 0 ? listed.stdout.split('\n').filter((ref) => ref && !ref.includes('<none>')) : [];
}
