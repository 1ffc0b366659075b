// Unit and generator tests do not depend on whichever engine the machine runs: the strategy
// default sees no engine unless a test names a recorded `docker info` (NONROOT_ENGINE_INFO).
process.env.NONROOT_ENGINE_INFO ??= 'none';
