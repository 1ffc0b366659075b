// How NR502–NR505 judge kustomize patches (core/kube/patches.ts): a patch is not a pod, so what
// it leaves out is never a finding (its base is judged for that); a value it writes that Pod
// Security "restricted" refuses overrides whatever its base says, however compliant, and is
// reported at the patch's own line, whatever image it patches: the patch is the file to fix
// (https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted).
import { readDocuments } from '../core/kube/documents.js';
import { patchSettings, type PatchSetting } from '../core/kube/patches.js';
import type { Finding } from './rule.js';
import type { Subject } from './subject.js';

/** The words the `why` of each rule that judges patches ends with. */
export const PATCHES_JUDGED =
  'A kustomize patch is judged by what it sets: a value this rule refuses overrides its base, however compliant, ' +
  "and is reported at the patch's line whatever image it patches; what a patch leaves out is its base's.";

export type PatchRule = 'NR502' | 'NR503' | 'NR504' | 'NR505';

const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : [String(value)]);

/** What each rule finds in one value a patch sets; undefined when it is fine. */
const JUDGE: Record<PatchRule, (key: string, value: unknown) => string | undefined> = {
  NR502: (key, value) =>
    (key === 'runAsUser' && value === 0) || (key === 'runAsNonRoot' && value === false) ? 'which runs it as root' : undefined,
  NR503: (key, value) =>
    // privileged implies escalation: the API refuses it beside allowPrivilegeEscalation: false
    // (kubernetes `pkg/apis/core/validation`: "cannot set `allowPrivilegeEscalation` to false and `privileged` to true").
    (key === 'allowPrivilegeEscalation' || key === 'privileged') && value === true ? 'which allows privilege escalation' : undefined,
  NR504: (key, value) => {
    if (key.startsWith('capabilities.add') && list(value).some((cap) => cap !== 'NET_BIND_SERVICE'))
      return 'which adds a capability restricted forbids';
    // A list of scalars in a securityContext has no merge strategy: the patch's replaces the base's.
    if (key === 'capabilities.drop' && !list(value).includes('ALL')) return 'which replaces the base’s drop list with one without ALL';
    return undefined;
  },
  NR505: (key, value) =>
    key === 'seccompProfile.type' && value !== 'RuntimeDefault' && value !== 'Localhost' ? 'a profile restricted refuses' : undefined,
};

const cache = new WeakMap<Subject, { file: string; setting: PatchSetting }[]>();

/** Every securityContext value the repo's kustomize patches set, each with its file. */
function settings(subject: Subject) {
  const cached = cache.get(subject);
  if (cached) return cached;
  const files = [...new Set(subject.kube.kustomizations.flatMap((k) => k.patches))].sort();
  const found = files.flatMap((file) => {
    const text = subject.repo.read(file) ?? '';
    const read = readDocuments(text, file);
    if ('skipped' in read) return []; // NR510 reports it
    return read.docs.flatMap((doc) => patchSettings(text, doc).map((setting) => ({ file, setting })));
  });
  cache.set(subject, found);
  return found;
}

export function patchFindings(subject: Subject, rule: PatchRule): Omit<Finding, 'rule'>[] {
  return settings(subject).flatMap(({ file, setting: s }) => {
    const why = JUDGE[rule](s.key, s.value);
    if (!why) return [];
    const value = typeof s.value === 'string' ? s.value : JSON.stringify(s.value);
    return [
      {
        file,
        line: s.line,
        message: `kustomize patch of ${s.what}: sets ${s.on} securityContext.${s.key}: ${value}, ${why}; it overrides the base`,
      },
    ];
  });
}
