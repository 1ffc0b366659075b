// Turns flags, stored answers, prompts and detected defaults into one validated Answers object.
// Precedence: a flag wins; then what the repo already says (its project mount, for the workspace);
// otherwise the user is asked (when interactive) with the stored answer or the detected default
// pre-filled; with --yes the stored answer, then the default, is taken.
// Everything is validated before the generator writes anything (yeoman writes .yo-rc.json early).
import { InputError } from '../core/errors.js';
import { settings, type Answers, type Facts, type Setting } from './settings.js';

/** Parses a flag or stored value: undefined when absent, else the typed value or a rule broken. */
export function parse(setting: Setting, raw: unknown): { value?: Answers[keyof Answers]; error?: string } {
  if (raw === undefined || raw === null || (raw === '' && setting.kind !== 'list')) return {};
  if (setting.kind === 'boolean') {
    if (typeof raw === 'boolean') return { value: raw };
    if (raw === 'true' || raw === 'false') return { value: raw === 'true' };
    return { error: 'must be true or false, e.g. --sudo' };
  }
  // A multi-select prompt answers with a list.
  const text = Array.isArray(raw) ? raw.join(',') : String(raw);
  if (setting.kind === 'list' && text === '') return { value: '' };
  const verdict = setting.validate ? setting.validate(text) : true;
  if (verdict !== true) return { error: `${verdict}` };
  return { value: setting.kind === 'id' ? Number(text) : text };
}

export interface Question {
  type: 'input' | 'select' | 'checkbox' | 'confirm';
  name: string;
  message: string;
  default: unknown;
  choices?: { name: string; value: string; checked?: boolean }[];
  validate?: (value: string) => true | string;
}

/** Asks one question and returns the raw answer; absent when prompting is off. */
export type Ask = (question: Question) => Promise<unknown>;

export interface ResolveInput {
  /** Flag values by flag name (`base-image`). */
  flags: Record<string, unknown>;
  /** Answers from .yo-rc.json by key (`baseImage`). */
  stored: Record<string, unknown>;
  facts: Facts;
  ask?: Ask;
}

function readAll(source: Record<string, unknown>, nameOf: (s: Setting) => string, label: (s: Setting, raw: unknown) => string) {
  const values: Partial<Record<keyof Answers, unknown>> = {};
  const problems: string[] = [];
  for (const setting of settings) {
    const raw = source[nameOf(setting)];
    const { value, error } = parse(setting, raw);
    if (error) problems.push(`${label(setting, raw)}: ${error}`);
    else if (value !== undefined) values[setting.key] = value;
  }
  return { values, problems };
}

function questionFor(setting: Setting, fallback: unknown, facts: Facts, answers: Partial<Answers>): Question {
  const { prompt } = setting;
  const list = setting.kind === 'list';
  // A multi-select shows its default as checked choices (inquirer's checkbox has no `default`).
  const checked = list && typeof fallback === 'string' ? fallback.split(',') : [];
  const choices = prompt
    ?.choices?.(facts, answers)
    .map((choice) => (list ? { ...choice, checked: checked.includes(choice.value) } : choice));
  return {
    type: setting.kind === 'boolean' ? 'confirm' : list && choices ? 'checkbox' : choices ? 'select' : 'input',
    name: setting.key,
    message: prompt!.message,
    default: setting.kind === 'id' && fallback !== undefined ? String(fallback) : list && choices ? undefined : fallback,
    choices,
    validate: choices ? undefined : setting.validate,
  };
}

export async function resolveAnswers({ flags, stored, facts, ask }: ResolveInput): Promise<Answers> {
  const given = readAll(
    flags,
    (s) => s.flag,
    (s, raw) => `--${s.flag} ${JSON.stringify(raw)}`,
  );
  const remembered = readAll(
    stored,
    (s) => s.key,
    (s, raw) => `.yo-rc.json "${s.key}": ${JSON.stringify(raw)} (fix it there or pass --${s.flag})`,
  );
  const problems = [...given.problems, ...remembered.problems];
  if (problems.length > 0) throw new InputError(problems);

  const answers: Partial<Record<keyof Answers, unknown>> = { ...given.values };
  // Table order matters: the devcontainer is settled before services, idStrategy before uid/gid.
  for (const setting of settings) {
    if (answers[setting.key] !== undefined) continue;
    const sofar = answers as Partial<Answers>;
    const fromRepo = setting.fromRepo?.(facts, sofar);
    if (fromRepo !== undefined) {
      answers[setting.key] = fromRepo;
      continue;
    }
    const fallback = remembered.values[setting.key] ?? setting.default(facts, sofar);
    const asked = ask && setting.prompt && (setting.prompt.when?.(sofar, facts) ?? true);
    if (!asked) {
      if (fallback !== undefined) answers[setting.key] = fallback;
      continue;
    }
    const raw = await ask(questionFor(setting, fallback, facts, sofar));
    const { value, error } = parse(setting, raw);
    if (error) throw new InputError([`${setting.prompt!.message}: ${error}`]);
    answers[setting.key] = value ?? fallback;
  }
  return answers as unknown as Answers;
}

/** The settings given as flags: they win over the repo, and the run says what they changed. */
export function explicitKeys(flags: Record<string, unknown>): Set<keyof Answers> {
  return new Set(
    Object.keys(
      readAll(
        flags,
        (s) => s.flag,
        () => '',
      ).values,
    ) as (keyof Answers)[],
  );
}

/** The answers that belong in .yo-rc.json: per-host values (build-arg IDs) never do. */
export function storedAnswers(answers: Answers, facts: Facts): Partial<Answers> {
  const kept: Partial<Record<keyof Answers, unknown>> = {};
  for (const setting of settings) {
    const value = answers[setting.key];
    if (value !== undefined && (setting.stored?.(answers, facts) ?? true)) kept[setting.key] = value;
  }
  return kept as Partial<Answers>;
}
