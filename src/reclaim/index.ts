// `yo nonroot:reclaim`: reclaim as a Yeoman sub-generator, the same plan and options as
// `generator-nonroot reclaim`. It writes no file of its own; with --yes it changes owners only.
import Generator from 'yeoman-generator';
import { OPTIONS, reclaimOptions } from './options.js';
import { runReclaim } from './run.js';

export default class ReclaimGenerator extends Generator {
  constructor(args: string[], options: Generator['options']) {
    super(args, options);
    this.setFeatures({ customInstallTask: true, customCommitTask: async () => undefined });
    for (const { flag, description } of OPTIONS)
      this.option(flag, { type: flag === 'yes' || flag === 'volumes' ? Boolean : String, description });
  }

  reclaim() {
    const given = this.options as Record<string, unknown>;
    const options = reclaimOptions({
      path: this.destinationRoot(),
      yes: given.yes,
      format: given.format,
      image: given.image,
      volumes: given.volumes === undefined ? undefined : Boolean(given.volumes),
    });
    const { output, exitCode } = runReclaim(options);
    process.stdout.write(output);
    process.exitCode = exitCode;
  }
}
