// Rootless Podman maps container UIDs 1.. onto the user's subordinate IDs (/etc/subuid, /etc/subgid).
// keep-id runs the container as the host UID, which must fit in that namespace: with the usual
// 65536 subordinate IDs, a UID above 65536 (LDAP and AD accounts) cannot be mapped, and without an
// entry rootless Podman maps no user but root (https://github.com/containers/podman/blob/main/docs/tutorials/rootless_tutorial.md).
import type { SubIdRange } from '../../core/machine/subids.js';
import { inVm } from '../facts.js';
import type { Check } from './types.js';

const size = (ranges: SubIdRange[]) => ranges.reduce((sum, r) => sum + r.count, 0);

export const keepId: Check = {
  id: 'keep-id',
  title: "rootless Podman's subordinate IDs against your UID and GID (keep-id)",
  run: (facts) => {
    const { engine, stored, subuid, subgid, host } = facts;
    const podman = (engine?.name === 'podman' && engine.rootless) || stored?.idStrategy === 'podman';
    // podman machine's subordinate IDs are the VM's, not this machine's /etc/subuid.
    if (!podman || host.uid === 0 || facts.endpoint.kind === 'remote' || inVm(facts)) return [];
    const who = host.login ?? String(host.uid);
    const grant = `ask an admin: usermod --add-subuids 100000-165535 --add-subgids 100000-165535 ${who}, then podman system migrate`;
    if (subuid.length === 0 || subgid.length === 0)
      return [
        {
          status: 'fail',
          summary: `no ${subuid.length === 0 ? '/etc/subuid' : '/etc/subgid'} entry for ${who}: rootless Podman can map no user but root`,
          fix: grant,
        },
      ];
    const short = [
      ['UID', host.uid, size(subuid), '/etc/subuid'],
      ['GID', host.gid, size(subgid), '/etc/subgid'],
    ].filter(([, id, count]) => (id as number) > (count as number));
    if (short.length > 0)
      return [
        {
          status: 'fail',
          summary: short
            .map(([kind, id, count, file]) => `keep-id needs container ${kind} ${id}, but ${file} gives ${who} ${count} IDs`)
            .join('; '),
          fix:
            `ask an admin for a range of more than ${Math.max(...short.map(([, id]) => id as number))} IDs ` +
            '(usermod --add-subuids/--add-subgids), then podman system migrate',
        },
      ];
    return [
      { status: 'ok', summary: `${size(subuid)} subordinate UIDs and ${size(subgid)} GIDs: keep-id can map ${host.uid}:${host.gid}` },
    ];
  },
};
