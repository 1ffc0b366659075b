// Merging the generator's keys into an existing devcontainer.json (JSONC: comments, trailing
// commas), one path at a time with jsonc-parser, as devcontainers/cli does (pure). Owned:
// dockerComposeFile (ours is made part of it), service, workspaceFolder, containerUser,
// remoteUser, updateRemoteUserUID and, for build-arg, our entry in initializeCommand.
// Everything else, comments included, is kept; unchanged input comes back unchanged.
import { applyEdits, modify, parse, printParseErrorCode, type FormattingOptions, type ParseError } from 'jsonc-parser';
import { InputError } from '../errors.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const OWNED = ['service', 'workspaceFolder', 'containerUser', 'remoteUser', 'updateRemoteUserUID'] as const;
/** Keys of the other two kinds of devcontainer.json (image / Dockerfile): they exclude compose. */
const OTHER_KINDS = ['image', 'build', 'dockerFile'];
const NAME = 'nonroot'; // our entry when initializeCommand is an object of named commands

export function parseJsonc(text: string, file: string): Record<string, Json> {
  const errors: ParseError[] = [];
  const value = parse(text, errors, { allowTrailingComma: true });
  if (errors.length > 0) {
    const { error, offset } = errors[0];
    const line = text.slice(0, offset).split('\n').length;
    throw new InputError([`${file}:${line}: ${printParseErrorCode(error)} — fix the JSON and run again`]);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError([`${file}:1: expected an object ({ ... }) — fix it or move it aside and run again`]);
  }
  return value;
}

/** Indentation as the file already has it. */
function formatting(text: string): FormattingOptions {
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  return { insertSpaces: !indent.startsWith('\t'), tabSize: indent.startsWith('\t') ? 1 : indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

export function mergeDevcontainer(existing: string, rendered: string, file: string): string {
  const current = parseJsonc(existing, file);
  const wanted = parseJsonc(rendered, 'the devcontainer.json template');
  const other = OTHER_KINDS.filter((key) => key in current);
  if (other.length > 0) {
    throw new InputError([
      `${file}: uses ${other.join(', ')}, an image/Dockerfile-based config; the generator writes a compose-based one. ` +
        'Move the file aside (or delete those keys) and run again',
    ]);
  }
  const options = formatting(existing);
  let text = existing;
  const set = (path: (string | number)[], value: Json | undefined, isArrayInsertion = false) => {
    text = applyEdits(text, modify(text, path, value, { formattingOptions: options, isArrayInsertion }));
  };

  const composeFile = wanted.dockerComposeFile as Json[];
  const ours = composeFile[0] as string;
  const files = current.dockerComposeFile;
  // Ours goes first in a list (later files override it); the other entries and their comments stay.
  if (Array.isArray(files)) {
    if (!files.includes(ours)) set(['dockerComposeFile', 0], ours, true);
  } else if (files !== ours) set(['dockerComposeFile'], [ours]);
  for (const key of OWNED) {
    if (JSON.stringify(current[key]) !== JSON.stringify(wanted[key])) set([key], wanted[key]);
  }
  mergeInitializeCommand(current.initializeCommand, wanted.initializeCommand, set);
  return text;
}

/**
 * initializeCommand may be the user's own. Ours joins it as a named entry of the object form
 * (the spec runs named commands in parallel) rather than replacing it.
 */
function mergeInitializeCommand(current: Json | undefined, wanted: Json | undefined, set: (path: string[], value: Json | undefined) => void) {
  const isOurs = (value: Json | undefined) => typeof value === 'string' && value.includes('.nonroot/host-ids.sh');
  const named = current !== null && typeof current === 'object' && !Array.isArray(current) ? current : undefined;
  if (wanted === undefined) {
    if (isOurs(current)) set(['initializeCommand'], undefined);
    else if (named && NAME in named) set(['initializeCommand', NAME], undefined);
    return;
  }
  if (current === undefined || isOurs(current)) {
    if (current !== wanted) set(['initializeCommand'], wanted);
  } else if (named) {
    if (named[NAME] !== wanted) set(['initializeCommand', NAME], wanted);
  } else {
    set(['initializeCommand'], { project: current, [NAME]: wanted });
  }
}
