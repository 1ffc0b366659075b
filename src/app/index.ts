// `yo nonroot`: a Dockerfile, docker-compose.yml and devcontainer.json that run the project's
// container as a non-root user matching the host user, in a new folder or adopted into the layout
// a repo already has. Each phase below is one decision, made in the module named after it.
import fs from 'node:fs';
import path from 'node:path';
import Generator from 'yeoman-generator';
import { commit } from './commit.js';
import { buildContext, nestedVolumeDirs, type RenderContext } from './context.js';
import { probeEngine, type EngineInfo } from '../core/engine.js';
import { describeHost, type Host } from '../core/host.js';
import { ask, canPrompt, flagValues, isDryRun, refuseUnaskableConflicts, skippedFiles } from './interaction.js';
import { diskRepo, type Layout, type Repo } from '../core/layout/index.js';
import { destinations, plan } from './plan.js';
import { checkSummary, describeLayout, describeOverrides, nextSteps } from './report.js';
import { treeLine } from '../doctor/api.js';
import { explicitKeys, resolveAnswers, storedAnswers } from './resolve.js';
import { settings, type Answers, type Facts } from './settings.js';
import { strategyNote } from '../core/strategies/detect.js';
import { repoFacts } from './repo-facts.js';
import { describeTakeovers } from './users.js';

export default class NonrootGenerator extends Generator {
  private host!: Host;
  private repo!: Repo;
  private answers!: Answers;
  private layout!: Layout;
  private explicit!: Set<keyof Answers>;
  private facts!: Facts;
  private skipped!: Set<string>;
  private context!: RenderContext;

  constructor(args: string[], options: Generator['options']) {
    super(args, options);
    // Nothing here installs packages: keep yeoman's package.json install step (and its log) out.
    // Commit as yeoman does, but log each file as what really happens to it (commit.ts).
    this.setFeatures({ customInstallTask: true, customCommitTask: () => commit(this) });
    for (const setting of settings) {
      // Numbers are declared as strings: yeoman's CLI turns Number options into booleans.
      this.option(setting.flag, { type: setting.kind === 'boolean' ? Boolean : String, description: setting.description });
    }
    this.option('yes', {
      type: Boolean,
      description: 'Never prompt: flags, then answers stored in .yo-rc.json, then detected defaults',
    });
  }

  /** 1. Who is the host user (root is replaced by 1000, with a warning), and what the repo holds. */
  initializing() {
    this.host = describeHost();
    if (this.host.warning) this.log.info(`warning: ${this.host.warning}`);
    const root = this.destinationRoot();
    const files = this.fs.store;
    this.repo = diskRepo(root, {
      read: (file) => (this.fs.exists(this.destinationPath(file)) ? (this.fs.read(this.destinationPath(file)) ?? undefined) : undefined),
      paths: () =>
        files
          .all()
          .filter((f) => f.path.startsWith(`${root}${path.sep}`))
          .map((f) => path.relative(root, f.path).split(path.sep).join('/')),
    });
  }

  /** 2. Flags, then the repo, then prompts or --yes, then stored answers and defaults; all validated. */
  async prompting() {
    let engine: { facts?: EngineInfo } | undefined;
    const facts: Facts = (this.facts = {
      host: this.host,
      engine: () => (engine ??= { facts: probeEngine() }).facts,
      repo: repoFacts(this.repo),
    });
    const flags = flagValues(this.options);
    const note = strategyNote(flags['id-strategy'], this.config.get('idStrategy'), facts.engine);
    if (note) this.log.info(note);
    this.answers = await resolveAnswers({
      flags,
      stored: this.config.getAll(),
      facts,
      ask: canPrompt(this) ? (question) => ask(this, question) : undefined,
    });
    this.layout = facts.repo.layout(this.answers.devcontainer);
    this.explicit = explicitKeys(flags);
  }

  /** 3. Answers and layout -> where everything goes; what was found, and what a flag changed against it. */
  async configuring() {
    const root = this.destinationRoot();
    this.context = buildContext({
      answers: this.answers,
      host: this.host,
      layout: this.layout,
      explicit: { service: this.explicit.has('service'), workspace: this.explicit.has('workspace') },
      names: [path.basename(root), path.basename(path.dirname(root))],
      repoUser: this.facts.repo.user(this.answers.devcontainer)?.name,
      read: (file) => this.repo.read(file),
      model: this.facts.repo.model(),
      folder: root,
    });
    // Files the user took over in .yo-resolve are never read, merged or written.
    this.skipped = await skippedFiles(
      this,
      destinations(this.context).map(({ path: file }) => file),
    );
    const adopted = (file: string) => !this.skipped.has(file) && this.repo.read(file) !== undefined;
    const takeovers = describeTakeovers(
      this.repo,
      this.context.place.images.filter((i) => !this.skipped.has(i.dockerfile)),
      this.context,
    );
    for (const line of [
      ...describeLayout(this.layout, this.context, adopted),
      ...takeovers,
      ...describeOverrides(this.layout, this.context),
    ])
      this.log.info(line);
  }

  /** 4. Every file's text is known before the first write; then they are written together. */
  writing() {
    const planned = plan(this.context, (file) => this.repo.read(file), this.skipped);
    refuseUnaskableConflicts(
      this,
      planned.filter((file) => file.changes).map((file) => file.path),
    );
    // Touch .yo-rc.json only when the answers changed (commit.ts would log it identical anyway).
    const stored = storedAnswers(this.answers, this.facts);
    if (JSON.stringify(this.config.getAll()) !== JSON.stringify(stored)) {
      for (const setting of settings) this.config.delete(setting.key);
      this.config.set(stored);
    }
    for (const file of planned) this.fs.write(this.destinationPath(file.path), file.text);
  }

  /**
   * 5. Folders for volumes nested in the project mount, created now as you; what check says of the
   * result, and doctor of files here that are not yours; what to run next.
   */
  end() {
    if (!isDryRun(this)) {
      for (const dir of nestedVolumeDirs(this.context)) fs.mkdirSync(this.destinationPath(dir), { recursive: true });
      this.log.info(checkSummary(diskRepo(this.destinationRoot()), this.skipped));
      const notYours = treeLine(this.destinationRoot());
      if (notYours) this.log.info(notYours);
    }
    this.log.info(nextSteps(this.context));
  }
}
