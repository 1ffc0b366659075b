// Filling a Helm chart's values.yaml with the securityContext this project owns (pure, text in and
// text out): `podSecurityContext` (the pod's, as `helm create`'s templates/deployment.yaml renders
// it) and `securityContext` (its container's), with the values the manifests get (security.ts).
// `helm create` writes each as `{}` with the real values commented out below it
// (https://github.com/helm/helm/issues/5880): the `{}` becomes a block mapping of ours, the
// comments stay where they are. A key the file lacks is added at its end. Everything else is kept
// byte for byte, and a rerun changes nothing. The templates are never edited: they are Go
// templates, not YAML.
import { isMap, type Node } from 'yaml';
import { securityContexts, type KubeIds } from '../../core/kube/security.js';
import { YamlText } from '../../core/text/yaml.js';
import { applyWant, ensureMapping, stepOf, type WantMap } from '../../core/text/yaml-fill.js';
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
  const data = asObj(yaml.doc.toJS({ maxAliasCount: -1 }));
  const values = securityContexts(wanted.security, { writableVolume: wanted.writableVolume });
  const wants: [string, WantMap][] = [
    ['podSecurityContext', podWant(values.pod, asObj(data.podSecurityContext), wanted.security)],
    ['securityContext', containerWant(values.container, asObj(data.securityContext), wanted.security)],
  ];
  const step = (isMap(root) && stepOf(yaml, root)) || 2;
  const missing: string[] = [];
  for (const [key, want] of wants) {
    if (isMap(root) && yaml.pair(root, key)) ensureMapping(yaml, root, { [key]: want }, data, step);
    else missing.push(...blockLines(key, applyWant(undefined, want) as Value, step));
  }
  if (missing.length > 0) yaml.appendLines(missing);
  return yaml.result();
}
