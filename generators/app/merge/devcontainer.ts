// Merging the generator's keys into an existing devcontainer.json of any kind (JSONC: comments,
// trailing commas), one path at a time with jsonc-parser, as devcontainers/cli does (pure).
// Owned: containerUser, remoteUser, updateRemoteUserUID and, for build-arg, our entry in
// initializeCommand. `service` and `workspaceFolder` only when given as flags. An image-based
// config becomes Dockerfile-based: `image` is replaced, where it stood, by `build`. Everything
// else (dockerComposeFile, features, customizations, mounts, comments) is kept; unchanged input
// comes back unchanged.
import { applyEdits, findNodeAtLocation, modify, parseTree, type FormattingOptions } from 'jsonc-parser';
import { parseJsonc, type Json } from '../parse.js';

export interface WantedDevcontainer {
  containerUser: string;
  remoteUser: string;
  updateRemoteUserUID: boolean;
  /** Ours, joined to the user's own; undefined: ours is removed if a run put it there. */
  initializeCommand?: string;
  service?: string;
  workspaceFolder?: string;
  /** Image-based -> Dockerfile-based: the Dockerfile and its context, from the json's folder. */
  build?: { dockerfile: string; context: string };
}

const NAME = 'nonroot'; // our entry when initializeCommand is an object of named commands

/** Indentation and line ending as the file already has them. */
function formatting(text: string): FormattingOptions {
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  return { insertSpaces: !indent.startsWith('\t'), tabSize: indent.startsWith('\t') ? 1 : indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

export function mergeDevcontainer(existing: string, file: string, wanted: WantedDevcontainer): string {
  const current = parseJsonc(existing, file);
  const options = formatting(existing);
  let text = existing;
  const set = (path: (string | number)[], value: Json | undefined) => {
    // A new top-level key is added as its own line after the last one: jsonc-parser's modify
    // would re-format the whole line of the previous property (`"features": { … }` spread out).
    const added = value !== undefined && path.length === 1 && !(path[0] in current) ? appendProperty(text, String(path[0]), value, options) : undefined;
    text = added ?? applyEdits(text, modify(text, path, value, { formattingOptions: options }));
  };
  if (wanted.build !== undefined && typeof current.image === 'string') text = imageToBuild(text, wanted.build);
  const owned: [string, Json | undefined][] = [
    ['service', wanted.service],
    ['workspaceFolder', wanted.workspaceFolder],
    ['containerUser', wanted.containerUser],
    ['remoteUser', wanted.remoteUser],
    ['updateRemoteUserUID', wanted.updateRemoteUserUID],
  ];
  for (const [key, value] of owned) {
    if (value !== undefined && JSON.stringify(current[key]) !== JSON.stringify(value)) set([key], value);
  }
  mergeInitializeCommand(current.initializeCommand, wanted.initializeCommand, set);
  return text;
}

/**
 * `"key": value` as a new line after the root object's last property (after its comma and any
 * comment on that line), in the file's indentation; undefined when the object is on one line.
 */
function appendProperty(text: string, key: string, value: Json, options: FormattingOptions): string | undefined {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const last = root?.children?.at(-1);
  if (!root || root.type !== 'object' || !last) return undefined;
  const end = last.offset + last.length;
  const close = root.offset + root.length - 1;
  const lineEnd = text.slice(end, close).search(/\r?\n/);
  if (lineEnd === -1) return undefined;
  const comma = /^\s*,/.test(text.slice(end, close));
  const lineStart = text.lastIndexOf('\n', last.offset) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const unit = options.insertSpaces ? ' '.repeat(options.tabSize ?? 2) : '\t';
  const json = JSON.stringify(value, null, unit).split('\n').join(`${options.eol}${indent}`);
  const at = end + lineEnd;
  const line = `${options.eol}${indent}${JSON.stringify(key)}: ${json}${comma ? ',' : ''}`;
  return comma ? text.slice(0, at) + line + text.slice(at) : `${text.slice(0, end)},${text.slice(end, at)}${line}${text.slice(at)}`;
}

/** Replaces the `"image": "…"` property with `"build": { "dockerfile": … }` in its place. */
function imageToBuild(text: string, { dockerfile, context }: { dockerfile: string; context: string }): string {
  const image = findNodeAtLocation(parseTree(text, [], { allowTrailingComma: true })!, ['image'])!.parent!;
  // The context defaults to the json's own folder: written only when it is another one.
  const build = `"build": { "dockerfile": ${JSON.stringify(dockerfile)}${context === '.' ? '' : `, "context": ${JSON.stringify(context)}`} }`;
  return text.slice(0, image.offset) + build + text.slice(image.offset + image.length);
}

/**
 * initializeCommand may be the user's own. Ours joins it as a named entry of the object form
 * (the spec runs named commands in parallel) rather than replacing it.
 */
function mergeInitializeCommand(current: Json | undefined, wanted: string | undefined, set: (path: string[], value: Json | undefined) => void) {
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
