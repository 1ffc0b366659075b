// Property-based tests (fast-check) of mergeManifest's text edits (issue 24): manifests in the
// styles people write them (several documents, block and flow, indentless lists, 2 or 4 spaces,
// comments, anchors and aliases, quoted scalars, CRLF, no final newline), and what must hold
// every time: the result parses as as many documents, its data is the independent model's, every
// byte it does not own is kept, a rerun changes nothing, and it is schema-valid and "restricted".
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { mergeHelmValues } from '../../src/app/merge/helm-values.js';
import { mergeManifest } from '../../src/app/merge/manifest.js';
import { InputError } from '../../src/core/errors.js';
import { checkRestricted } from '../../src/core/kube/restricted.js';
import type { KubeIds } from '../../src/core/kube/security.js';
import {
  byteProblems,
  effectiveContexts,
  expectedManifest,
  expectedValues,
  isOurs,
  manifestArb,
  podSpecOf,
  validateKube,
  valuesArb,
  type ManifestCase,
} from '../support/arbitraries/manifest.js';

const RUNS = Number(process.env.PROP_RUNS ?? 200);

const securityArb = fc.constantFrom<KubeIds>({ ids: { uid: 10001, gid: 10001 } }, { ids: { uid: 1500, gid: 20 } }, { arbitrary: true });
const caseArb = fc.tuple(manifestArb, securityArb);
const merge = (c: ManifestCase, security: KubeIds) => mergeManifest(c.text, 'k8s/app.yaml', { security, ours: isOurs });
const show = (c: ManifestCase, security: KubeIds, out?: string) =>
  `\n--- input ---\n${c.text}\n--- security ---\n${JSON.stringify(security)}\n--- output ---\n${out ?? '(threw)'}\n`;
const parsed = (text: string) => parseAllDocuments(text, { merge: true });
const data = (text: string) => parsed(text).map((doc) => doc.toJS({ maxAliasCount: -1 }));

/** Runs `check` and throws with the case shown when it fails. */
function holds(c: ManifestCase, security: KubeIds, out: string | undefined, check: () => void) {
  try {
    check();
  } catch (error) {
    throw new Error(`${(error as Error).message}${show(c, security, out)}`);
  }
}

