// Merging the generator's keys into an existing devcontainer.json of any kind (JSONC: comments,
// trailing commas), one path at a time as text splices (jsonc-text.ts), pure.
// Owned: containerUser, remoteUser, updateRemoteUserUID and, for build-arg, our entry in
// initializeCommand. `service` and `workspaceFolder` only when given as flags. An image-based
// config becomes Dockerfile-based: the `image` key and value are replaced, where they stood, by
// `build`. Everything else (dockerComposeFile, features, customizations, mounts, comments) is
// kept; unchanged input comes back unchanged.
import { parseJsonc, type Json } from '../parse.js';
import { JsoncText } from './jsonc-text.js';

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
  return json.text;
}

/**
 * initializeCommand may be the user's own. Ours joins it as a named entry of the object form
 * (the spec runs named commands in parallel) rather than replacing it; the user's command is
 * kept as written, comments inside it too.
 */
function mergeInitializeCommand(json: JsoncText, current: Json | undefined, wanted: string | undefined) {
  const isOurs = (value: Json | undefined) => typeof value === 'string' && value.includes('.nonroot/host-ids.sh');
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
    json.setRaw(['initializeCommand'], `{ "project": ${json.raw(['initializeCommand'])}, ${JSON.stringify(NAME)}: ${JSON.stringify(wanted)} }`);
  }
}
