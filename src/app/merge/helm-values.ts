// Filling a Helm chart's values.yaml with the securityContext this project owns (pure, text in and
// text out): `podSecurityContext` (the pod's, as `helm create`'s templates/deployment.yaml renders
// it) and `securityContext` (its container's), with the values the manifests get (security.ts).
// `helm create` writes each as `{}` with the real values commented out below it
// (https://github.com/helm/helm/issues/5880): the `{}` becomes a block mapping of ours, the
// comments stay where they are. A key the file lacks is added at its end. Everything else is kept
// byte for byte, and a rerun changes nothing. The templates are never edited: they are Go
// templates, not YAML.
import { isMap, type Node } from 'yaml';
import { dataOf } from '../../core/kube/documents.js';
import { securityContexts, type KubeIds } from '../../core/kube/security.js';
import { YamlText } from '../../core/text/yaml.js';
import { applyWant, ensureMapping, flowText, stepOf, type WantMap } from '../../core/text/yaml-fill.js';
import { blockLines, type Value } from '../../core/text/yaml-write.js';
import { containerWant, podWant } from './manifest.js';

export interface WantedValues {
  security: KubeIds;
  /** The chart mounts a PVC or emptyDir its container writes (core/kube/charts.ts `writableVolume`). */
  writableVolume: boolean;
}

type Obj = Record<string, unknown>;
const asObj = (value: unknown): Obj => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {});

export function mergeHelmValues(existing: string, file: string, wanted: WantedValues): string {
  const yaml = new YamlText(existing, file);
  const root = yaml.doc.contents as Node | null;
  if (root !== null && !isMap(root)) yaml.fail(root, 'values.yaml is not a mapping');
  const read = dataOf(yaml.doc);
  if ('error' in read) return yaml.fail(root ?? undefined, `values.yaml does not read as data (${read.error})`);
  const data = asObj(read.data);
  const values = securityContexts(wanted.security, { writableVolume: wanted.writableVolume });
  const wants: [string, WantMap][] = [
    ['podSecurityContext', podWant(values.pod, asObj(data.podSecurityContext), wanted.security)],
    ['securityContext', containerWant(values.container, asObj(data.securityContext), wanted.security)],
  ];
  const step = (isMap(root) && stepOf(yaml, root)) || 2;
  const missing: Record<string, Value> = {};
  for (const [key, want] of wants) {
    if (isMap(root) && yaml.pair(root, key)) ensureMapping(yaml, root, { [key]: want }, data, step);
    else missing[key] = applyWant(undefined, want)!;
  }
  if (Object.keys(missing).length > 0) addKeys(yaml, root, missing, step);
  return yaml.result();
}

/** Keys values.yaml lacks, after its last one at its own column (or in its flow mapping), else at the end of the file. */
function addKeys(yaml: YamlText, root: Node | null, missing: Record<string, Value>, step: number) {
  const lines = Object.entries(missing).flatMap(([key, value]) => blockLines(key, value, step));
  if (!isMap(root)) return yaml.appendLines(lines);
  if (root.flow && root.items.length === 0) return yaml.replace(root, flowText(missing));
  if (root.flow) return Object.entries(missing).forEach(([key, value]) => yaml.insertPair(root, key, value, step));
  const last = root.items.at(-1)!;
  // The key's line's indentation: a key's column leaves out an anchor or tag written before it (`&a key:`).
  const column = /^ */.exec(yaml.lineText(last.key as Node))![0].length;
  yaml.insertLinesAfter((last.value ?? last.key) as Node, column, lines);
}
