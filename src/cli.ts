#!/usr/bin/env node
// `generator-nonroot`: the same generator and options as `yo nonroot`, without yo (and without
// yo's root check, so it also runs as root in CI); `generator-nonroot check` audits a repo and
// `generator-nonroot doctor` this machine against it. Each loads only what it uses: neither `check`
// nor `doctor` imports yeoman, which is most of the generator's start-up.
import module from 'node:module';
import { fileURLToPath } from 'node:url';

// Node >= 22.1 keeps compiled code between runs (in the OS temp folder, as tsc 5.7+ does): ~10-20%
// off every start. Node 20 has no such cache; the call is then skipped.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

if (process.argv[2] === 'check') {
  const { main } = await import('./check/cli.js');
  process.exitCode = main(process.argv.slice(3));
} else if (process.argv[2] === 'doctor') {
  const { main } = await import('./doctor/cli.js');
  process.exitCode = main(process.argv.slice(3));
} else if (process.argv[2] === 'reclaim') {
  const { main } = await import('./reclaim/cli.js');
  process.exitCode = main(process.argv.slice(3));
} else {
  const { prepareCommand } = await import('yeoman-environment');
  const resolved = fileURLToPath(new URL('./app/index.js', import.meta.url));
  try {
    const command = await prepareCommand({ resolved, namespace: 'nonroot:app' });
    command.name('generator-nonroot');
    command.addHelpText(
      'after',
      '\nAudit a repo instead: generator-nonroot check [folder] [--format ' +
        'text|json|sarif] [--fail-on error|warning|note] (see check --help)' +
        '\nPredict what goes wrong on this machine: generator-nonroot doctor [folder] [--format text|json] (see doctor --help)' +
        '\nGive back files containers left to root: generator-nonroot reclaim [folder] [--yes] (see reclaim --help)',
    );
    await command.parseAsync(process.argv);
  } catch (error) {
    // Input errors are meant for people: the message, not a stack trace.
    const input = error instanceof Error && error.name === 'InputError';
    console.error(`generator-nonroot: ${input ? error.message : ((error as Error)?.stack ?? error)}`);
    process.exitCode = 1;
  }
}
