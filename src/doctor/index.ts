// `yo nonroot:doctor`: doctor as a Yeoman sub-generator, the same checks and options as
// `generator-nonroot doctor`. It writes nothing; the exit code says whether a check fails.
import Generator from 'yeoman-generator';
import { doctorOptions, OPTIONS } from './options.js';
import { runDoctor } from './run.js';

export default class DoctorGenerator extends Generator {
  constructor(args: string[], options: Generator['options']) {
    super(args, options);
    this.setFeatures({ customInstallTask: true, customCommitTask: async () => undefined });
    for (const { flag, description } of OPTIONS) this.option(flag, { type: String, description });
  }

  doctor() {
    const options = doctorOptions({ path: this.destinationRoot(), format: (this.options as Record<string, unknown>).format });
    const { output, exitCode } = runDoctor(options, process.stdout.isTTY === true && !process.env.NO_COLOR);
    process.stdout.write(output);
    process.exitCode = exitCode;
  }
}
