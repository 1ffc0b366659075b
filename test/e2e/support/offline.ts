// Makes a copy of a corpus repo buildable here, where no registry or package index answers: the
// images it names become the lab's stand-ins, and what would download at build or start time is
// taken out. Only the copy changes; the generator then adopts it like any repo. Each change is a
// test-harness substitution, listed here so a reader knows what the e2e run did not exercise.
import fs from 'node:fs';
import path from 'node:path';
import { applyEdits, modify, parse } from 'jsonc-parser';
import { parseDocument } from 'yaml';
import { listFiles } from '../../support/generate.js';

/** Image name patterns -> the lab stand-in with the same shape (a user at 1000, a language runtime). */
const STAND_INS: [RegExp, string][] = [
  [/^(mcr\.microsoft\.com\/devcontainers\/python|python)[:/@]/, 'nonroot-lab/python:trixie'],
  [/^(mcr\.microsoft\.com\/devcontainers\/(javascript|typescript)-node|node)[:/@]/, 'nonroot-lab/node:trixie'],
  [/^mcr\.microsoft\.com\/devcontainers\//, 'nonroot-lab/debian-uid1000:trixie'],
  [/distroless/, 'nonroot-lab/distroless:latest'],
  [/^(alpine|busybox)[:/@]/, 'nonroot-lab/busybox:1.35'],
];
const standIn = (image: string) => STAND_INS.find(([pattern]) => pattern.test(image))?.[1] ?? 'nonroot-lab/debian:trixie';
/** Lifecycle commands that install from the network (pip, npm, go mod) in the corpus' configs. */
const NETWORK_KEYS = ['features', 'onCreateCommand', 'updateContentCommand', 'postCreateCommand', 'postStartCommand', 'postAttachCommand'];

export function makeOffline(dir: string): void {
  for (const file of listFiles(dir)) {
    const full = path.join(dir, file);
    const text = fs.readFileSync(full, 'utf8');
    let next = text;
    if (/(^|\/)[^/]*Dockerfile[^/]*$/.test(file)) {
      // FROM <image> (not a stage of the file, not scratch); ARG-built names are replaced whole.
      const stages = new Set([...text.matchAll(/^FROM\s+.*\s+AS\s+(\S+)/gim)].map((m) => m[1].toLowerCase()));
      next = text.replace(/^(FROM\s+(?:--platform=\S+\s+)?)(\S+)/gim, (line, from, image: string) =>
        stages.has(image.toLowerCase()) || image === 'scratch' || image.startsWith('nonroot-lab/')
          ? line
          : `${from}${standIn(image.replace(/\$\{?\w+\}?/g, 'x'))}`,
      );
      // `# syntax=` makes BuildKit pull its frontend from Docker Hub; `COPY --link` needs that newer
      // frontend (the engine's built-in one refuses the flag). Neither changes who owns what.
      next = next.replace(/^# *syntax *=.*\n/im, '').replace(/^(COPY|ADD)(\s.*?)\s--link(=true)?\b/gim, '$1$2');
    } else if (/devcontainer\.json$/.test(file)) {
      const config = parse(text, [], { allowTrailingComma: true }) as Record<string, unknown>;
      for (const key of NETWORK_KEYS.filter((k) => k in config)) next = applyEdits(next, modify(next, [key], undefined, {}));
      if (typeof config.image === 'string') next = applyEdits(next, modify(next, ['image'], standIn(config.image), {}));
    } else if (/(^|\/)(docker-)?compose[^/]*\.ya?ml$/.test(file)) {
      // Services that only run an image (databases, caches): a stand-in that stays up and is healthy.
      const doc = parseDocument(text);
      const services = (doc.toJS()?.services ?? {}) as Record<string, { image?: string; build?: unknown }>;
      for (const [name, service] of Object.entries(services)) {
        if (service?.image === undefined || service.build !== undefined) continue;
        doc.setIn(['services', name, 'image'], 'nonroot-lab/debian:trixie');
        doc.setIn(['services', name, 'command'], ['sleep', 'infinity']);
        doc.setIn(['services', name, 'healthcheck'], { test: ['CMD', 'true'], interval: '1s' });
      }
      next = String(doc);
    } else if (/(^|\/)requirements[^/]*\.txt$/.test(file)) {
      next = ''; // no package index here
    }
    if (next !== text) fs.writeFileSync(full, next);
  }
}
