// Helm charts in the `helm create` layout (helm/helm `pkg/chartutil/create.go`): Chart.yaml,
// values.yaml with `image.repository`/`image.tag` and the `podSecurityContext` and
// `securityContext` that templates/deployment.yaml renders into the pod and its container. Helm
// writes both as `{}` with the real values as comments below (https://github.com/helm/helm/issues/5880).
// Only values.yaml is ever edited: templates/ are Go templates, read here as text only, to see
// whether they use those values at all.
import { isMap, isScalar, parseDocument, type Document, type Node } from 'yaml';
import { dataOf, type Skipped } from './documents.js';
import { listFiles, type ListingRepo } from './listing.js';
import { findManifests } from './manifests.js';
import { lineOf, pairIn } from './nodes.js';

/** How values.yaml writes one of the two securityContext values. */
export interface ChartContext {
  key: 'podSecurityContext' | 'securityContext';
  /** missing; `key:` (null); `key: {}`; a mapping with keys; anything else. */
  shape: 'missing' | 'null' | 'empty' | 'mapping' | 'other';
  value: Record<string, unknown>;
  line?: number;
  /** Comment lines right below `key: {}`, indented: helm create's commented defaults. */
  commentedDefaults: boolean;
}

export interface Chart {
  dir: string;
  name?: string;
  appVersion?: string;
  /** values.yaml's path, when the chart has one. */
  values?: string;
  image?: { repository?: string; tag?: string; line: number; ref?: string };
  podSecurityContext: ChartContext;
  securityContext: ChartContext;
  /** Whether any template reads `.Values.<key>`: filling a value no template uses changes nothing. */
  templatesUse: { podSecurityContext: boolean; securityContext: boolean };
  /** values turn on a PVC (`persistence.enabled`) or list a PVC/emptyDir volume. */
  writableVolume: boolean;
  skipped?: Skipped;
}

type Obj = Record<string, unknown>;
const asObj = (value: unknown): Obj => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {});
const join = (dir: string, name: string) => (dir === '.' ? name : `${dir}/${name}`);

function chartContext(text: string, doc: Document.Parsed | undefined, key: ChartContext['key']): ChartContext {
  const root = doc && isMap(doc.contents) ? doc.contents : undefined;
  const pair = root ? pairIn(doc!, root, key) : undefined;
  if (!pair) return { key, shape: 'missing', value: {}, commentedDefaults: false };
  const node = pair.value as Node | null;
  const line = lineOf(text, (pair.key as Node).range![0]);
  const empty = node === null || (isScalar(node) && node.value === null);
  const shape = empty ? 'null' : isMap(node) ? (node.items.length === 0 ? 'empty' : 'mapping') : 'other';
  // The lines after the key's own line, while they are indented comments.
  const after = text.split('\n').slice(line);
  const commentedDefaults = shape === 'empty' && after.length > 0 && /^\s+#/.test(after[0]);
  const data = dataOf(doc!);
  return { key, shape, value: asObj('data' in data ? asObj(data.data)[key] : undefined), line, commentedDefaults };
}

const templateText = (repo: ListingRepo, dir: string) =>
  listFiles(repo, join(dir, 'templates'))
    .filter((name) => /\.(ya?ml|tpl|txt)$/.test(name))
    .map((name) => repo.read(join(join(dir, 'templates'), name)) ?? '')
    .join('\n');

export function readChart(repo: ListingRepo, dir: string): Chart {
  const chartFile = join(dir, 'Chart.yaml');
  const chartDoc = parseDocument(repo.read(chartFile) ?? '');
  const chartData = dataOf(chartDoc);
  const meta = chartDoc.errors.length === 0 && 'data' in chartData ? asObj(chartData.data) : {};
  const valuesFile = join(dir, 'values.yaml');
  const text = repo.read(valuesFile);
  const doc = text === undefined ? undefined : parseDocument(text, { merge: true });
  const read = doc && doc.errors.length === 0 ? dataOf(doc) : undefined;
  // What does not parse, or parses to no data (`<<: ` before nothing): its line, else the first.
  const error = doc?.errors[0] ?? (read && 'error' in read ? { message: read.error, linePos: undefined } : undefined);
  const templates = templateText(repo, dir);
  const chart: Chart = {
    dir,
    name: typeof meta.name === 'string' ? meta.name : undefined,
    appVersion: meta.appVersion === undefined ? undefined : String(meta.appVersion),
    values: text === undefined ? undefined : valuesFile,
    podSecurityContext: chartContext(text ?? '', error ? undefined : doc, 'podSecurityContext'),
    securityContext: chartContext(text ?? '', error ? undefined : doc, 'securityContext'),
    templatesUse: {
      podSecurityContext: /\.Values\.podSecurityContext\b/.test(templates),
      securityContext: /\.Values\.securityContext\b/.test(templates),
    },
    writableVolume: false,
  };
  if (error) {
    chart.skipped = { file: valuesFile, line: error.linePos?.[0].line ?? 1, reason: `not valid YAML: ${error.message.split('\n')[0]}` };
    return chart;
  }
  if (!doc || text === undefined) return chart;
  const values = asObj(read && 'data' in read ? read.data : undefined);
  const image = asObj(values.image);
  if (Object.keys(image).length > 0) {
    const repository = typeof image.repository === 'string' ? image.repository : undefined;
    const tag = image.tag === undefined || image.tag === null || image.tag === '' ? undefined : String(image.tag);
    const node = isMap(doc.contents) ? pairIn(doc, doc.contents, 'image') : undefined;
    // templates/deployment.yaml: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
    const version = tag ?? chart.appVersion;
    const ref = repository === undefined ? undefined : version === undefined ? repository : `${repository}:${version}`;
    chart.image = { repository, tag, line: lineOf(text, (node?.key as Node | undefined)?.range?.[0] ?? 0), ref };
  }
  const volumes = Array.isArray(values.volumes) ? values.volumes.map(asObj) : [];
  chart.writableVolume =
    asObj(values.persistence).enabled === true || volumes.some((v) => v.persistentVolumeClaim !== undefined || v.emptyDir !== undefined);
  return chart;
}

/** Every chart in the folders manifests are searched in (and the repo root). */
export const findCharts = (repo: ListingRepo): Chart[] => findManifests(repo).charts.map((dir) => readChart(repo, dir));
