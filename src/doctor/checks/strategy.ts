// The strategy `yo nonroot` stored against the engine that answers: one that does not fit it writes
// files the host user will not own (the warning the generator gives, with the flag that switches).
import { misfit } from '../../core/strategies/detect.js';
import { strategyIds } from '../../core/strategies/index.js';
import { inVm } from '../facts.js';
import type { Check } from './types.js';

export const strategy: Check = {
  id: 'strategy',
  title: "the strategy stored in .yo-rc.json against this host's engine",
  run: (facts) => {
    const { stored, engine } = facts;
    const id = stored?.idStrategy;
    if (id === undefined)
      return [{ status: 'info', summary: 'no strategy stored here (.yo-rc.json): yo nonroot has not set this folder up' }];
    if (!strategyIds.includes(id))
      return [
        {
          status: 'fail',
          summary: `.yo-rc.json stores idStrategy "${id}", which is none of ${strategyIds.join(', ')}`,
          fix: 'run yo nonroot again',
        },
      ];
    const warning = misfit(id, engine);
    // Docker Desktop and other VMs share files as the user whatever the UID; podman's keep-id run
    // argument still breaks Docker there.
    const vm = engine?.desktop || inVm(facts);
    if (warning) return [{ status: vm && id !== 'podman' ? 'warn' : 'fail', summary: warning }];
    return [{ status: 'ok', summary: engine ? `${id} fits this engine` : `${id} (no engine answered to compare it with)` }];
  },
};
