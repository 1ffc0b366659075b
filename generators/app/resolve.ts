// Turns flags, stored answers, prompts and detected defaults into one validated Answers object.
// Precedence: a flag wins; otherwise the user is asked (when interactive) with the stored answer
// or the detected default pre-filled; with --yes the stored answer, then the default, is taken.
// Everything is validated before the generator writes anything (yeoman writes .yo-rc.json early).
import { InputError } from './errors.js';
import type { Host } from './host.js';
import { parse, settings, type Answers, type Setting } from './settings.js';


export interface Question {
  type: 'input' | 'list' | 'confirm';
  name: string;
  message: string;
  default: unknown;
  choices?: { name: string; value: string }[];
  validate?: (value: string) => true | string;
}

/** Asks one question and returns the raw answer; absent when prompting is off. */
export type Ask = (question: Question) => Promise<unknown>;

export interface ResolveInput {
  /** Flag values by flag name (`base-image`). */
  flags: Record<string, unknown>;
  /** Answers from .yo-rc.json by key (`baseImage`). */
  stored: Record<string, unknown>;
  host: Host;
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

function questionFor(setting: Setting, fallback: unknown): Question {
  const { prompt } = setting;
  return {
    type: setting.kind === 'boolean' ? 'confirm' : prompt?.choices ? 'list' : 'input',
    name: setting.key,
    message: prompt!.message,
    default: setting.kind === 'id' && fallback !== undefined ? String(fallback) : fallback,
    choices: prompt?.choices,
    validate: setting.validate,
  };
}

export async function resolveAnswers({ flags, stored, host, ask }: ResolveInput): Promise<Answers> {
  const given = readAll(flags, (s) => s.flag, (s, raw) => `--${s.flag} ${JSON.stringify(raw)}`);
  const remembered = readAll(
    stored,
    (s) => s.key,
    (s, raw) => `.yo-rc.json "${s.key}": ${JSON.stringify(raw)} (fix it there or pass --${s.flag})`,
  );
  const problems = [...given.problems, ...remembered.problems];
  if (problems.length > 0) throw new InputError(problems);

  const answers: Partial<Record<keyof Answers, unknown>> = { ...given.values };
  // Table order matters: idStrategy is settled before uid/gid decide whether to ask.
  for (const setting of settings) {
    if (answers[setting.key] !== undefined) continue;
    const fallback = remembered.values[setting.key] ?? setting.default(host, answers as Partial<Answers>);
    const asked = ask && setting.prompt && (setting.prompt.when?.(answers as Partial<Answers>) ?? true);
    if (!asked) {
      if (fallback !== undefined) answers[setting.key] = fallback;
      continue;
    }
    const raw = await ask(questionFor(setting, fallback));
    const { value, error } = parse(setting, raw);
    if (error) throw new InputError([`${setting.prompt!.message}: ${error}`]);
    answers[setting.key] = value ?? fallback;
  }
  return answers as unknown as Answers;
}

/** The answers that belong in .yo-rc.json: per-host values (build-arg IDs) never do. */
export function storedAnswers(answers: Answers): Partial<Answers> {
  const kept: Partial<Record<keyof Answers, unknown>> = {};
  for (const setting of settings) {
    const value = answers[setting.key];
    if (value !== undefined && (setting.stored?.(answers) ?? true)) kept[setting.key] = value;
  }
  return kept as Partial<Answers>;
}
