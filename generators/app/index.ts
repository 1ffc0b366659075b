// `yo nonroot`: a Dockerfile, docker-compose.yml and devcontainer.json that run the project's
// container as a non-root user matching the host user. Each phase below is one decision, made in
// the module named after it.
import fs from 'node:fs';
import Generator from 'yeoman-generator';
import { buildContext, nestedVolumeDirs, type RenderContext } from './context.js';
import { describeHost, type Host } from './host.js';
import { destinations, locate, plan } from './plan.js';
import { ask, canPrompt, flagValues, isDryRun, refuseUnaskableConflicts, skippedFiles } from './interaction.js';
import { resolveAnswers, storedAnswers } from './resolve.js';
import { settings, type Answers } from './settings.js';

export default class NonrootGenerator extends Generator {
  private host!: Host;
  private answers!: Answers;
  private context!: RenderContext;

  constructor(args: string[], options: Generator['options']) {
    super(args, options);
    // Nothing here installs packages: keep yeoman's package.json install step (and its log) out.
    this.setFeatures({ customInstallTask: true });
    for (const setting of settings) {
      // Numbers are declared as strings: yeoman's CLI turns Number options into booleans.
      this.option(setting.flag, { type: setting.kind === 'boolean' ? Boolean : String, description: setting.description });
    }
    this.option('yes', {
      type: Boolean,
      description: 'Never prompt: flags, then answers stored in .yo-rc.json, then detected defaults',
    });
  }

  /** 1. Who is the host user (root is replaced by 1000, with a warning). */
  initializing() {
    this.host = describeHost();
    if (this.host.warning) this.log.info(`warning: ${this.host.warning}`);
  }

  /** 2. Flags, then prompts or --yes, then stored answers and defaults; all validated. */
  async prompting() {
    this.answers = await resolveAnswers({
      flags: flagValues(this.options),
      stored: this.config.getAll(),
      host: this.host,
      ask: canPrompt(this) ? (question) => ask(this, question) : undefined,
    });
  }

  /** 3. Answers -> the context every template sees; cross-checks that need the whole picture. */
  configuring() {
    this.context = buildContext(this.answers, this.host);
  }

  /** 4. Every file's text is known before the first write; then they are written together. */
  async writing() {
    const read = (file: string) => {
      const path = this.destinationPath(file);
      return this.fs.exists(path) ? (this.fs.read(path) ?? undefined) : undefined;
    };
    const located = locate(this.context, read);
    const skipped = await skippedFiles(this, destinations(located).map(({ path }) => path));
    const planned = plan(located, read, skipped);
    refuseUnaskableConflicts(this, planned.filter((file) => file.changes).map((file) => file.path));
    // Touch .yo-rc.json only when the answers changed: yeoman force-writes it otherwise.
    const stored = storedAnswers(this.answers);
    if (JSON.stringify(this.config.getAll()) !== JSON.stringify(stored)) {
      for (const setting of settings) this.config.delete(setting.key);
      this.config.set(stored);
    }
    for (const file of planned) this.fs.write(this.destinationPath(file.path), file.text);
  }

  /** 5. Folders for volumes nested in the project mount, created now as you; then what to run next. */
  end() {
    if (!isDryRun(this)) {
      for (const dir of nestedVolumeDirs(this.context)) fs.mkdirSync(this.destinationPath(dir), { recursive: true });
    }
    const { service, env } = this.context;
    const steps: [string, string][] = [
      ...(env ? [['sh .nonroot/host-ids.sh', 'in every fresh clone: writes your UID/GID to .env'] as [string, string]] : []),
      ['docker compose build', 'builds the image with the non-root user'],
      [`docker compose run --rm ${service} id`, 'prints your UID/GID'],
      ['devcontainer up --workspace-folder .', 'or "Reopen in Container" in VS Code'],
    ];
    const width = Math.max(...steps.map(([command]) => command.length));
    this.log.info(['Next:', ...steps.map(([command, why]) => `  ${command.padEnd(width)}  # ${why}`)].join('\n'));
  }
}
