// What a kustomize patch sets in a securityContext, each value with its line. A patch is a partial
// object that kustomize merges over its base (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/patches/):
// a strategic-merge patch (`patches[].path`, `patchesStrategicMerge`) is the object's fields to
// set, and a JSON 6902 one (`patches[].path` with a target, `patchesJson6902`) a list of
// operations (RFC 6902). What a patch leaves out is its base's, so only the values it writes are
// read here; a deletion (`key: null`, `op: remove`) is left out too: what it leaves depends on the
// rest of the base. The pod and container keys are found wherever they are (any kind, a CRD too).
import type { Document } from 'yaml';
import { dataOf } from './documents.js';
import { keyLine } from './nodes.js';
import { CONTAINER_ROLES } from './workloads.js';

export interface PatchSetting {
  line: number;
  /** Which securityContext: `pod`, or `container web` (`container containers[0]` in a JSON patch). */
  on: string;
  /** The key inside securityContext, dotted: `runAsUser`, `capabilities.add`, `seccompProfile.type`. */
  key: string;
  value: unknown;
  /** How a message names the patch: `Deployment web`, `op 2 (/spec/template/spec/securityContext)`. */
  what: string;
}

type Obj = Record<string, unknown>;
type Path = (string | number)[];
const isObj = (value: unknown): value is Obj => value !== null && typeof value === 'object' && !Array.isArray(value);
const isRole = (key: unknown) => CONTAINER_ROLES.includes(key as (typeof CONTAINER_ROLES)[number]);

interface Walk {
  emit: (setting: Omit<PatchSetting, 'what'>) => void;
  lineOf: (path: Path) => number | undefined;
}

/**
 * Every scalar or list set under a `securityContext` in `value`, which sits at `api` (the object's
 * field path, as strings) and at `doc` in the file. `on` names whose securityContext it is.
 */
function walk(value: unknown, api: string[], doc: Path, on: string, w: Walk) {
  const at = api.lastIndexOf('securityContext');
  if (at !== -1 && !isObj(value)) {
    if (value !== null && value !== undefined) w.emit({ line: w.lineOf(doc) ?? 1, on, key: api.slice(at + 1).join('.'), value });
    return;
  }
  if (isObj(value)) for (const [key, v] of Object.entries(value)) walk(v, [...api, key], [...doc, key], on, w);
  else if (Array.isArray(value) && at === -1)
    value.forEach((item, i) => {
      const role = api[api.length - 1];
      const name = isRole(role) ? (isObj(item) && typeof item.name === 'string' ? item.name : `${role}[${i}]`) : undefined;
      walk(item, [...api, String(i)], [...doc, i], name ? `container ${name}` : on, w);
    });
}

/** Whose securityContext a JSON pointer's segments lead into: `pod`, or the container at `containers/<n>`. */
function ownerOf(segments: string[]): string {
  const role = segments.findIndex(isRole);
  return role !== -1 && segments[role + 1] !== undefined ? `container ${segments[role]}[${segments[role + 1]}]` : 'pod';
}

/** The values a patch document sets under a securityContext; [] for a document that sets none. */
export function patchSettings(text: string, doc: Document.Parsed): PatchSetting[] {
  const read = dataOf(doc);
  const data = 'data' in read ? read.data : undefined;
  const found: PatchSetting[] = [];
  const lineOf = (path: Path) => keyLine(text, doc, path);
  if (Array.isArray(data)) {
    // RFC 6902 operations: `add` and `replace` write a value at `path` (a JSON pointer, RFC 6901).
    data.forEach((op, i) => {
      if (!isObj(op) || !['add', 'replace'].includes(op.op as string) || typeof op.path !== 'string') return;
      const segments = op.path
        .split('/')
        .slice(1)
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
      const what = `op ${i + 1} (${op.path})`;
      const emit = (s: Omit<PatchSetting, 'what'>) => found.push({ ...s, what });
      walk(op.value, segments, [i, 'value'], ownerOf(segments), { emit, lineOf });
    });
  } else if (isObj(data)) {
    const what = `${String(data.kind ?? 'object')} ${String(isObj(data.metadata) ? (data.metadata.name ?? '') : '')}`.trim();
    const emit = (s: Omit<PatchSetting, 'what'>) => found.push({ ...s, what });
    walk(data, [], [], 'pod', { emit, lineOf });
  }
  return found;
}
