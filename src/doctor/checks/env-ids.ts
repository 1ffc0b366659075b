// .env's host IDs against the user running doctor: compose builds and runs with whatever .env says,
// so a .env another account (or another machine) wrote gives the files to that account's UID.
import { describeHost } from '../../core/host.js';
import { HOST_IDS_SCRIPT } from '../../core/names.js';
import { strategies } from '../../core/strategies/index.js';
import type { Check } from './types.js';

export const envIds: Check = {
  id: 'env',
  title: ".env's host IDs against yours",
  run: ({ stored, env, host, layout }) => {
    const strategy = strategies.find((s) => s.id === stored?.idStrategy);
    // Only compose reads .env: without a compose file the generator writes none.
    if (!layout?.compose) return [];
    // The IDs the generator writes for this user (root becomes 1000, as in the generated files).
    const wanted = strategy?.envFile({ host: describeHost(host), ids: {} });
    if (!wanted) return [];
    const fix = `run sh ${HOST_IDS_SCRIPT} (it writes your IDs to .env)`;
    const file = layout.compose.envFile;
    if (!env) return [{ status: 'fail', summary: `no ${file}: ${strategy!.id} reads your IDs from it, and compose stops without it`, fix }];
    const stale = Object.entries(wanted).filter(([key, value]) => env[key] !== value);
    if (stale.length === 0) return [{ status: 'ok', summary: `${file} holds your IDs (${Object.values(wanted).join(':')})` }];
    const says = stale.map(([key]) => `${key}=${env[key] ?? '(missing)'}`).join(', ');
    const yours = stale.map(([key, value]) => `${key}=${value}`).join(', ');
    return [{ status: 'fail', summary: `${file} says ${says}, but yours are ${yours}: written by another account or machine`, fix }];
  },
};
