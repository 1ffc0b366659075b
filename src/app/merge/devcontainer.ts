// Merging the generator's keys into an existing devcontainer.json of any kind (JSONC: comments,
// trailing commas), one path at a time as text splices (jsonc-text.ts), pure.
// Owned: containerUser, remoteUser, updateRemoteUserUID, for build-arg our entry in
// initializeCommand, and for podman a `--userns=keep-id…` item of runArgs (other items stay).
// `service` and `workspaceFolder` only when given as flags. An image-based
// config becomes Dockerfile-based: the `image` key and value are replaced, where they stood, by
// `build`. Everything else (dockerComposeFile, features, customizations, mounts, comments) is
// kept; unchanged input comes back unchanged.
import { parseJsonc, type Json } from '../../core/parse.js';
import { JsoncText } from '../../core/text/jsonc.js';
import { HOST_IDS_SCRIPT, isRemapFeature } from '../../core/names.js';

export interface WantedDevcontainer {
  containerUser: string;
  remoteUser: string;
  updateRemoteUserUID: boolean;
  /** Ours, joined to the user's own; undefined: ours is removed if a run put it there. */
  initializeCommand?: string;
  /** runArgs items of ours (Podman keep-id): added when missing; ours no longer wanted are removed. */
  runArgs?: string[];
  service?: string;
  workspaceFolder?: string;
  /** Image-based -> Dockerfile-based: the Dockerfile and its context, from the json's folder. */
  build?: { dockerfile: string; context: string };
  /** Our local Feature (`features["./nonroot-remap"]`): set when wanted, removed when not. */
  feature?: { ref: string; folders: string };
}

const NAME = 'nonroot'; // our entry when initializeCommand is an object of named commands

export function mergeDevcontainer(existing: string, file: string, wanted: WantedDevcontainer): string {
  const current = parseJsonc(existing, file);
  const json = new JsoncText(existing, file);
  if (wanted.build !== undefined && typeof current.image === 'string') {
    // The context defaults to the json's own folder: written only when it is another one.
    const { dockerfile, context } = wanted.build;
    json.set(['image'], context === '.' ? { dockerfile } : { dockerfile, context });
    json.rename(['image'], 'build');
  }
  const owned: [string, Json | undefined][] = [
    ['service', wanted.service],
    ['workspaceFolder', wanted.workspaceFolder],
    ['containerUser', wanted.containerUser],
    ['remoteUser', wanted.remoteUser],
    ['updateRemoteUserUID', wanted.updateRemoteUserUID],
  ];
  for (const [key, value] of owned) {
    if (value !== undefined && JSON.stringify(current[key]) !== JSON.stringify(value)) json.set([key], value);
  }
  mergeInitializeCommand(json, current.initializeCommand, wanted.initializeCommand);
  mergeFeature(json, current.features, wanted.feature);
  mergeRunArgs(json, current.runArgs, wanted.runArgs ?? []);
  return json.result();
}

/**
 * initializeCommand may be the user's own. Ours joins it as a named entry of the object form
 * (the spec runs named commands in parallel) rather than replacing it; the user's command is
 * kept as written, comments inside it too.
 */
function mergeInitializeCommand(json: JsoncText, current: Json | undefined, wanted: string | undefined) {
  const isOurs = (value: Json | undefined) => typeof value === 'string' && value.includes(HOST_IDS_SCRIPT);
  const named = current !== null && typeof current === 'object' && !Array.isArray(current) ? current : undefined;
  if (wanted === undefined) {
    if (isOurs(current)) json.remove(['initializeCommand']);
    else if (named && NAME in named) json.remove(['initializeCommand', NAME]);
    return;
  }
  if (current === undefined || isOurs(current)) {
    if (current !== wanted) json.set(['initializeCommand'], wanted);
  } else if (named) {
    if (named[NAME] !== wanted) json.set(['initializeCommand', NAME], wanted);
  } else {
    json.setRaw(
      ['initializeCommand'],
      `{ "project": ${json.raw(['initializeCommand'])}, ${JSON.stringify(NAME)}: ${JSON.stringify(wanted)} }`,
    );
  }
}

/** A runArgs item the generator writes: Podman's keep-id user namespace. */
const isOurRunArg = (item: Json) => typeof item === 'string' && /^--userns=keep-id(:|$)/.test(item);

function mergeRunArgs(json: JsoncText, current: Json | undefined, wanted: string[]) {
  const items = Array.isArray(current) ? current : undefined;
  if (current !== undefined && !items) return; // not an array: the CLI would reject it; not ours to fix
  if (!items) {
    if (wanted.length > 0) json.set(['runArgs'], wanted);
    return;
  }
  // Only ours, none wanted: the key goes (a run added it).
  if (wanted.length === 0 && items.length > 0 && items.every(isOurRunArg)) return json.remove(['runArgs']);
  for (let index = items.length - 1; index >= 0; index -= 1) {
    if (isOurRunArg(items[index]) && !wanted.includes(items[index] as string)) json.removeAt(['runArgs'], index);
  }
  for (const item of wanted) if (!items.includes(item)) json.append(['runArgs'], item);
}

/** Our Feature among the user's own `features` (which stay as written): one entry, with its folders. */
function mergeFeature(json: JsoncText, current: Json | undefined, wanted: WantedDevcontainer['feature']) {
  const features = current !== null && typeof current === 'object' && !Array.isArray(current) ? current : undefined;
  const ours = Object.keys(features ?? {}).filter(isRemapFeature);
  for (const key of ours.filter((k) => k !== wanted?.ref)) {
    if (ours.length === Object.keys(features!).length && !wanted) json.remove(['features']);
    else json.remove(['features', key]);
  }
  if (!wanted) return;
  const value = { folders: wanted.folders };
  if (!features) json.set(['features'], { [wanted.ref]: value });
  else if (JSON.stringify(features[wanted.ref]) !== JSON.stringify(value)) json.set(['features', wanted.ref], value);
}
