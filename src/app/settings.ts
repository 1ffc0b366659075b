// Every setting the generator takes, declared once: its flag, help text, prompt, default and
// validator. The generator class, the prompts, --yes and .yo-rc.json all read this table.
import { DEFAULT_BUILDER_IMAGE } from './base-image.js';
import type { EngineInfo } from '../core/engine.js';
import type { Host } from '../core/host.js';
import { defaultUsername } from './users.js';
import { builtServices, defaultServices, type Layout } from '../core/layout/index.js';
import type { RepoModel } from '../core/layout/model.js';
import { detectedWorkspace } from './placement.js';
import { defaultStrategy } from '../core/strategies/detect.js';
import { strategies, strategyById, strategyIds } from '../core/strategies/index.js';
import * as valid from './validate.js';

export interface Answers {
  /** The devcontainer.json adopted; undefined when the repo has none. */
  devcontainer?: string;
  baseImage: string;
  username: string;
  idStrategy: string;
  uid?: number;
  gid?: number;
  /** Comma-separated compose services ('' for none). */
  service: string;
  workspace: string;
  sudo: boolean;
  builderImage: string;
  /** Comma-separated container paths for named volumes ('' for none). */
  volumes: string;
  /** Manifests for the cluster: a new kustomize folder, or the repo's own manifests and chart values adopted. */
  kubernetes: boolean;
}

/** What a setting's default may look at: the host, and the repo's layout for a chosen devcontainer.json. */
export interface Facts {
  host: Host;
  /** The container engine answering here (asked once, only when a default needs it). */
  engine: () => EngineInfo | undefined;
  repo: {
    /** The Dev Container configs the repo has. */
    devcontainers: string[];
    /** The layout as seen through one of them (or none); may throw an InputError naming the file. */
    layout(devcontainer?: string): Layout;
    /** The user the repo names for its containers (`USER node`, `remoteUser`), seen through that config. */
    user(devcontainer?: string): { name: string; why: string } | undefined;
    /** The FROM the repo's first adopted Dockerfile starts with; `asked`: a Dockerfile the run writes starts FROM the answer. */
    base(devcontainer?: string): { from?: string; asked: boolean };
    /** The one model of the repo every command reads. */
    model(): RepoModel;
    /** The repo keeps Kubernetes manifests or a Helm chart (k8s/, deploy/, charts/…). */
    keepsKubernetes(): boolean;
  };
}

type Partial_ = Partial<Answers>;

export interface Setting {
  key: keyof Answers;
  flag: string;
  description: string;
  /** `id` values are numbers given as strings: yeoman's CLI treats Number options as booleans. */
  kind: 'string' | 'id' | 'boolean' | 'list';
  /** Absent: flag only, never asked. */
  prompt?: {
    message: string;
    choices?: (facts: Facts, answers: Partial_) => { name: string; value: string }[];
    when?: (answers: Partial_, facts: Facts) => boolean;
  };
  default: (facts: Facts, answers: Partial_) => Answers[keyof Answers];
  /** What the repo already says: it wins over a stored answer and the default, a flag wins over it. */
  fromRepo?: (facts: Facts, answers: Partial_) => Answers[keyof Answers] | undefined;
  validate?: (value: string) => valid.Verdict;
  /** Whether the answer belongs in .yo-rc.json (default: yes). */
  stored?: (answers: Answers, facts: Facts) => boolean;
}

const asksIds = (answers: Partial_) => strategyById(answers.idStrategy ?? 'build-arg').asksIds;
const storesIds = (answers: Answers) => strategyById(answers.idStrategy).storesIds;

/** The compose services of an answer ('' is none). */
export const serviceList = (answers: Pick<Answers, 'service'>) => (answers.service ? answers.service.split(',') : []);
const layoutOf = (facts: Facts, answers: Partial_) => facts.repo.layout(answers.devcontainer);

