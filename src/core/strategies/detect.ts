// The host picks the default strategy: the one that gives the host user their files on the engine
// that answers here. One line says what was found and why; a stored answer that does not fit the
// engine is kept (it was chosen) but warned about, naming both.
import { describeEngine, type EngineInfo } from '../engine.js';
import { strategyById } from './index.js';

export interface Detected {
  id: string;
  /** One line: what was detected, and why that default. */
  why: string;
}

export function defaultStrategy(engine: EngineInfo | undefined): Detected {
  if (!engine)
    return {
      id: 'build-arg',
      why: 'no container engine answered (docker info, podman info): defaulting to build-arg, which works on rootful Docker',
    };
  const found = describeEngine(engine);
  if (engine.rootless && engine.name === 'podman') {
    return {
      id: 'podman',
      why:
        `${found} answers: defaulting to podman, which maps you onto the image user ` +
        `with keep-id (a plain user: would write as a subordinate UID)`,
    };
  }
  if (engine.rootless) {
    return {
      id: 'rootless-docker',
      why:
        `${found} answers: defaulting to rootless-docker, where container root is ` +
        `you (any other container UID writes as a subordinate UID)`,
    };
  }
  if (engine.desktop) {
    return {
      id: 'build-arg',
      why:
        `${found} answers: defaulting to build-arg (Desktop shares files as you ` +
        `whatever the UID; build-arg keeps Linux teammates right)`,
    };
  }
  return { id: 'build-arg', why: `${found} answers: defaulting to build-arg, your own UID/GID built into the image` };
}

/** A warning when a chosen strategy writes files the host user will not own on this engine. */
export function misfit(id: string, engine: EngineInfo | undefined): string | undefined {
  if (!engine || strategyById(id).fits(engine)) return undefined;
  const better = defaultStrategy(engine).id;
  return (
    `the stored strategy ${id} does not fit this host's ` +
    `${describeEngine(engine)}: files the container writes will not be yours. ` +
    `Run with --id-strategy ${better} to switch (or --id-strategy ${id} to keep ` +
    `it and silence this)`
  );
}

/**
 * What the run says about the strategy before asking: nothing when a flag chose it; a warning when
 * the stored answer does not fit the engine; otherwise what was detected and why that default.
 */
export function strategyNote(flag: unknown, stored: unknown, engine: () => EngineInfo | undefined): string | undefined {
  if (flag !== undefined) return undefined;
  if (typeof stored === 'string') {
    const warning = misfit(stored, engine());
    return warning && `warning: ${warning}`;
  }
  return defaultStrategy(engine()).why;
}
