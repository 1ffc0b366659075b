// `yo nonroot:check`: the audit as a Yeoman sub-generator, the same engine and options as
// `generator-nonroot check`. It writes nothing; the findings go to stdout and the exit code says
// what they call for (0 clean, 1 findings at or above --fail-on, 2 input that cannot be read).
import Generator from 'yeoman-generator';
import { checkOptions, OPTIONS } from './options.js';
import { runCheck } from './run.js';

export default class CheckGenerator extends Generator {
  constructor(args: string[], options: Generator['options']) {
    super(args, options);
    this.setFeatures({ customInstallTask: true, customCommitTask: async () => undefined });
    for (const { flag, description } of OPTIONS) this.option(flag, { type: flag === 'engine' ? Boolean : String, description });
  }

  check() {
    const given = this.options as Record<string, unknown>;
    const options = checkOptions({
      path: this.destinationRoot(),
      format: given.format,
      failOn: given['fail-on'] ?? given.failOn,
      engine: given.engine,
    });
    const { output, exitCode } = runCheck(options, process.stdout.isTTY === true && !process.env.NO_COLOR);
    process.stdout.write(output);
    process.exitCode = exitCode;
  }
}
