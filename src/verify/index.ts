// `yo nonroot:verify`: verify as a Yeoman sub-generator, the same checks and options as
// `generator-nonroot verify`. It writes no file of its own; the exit code says whether a check fails.
import Generator from 'yeoman-generator';
import { OPTIONS, verifyOptions } from './options.js';
import { progress } from './progress.js';
import { failed, renderVerdict } from './report.js';
import { runVerify } from './run.js';

export default class VerifyGenerator extends Generator {
  constructor(args: string[], options: Generator['options']) {
    super(args, options);
    this.setFeatures({ customInstallTask: true, customCommitTask: async () => undefined });
    for (const { flag, description } of OPTIONS) this.option(flag, { type: flag === 'keep' ? Boolean : String, description });
  }

  async verify() {
    const given = this.options as Record<string, unknown>;
    const options = verifyOptions({ path: this.destinationRoot(), format: given.format, service: given.service, keep: given.keep });
    const verdict = await runVerify(options, progress());
    process.stdout.write(renderVerdict(verdict, options.format, process.stdout.isTTY === true && !process.env.NO_COLOR));
    process.exitCode = failed(verdict) ? 1 : 0;
  }
}
