#!/usr/bin/env node
// `generator-nonroot`: the same generator and options as `yo nonroot`, without yo (and without
// yo's root check, so it also runs as root in CI); `check` audits a repo, `doctor` this machine
// against it, `verify` builds and runs it here, `reclaim` gives back files containers left. Each
// loads only what it uses: none imports yeoman, which is most of the generator's start-up.
import module from 'node:module';
import { fileURLToPath } from 'node:url';

// Node >= 22.1 keeps compiled code between runs (in the OS temp folder, as tsc 5.7+ does): ~10-20%
// off every start. Node 20 has no such cache; the call is then skipped.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// The commands besides the generator, each its own module with `main(args): Promise<number>`.
const COMMANDS: Record<string, string> = {
  check: './check/cli.js',
  doctor: './doctor/cli.js',
  verify: './verify/cli.js',
  reclaim: './reclaim/cli.js',
};

const entry = COMMANDS[process.argv[2]];
if (entry) {
  const { main } = (await import(entry)) as { main: (args: string[]) => Promise<number> };
  process.exitCode = await main(process.argv.slice(3));
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
        '\nPredict what goes wrong on this machine: generator-nonroot doctor [folder] [--format text|json|sarif] (see doctor --help)' +
        '\nProve it, building and running each service here: generator-nonroot verify [folder] [--keep] (see verify --help)' +
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
