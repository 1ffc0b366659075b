// The checks doctor runs, in the order it reports them: adding one means a module and a row here.
import { engine } from './engine.js';
import { envIds } from './env-ids.js';
import { host } from './host.js';
import { keepId } from './keep-id.js';
import { mountPoints } from './mount-points.js';
import { remap } from './remap.js';
import { strategy } from './strategy.js';
import { tree } from './tree.js';
import { volumes } from './volumes.js';
import type { Check } from './types.js';

export type { Check, Finding, Status } from './types.js';

export const CHECKS: readonly Check[] = [host, engine, strategy, envIds, remap, keepId, mountPoints, tree, volumes];
