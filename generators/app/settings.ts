// Every setting the generator takes, declared once: its flag, help text, prompt, default and
// validator. The generator class, the prompts, --yes and .yo-rc.json all read this table.
import { DEFAULT_BUILDER_IMAGE } from './base-image.js';
import { defaultUsername, type Host } from './host.js';
import { strategies, strategyById, strategyIds } from './strategies/index.js';
import * as valid from './validate.js';

export interface Answers {
  baseImage: string;
  username: string;
  idStrategy: string;
  uid?: number;
  gid?: number;
  service: string;
  workspace: string;
  sudo: boolean;
  builderImage: string;
  /** Comma-separated container paths for named volumes ('' for none). */
  volumes: string;
}

export interface Setting {
  key: keyof Answers;
  flag: string;
  description: string;
  /** `id` values are numbers given as strings: yeoman's CLI treats Number options as booleans. */
  kind: 'string' | 'id' | 'boolean';
  /** Absent: flag only, never asked. */
  prompt?: {
    message: string;
    choices?: { name: string; value: string }[];
    when?: (answers: Partial<Answers>) => boolean;
  };
  default: (host: Host, answers: Partial<Answers>) => Answers[keyof Answers];
  validate?: (value: string) => valid.Verdict;
  /** Whether the answer belongs in .yo-rc.json (default: yes). */
  stored?: (answers: Answers) => boolean;
}

const asksIds = (answers: Partial<Answers>) => strategyById(answers.idStrategy ?? 'build-arg').asksIds;
const storesIds = (answers: Answers) => strategyById(answers.idStrategy).storesIds;

export const settings: readonly Setting[] = [
  {
    key: 'baseImage',
    flag: 'base-image',
    description: 'Base image of the Dockerfile (any Debian/Ubuntu/Alpine/BusyBox/distroless image)',
    kind: 'string',
    prompt: { message: 'Base image' },
    default: () => 'debian:trixie-slim',
    validate: valid.imageReference,
  },
  {
    key: 'username',
    flag: 'username',
    description: 'Username in the container (default: your login name when valid, else dev)',
    kind: 'string',
    prompt: { message: 'Username in the container' },
    default: (host) => defaultUsername(host),
    validate: valid.username,
  },
  {
    key: 'idStrategy',
    flag: 'id-strategy',
    description: `How the container user gets the host's IDs: ${strategyIds.join(' | ')}`,
    kind: 'string',
    prompt: {
      message: "How the container user gets the host's IDs",
      choices: strategies.map((s) => ({ name: s.title, value: s.id })),
    },
    default: () => 'build-arg',
    validate: valid.oneOf(strategyIds),
  },
  {
    key: 'uid',
    flag: 'uid',
    description: 'UID baked into the image (fixed; devcontainer: the image user before remapping)',
    kind: 'id',
    prompt: { message: 'UID of the container user', when: asksIds },
    default: (host, answers) => (asksIds(answers) ? host.uid : undefined),
    validate: valid.id,
    stored: storesIds,
  },
  {
    key: 'gid',
    flag: 'gid',
    description: "GID baked into the image (fixed; devcontainer: the image user's group before remapping)",
    kind: 'id',
    prompt: { message: 'GID of the container user', when: asksIds },
    default: (host, answers) => (asksIds(answers) ? host.gid : undefined),
    validate: valid.id,
    stored: storesIds,
  },
  {
    key: 'service',
    flag: 'service',
    description: 'Name of the compose service',
    kind: 'string',
    default: () => 'app',
    validate: valid.serviceName,
  },
  {
    key: 'workspace',
    flag: 'workspace',
    description: 'Where the project folder is bind-mounted in the container',
    kind: 'string',
    default: () => '/workspace',
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

/** Parses a flag or stored value: undefined when absent, else the typed value or a rule broken. */
export function parse(setting: Setting, raw: unknown): { value?: Answers[keyof Answers]; error?: string } {
  if (raw === undefined || raw === null || raw === '') return {};
  if (setting.kind === 'boolean') {
    if (typeof raw === 'boolean') return { value: raw };
    if (raw === 'true' || raw === 'false') return { value: raw === 'true' };
    return { error: 'must be true or false, e.g. --sudo' };
  }
  const text = String(raw);
  const verdict = setting.validate ? setting.validate(text) : true;
  if (verdict !== true) return { error: `${verdict}` };
  return { value: setting.kind === 'id' ? Number(text) : text };
}
