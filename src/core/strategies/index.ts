// The strategy table: adding a strategy means adding a module and a row here. The order is the
// prompt's order.
import { arbitrary } from './arbitrary.js';
import { buildArg } from './build-arg.js';
import { devcontainer } from './devcontainer.js';
import { fixed } from './fixed.js';
import { podman } from './podman.js';
import { rootlessDocker } from './rootless-docker.js';
import { runtime } from './runtime.js';
import type { Strategy } from './types.js';

export type { StrategyDevcontainer, Ids, Strategy, StrategyInput } from './types.js';

export const strategies: readonly Strategy[] = [buildArg, fixed, devcontainer, podman, rootlessDocker, arbitrary, runtime];
export const strategyIds = strategies.map((s) => s.id);

export function strategyById(id: string): Strategy {
  const strategy = strategies.find((s) => s.id === id);
  if (!strategy) throw new Error(`unknown id strategy ${id}`);
  return strategy;
}
