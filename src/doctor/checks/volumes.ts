// The repo's named volumes that already exist in the engine: one an earlier run as root filled
// keeps root's files after the repo runs as you (the engine copies the image's folder, and its
// owner, only into a new, empty volume: https://docs.docker.com/engine/storage/volumes/), and
// the app then fails with EACCES where a fresh clone works. Looked at in the engine by facts.ts
// (a read-only container per volume); reclaim --volumes gives them back.
import type { VolumeState } from '../../core/machine/volumes.js';
import type { Check, Finding } from './types.js';

const owner = (ids: string) => (ids === '0:0' ? 'root' : ids);
/** `compose.yaml:7 db-data (shop_db-data)`: where the repo declares it, and the engine's name. */
export const volumeLabel = ({ volume }: VolumeState) => {
  const { mount } = volume.mounts[0];
  return `${mount.file}:${mount.line} ${volume.short}${volume.name === volume.short ? '' : ` (${volume.name})`}`;
};

export const volumes: Check = {
  id: 'volumes',
  title: "the repo's named volumes that already exist in the engine: whether their files are yours",
  run: ({ volumes }) => {
    const states = volumes?.states ?? [];
    if (states.length === 0) return [];
    const names = states.map((s) => s.volume.name).join(', ');
    if (volumes?.notRun) return [{ status: 'warn', summary: `not run: ${volumes.notRun}; the repo's volumes ${names} were not looked at` }];
    const findings: Omit<Finding, 'check'>[] = [];
    const foreign = states.filter((s) => s.foreign && Object.keys(s.foreign).length > 0);
    if (foreign.length > 0)
      findings.push({
        status: 'fail',
        summary:
          `${foreign.length} of the repo's volumes hold${foreign.length === 1 ? 's' : ''} files that are not yours, ` +
          'left by an earlier run: the container gets EACCES there',
        details: foreign.map((s) => {
          const counts = Object.entries(s.foreign!).map(([ids, n]) => `${owner(ids)}: ${n}`);
          const total = Object.values(s.foreign!).reduce((a, b) => a + b, 0);
          const yours = `${s.wanted!.uid}:${s.wanted!.gid}`;
          return `${volumeLabel(s)} at ${s.volume.mounts[0].mount.target}: ${total} (${counts.join(', ')}), yours are ${yours}`;
        }),
        fix: 'generator-nonroot reclaim --volumes says what it would give back through your engine; --yes does it',
      });
    const unseen = states.filter((s) => s.exists && s.wanted && s.notRun);
    if (unseen.length > 0)
      findings.push({
        status: 'warn',
        summary: `not looked at: ${unseen.map((s) => `${volumeLabel(s)} (${s.notRun})`).join(', ')}`,
        fix: 'pull or build an image with find and stat (busybox, debian), then run doctor again',
      });
    const clean = states.filter((s) => s.foreign && Object.keys(s.foreign).length === 0);
    if (clean.length > 0) findings.push({ status: 'ok', summary: `every file in ${clean.map((s) => s.volume.name).join(', ')} is yours` });
    const absent = states.filter((s) => s.wanted && s.exists === false);
    if (absent.length > 0)
      findings.push({
        status: 'info',
        summary:
          `not in the engine yet: ${absent.map((s) => s.volume.name).join(', ')} ` + "(a new volume takes the owner of the image's folder)",
      });
    const others = states.filter((s) => !s.wanted);
    if (others.length > 0)
      findings.push({ status: 'info', summary: `left alone: ${others.map((s) => `${volumeLabel(s)}, ${s.why}`).join('; ')}` });
    return findings;
  },
};