export const settings: readonly Setting[] = [
  {
    key: 'devcontainer',
    flag: 'devcontainer',
    description: 'The Dev Container config to adopt when the repo has several (e.g. .devcontainer/python/devcontainer.json)',
    kind: 'string',
    prompt: {
      message: 'Which Dev Container config should run as you',
      choices: (facts) => facts.repo.devcontainers.map((file) => ({ name: file, value: file })),
      when: (_, facts) => facts.repo.devcontainers.length > 1,
    },
    // Several and none chosen: layout discovery stops and asks for --devcontainer.
    default: (facts) => (facts.repo.devcontainers.length === 1 ? facts.repo.devcontainers[0] : undefined),
    validate: valid.devcontainerPath,
    // Remembered only where it was a choice: with one config there is nothing to choose.
    stored: (_, facts) => facts.repo.devcontainers.length > 1,
  },
  {
    key: 'baseImage',
    flag: 'base-image',
    description: 'Base image of the Dockerfile (any Debian/Ubuntu/Alpine/BusyBox/distroless image)',
    kind: 'string',
    // Asked only where the run writes a Dockerfile of its own; an adopted one keeps its FROM.
    prompt: { message: 'Base image', when: (answers, facts) => facts.repo.base(answers.devcontainer).asked },
    default: (facts, answers) => facts.repo.base(answers.devcontainer).from ?? 'debian:trixie-slim',
    // The FROM an adopted Dockerfile says is the repo's own: remembered only where it was a choice.
    stored: (answers, facts) => facts.repo.base(answers.devcontainer).asked,
    validate: valid.imageReference,
  },
  {
    key: 'username',
    flag: 'username',
    description:
      'Username in the container (default: the user the repo already names, ' +
      'e.g. USER node, which is then re-IDed in place; else your login name ' +
      'when valid, else dev)',
    kind: 'string',
    prompt: { message: 'Username in the container' },
    default: (facts, answers) => facts.repo.user(answers.devcontainer)?.name ?? defaultUsername(facts.host),
    validate: valid.username,
    // The repo's own user is what the repo says: remembered only when it was a choice.
    stored: (answers, facts) => facts.repo.user(answers.devcontainer)?.name !== answers.username,
  },
  {
    key: 'idStrategy',
    flag: 'id-strategy',
    description: `How the container user gets the host's IDs: ${strategyIds.join(' | ')}`,
    kind: 'string',
    prompt: {
      message: "How the container user gets the host's IDs",
      choices: () => strategies.map((s) => ({ name: s.title, value: s.id })),
    },
    // The strategy that works on the engine this host runs (strategies/detect.ts).
    default: (facts) => defaultStrategy(facts.engine()).id,
    validate: valid.oneOf(strategyIds),
  },
  {
    key: 'uid',
    flag: 'uid',
    description:
      'UID baked into the image (fixed; the image user for devcontainer, podman, rootless-docker, arbitrary and runtime: default 1000)',
    kind: 'id',
    prompt: { message: 'UID of the container user', when: asksIds },
    default: (facts, answers) => (asksIds(answers) ? facts.host.uid : undefined),
    validate: valid.id,
    stored: storesIds,
  },
  {
    key: 'gid',
    flag: 'gid',
    description: "GID baked into the image (fixed; the image user's group for the other baked strategies: default 1000)",
    kind: 'id',
    prompt: { message: 'GID of the container user', when: asksIds },
    default: (facts, answers) => (asksIds(answers) ? facts.host.gid : undefined),
    validate: valid.id,
    stored: storesIds,
  },
  {
    key: 'service',
    flag: 'service',
    description:
      'The compose service(s) to run as you, comma-separated (default: the ' +
      "devcontainer's service, else every service built from a Dockerfile in " +
      'the repo, else app)',
    kind: 'list',
    prompt: {
      message: 'Which compose services should run as you',
      choices: (facts, answers) =>
        builtServices(layoutOf(facts, answers)).map((s) => ({ name: `${s.name} (${s.build!.dockerfile})`, value: s.name })),
      when: (answers, facts) => builtServices(layoutOf(facts, answers)).length > 1,
    },
    default(facts, answers) {
      const layout = layoutOf(facts, answers);
      const found = defaultServices(layout);
      if (found.length > 0) return found.join(',');
      // A Dockerfile- or image-based devcontainer without compose files: no compose to write.
      return layout.devcontainer && !layout.compose ? '' : 'app';
    },
    validate: valid.serviceNames,
  },
  {
    key: 'workspace',
    flag: 'workspace',
    description: "Where the project folder is bind-mounted in the container (default: where the repo's own mount puts it, else /workspace)",
    kind: 'string',
    default: () => '/workspace',
    fromRepo: (facts, answers) => detectedWorkspace(layoutOf(facts, answers), serviceList({ service: answers.service ?? '' })),
    validate: valid.workspacePath,
  },
  {
    key: 'volumes',
    flag: 'volumes',
    description: 'Named volumes the user owns, as comma-separated container paths (e.g. /home/dev/.cache,/workspace/node_modules)',
    kind: 'string',
    default: () => '',
    validate: valid.volumePaths,
  },
  {
    key: 'kubernetes',
    flag: 'kubernetes',
    description:
      'Kubernetes manifests that run the same non-root image (default: on when the repo keeps manifests or a Helm chart, ' +
      'which are adopted; else a new k8s/ kustomize folder)',
    kind: 'boolean',
    // A repo that keeps manifests has answered: they are adopted.
    prompt: { message: 'Kubernetes manifests for the cluster (k8s/, kustomize)?', when: (_, facts) => !facts.repo.keepsKubernetes() },
    default: (facts) => facts.repo.keepsKubernetes(),
    // Remembered when on: a rerun keeps writing them, even once the repo keeps the manifests it wrote.
    stored: (answers) => answers.kubernetes,
  },
  {
    key: 'sudo',
    flag: 'sudo',
    description: 'Give the user passwordless sudo (off: use `docker compose exec -u 0` for root work)',
    kind: 'boolean',
    prompt: { message: 'Passwordless sudo for the user?' },
    default: () => false,
  },
  {
    key: 'builderImage',
    flag: 'builder-image',
    description: 'Image with a shell that creates the user for shell-less bases (distroless)',
    kind: 'string',
    default: () => DEFAULT_BUILDER_IMAGE,
    validate: valid.imageReference,
  },
];
