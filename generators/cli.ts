#!/usr/bin/env node
// `generator-nonroot`: the same generator and options as `yo nonroot`, without yo (and without
// yo's root check, so it also runs as root in CI).
import { fileURLToPath } from 'node:url';
import { prepareCommand } from 'yeoman-environment';

const resolved = fileURLToPath(new URL('./app/index.js', import.meta.url));

try {
  const command = await prepareCommand({ resolved, namespace: 'nonroot:app' });
  command.name('generator-nonroot');
  await command.parseAsync(process.argv);
} catch (error) {
  // Input errors are meant for people: the message, not a stack trace.
  const input = error instanceof Error && error.name === 'InputError';
  console.error(`generator-nonroot: ${input ? error.message : (error as Error)?.stack ?? error}`);
  process.exitCode = 1;
}