describe('mergeManifest properties', () => {
  it('the generated inputs are valid YAML (sanity check of the arbitraries)', () => {
    fc.assert(
      fc.property(manifestArb, (c) => {
        for (const doc of parsed(c.text)) expect(doc.errors).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('1. the result parses, as many documents as the input, and its data is the original with exactly the owned keys set', () => {
    fc.assert(
      fc.property(caseArb, ([c, security]) => {
        let out: string | undefined;
        holds(c, security, out, () => {
          out = merge(c, security);
          const docs = parsed(out);
          expect(docs.flatMap((d) => d.errors.map((e) => e.message))).toEqual([]);
          expect(docs.length).toBe(parsed(c.text).length);
          expect(docs.map((doc) => doc.toJS({ maxAliasCount: -1 }))).toEqual(expectedManifest(c.text, security));
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('2. every byte it does not own is kept: lines, comments, CRLF, the (missing) final newline', () => {
    fc.assert(
      fc.property(caseArb, ([c, security]) => {
        const out = merge(c, security);
        holds(c, security, out, () => expect(byteProblems(c.text, out)).toEqual([]));
      }),
      { numRuns: RUNS },
    );
  });

  it('3. a rerun changes nothing, and a switch to another strategy and back runs our containers as before', () => {
    fc.assert(
      fc.property(caseArb, securityArb, ([c, security], other) => {
        const once = merge(c, security);
        holds(c, security, once, () => {
          expect(merge({ text: once }, security)).toBe(once);
          // (A container's own runAsUser that arbitrary removed stays removed: the pod's is the same.)
          const back = merge({ text: merge({ text: once }, other) }, security);
          expect(effectiveContexts(data(back))).toEqual(effectiveContexts(data(once)));
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('4. a schema-valid object stays valid, and passes "restricted" when the repo builds all its images', () => {
    fc.assert(
      fc.property(caseArb, ([c, security]) => {
        const out = merge(c, security);
        const before = data(c.text);
        holds(c, security, out, () => {
          for (const [i, object] of (data(out) as Record<string, unknown>[]).entries()) {
            // (The styles include values the API refuses, `runAsUser: "1000"`, where this merge does not own them.)
            if (validateKube(before[i]).length === 0) expect(validateKube(object)).toEqual([]);
            const pod = podSpecOf(object);
            if (!pod) continue;
            const images = ['initContainers', 'containers'].flatMap((role) =>
              ((pod[role] ?? []) as { image: string }[]).map((x) => x.image),
            );
            if (images.every(isOurs)) expect(checkRestricted(pod)).toEqual([]);
          }
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('5. each of our containers passes "restricted" with the pod it is in, images the repo does not build beside it or not', () => {
    // What `check` evaluates per container (check/kube-restricted.ts): a pod-level value the admission
    // refuses at either level (Unconfined seccomp, runAsNonRoot: false, runAsUser: 0) fails ours too.
    fc.assert(
      fc.property(caseArb, ([c, security]) => {
        const out = merge(c, security);
        holds(c, security, out, () => {
          for (const object of data(out) as Record<string, unknown>[]) {
            const pod = podSpecOf(object);
            if (!pod) continue;
            const containers = ['initContainers', 'containers'].flatMap((role) => (pod[role] ?? []) as { image: string }[]);
            for (const container of containers.filter((x) => isOurs(x.image)))
              expect(checkRestricted({ securityContext: pod.securityContext, containers: [container] })).toEqual([]);
          }
        });
      }),
      { numRuns: RUNS },
    );
  });
});

describe('mergeHelmValues properties', () => {
  const valuesCase = fc.tuple(valuesArb, securityArb);
  const mergeValues = (c: ManifestCase & { writableVolume: boolean }, security: KubeIds, text = c.text) =>
    mergeHelmValues(text, 'values.yaml', { security, writableVolume: c.writableVolume });

  it('the result parses to the model, keeps every byte it does not own (helm create’s comments too), and reruns unchanged', () => {
    fc.assert(
      fc.property(valuesCase, ([c, security]) => {
        const out = mergeValues(c, security);
        holds(c, security, out, () => {
          const doc = parsed(out)[0];
          expect(doc.errors).toEqual([]);
          expect(doc.toJS()).toEqual(expectedValues(c.text, security, c.writableVolume));
          expect(byteProblems(c.text, out)).toEqual([]);
          expect(mergeValues(c, security, out)).toBe(out);
        });
      }),
      { numRuns: RUNS },
    );
  });
});

describe('mergeManifest on broken manifests', () => {
  /** A generated manifest with a few lines broken: dropped, shifted, or their value made a list, a mapping, null or an alias. */
  const brokenArb = fc
    .tuple(manifestArb, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 5 })), { minLength: 1, maxLength: 4 }))
    .map(([c, edits]) => {
      const lines = c.text.split('\n');
      for (const [at, how] of edits) {
        const i = at % lines.length;
        const value = ['[]', '{}', 'null', '*nowhere', '[a, {b: c}]'][how - 1];
        if (how === 0) lines.splice(i, 1);
        else if (how === 5) lines[i] = ` ${lines[i]}`;
        else lines[i] = lines[i].replace(/:\s.*$/, `: ${value}`);
      }
      return { text: lines.join('\n') };
    });

  it('returns a merge or refuses with InputError (file:line, what to do), never another error', () => {
    fc.assert(
      fc.property(brokenArb, securityArb, (c, security) => {
        try {
          merge(c, security);
        } catch (error) {
          if (!(error instanceof InputError)) throw new Error(`${(error as Error).message}${show(c, security)}`);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
