// How the Pod Security "restricted" rules (NR503–NR506) walk the pods: every container of every
// workload, images the repo does not build included (the issue: they are left as they are, and
// check still reports them), checked the way the admission checks it (core/kube/restricted.ts),
// each finding in the admission's own words at the line of the key to fix.
import { checkRestricted, type RestrictedCheck, type Violation } from '../core/kube/restricted.js';
import { notOurs, pods, type Pod, type PodContainer } from './kube.js';
import type { Finding } from './rule.js';
import type { Subject } from './subject.js';

export interface RestrictedRule {
  check: RestrictedCheck;
  /** The securityContext keys the violation is about, most precise first (`capabilities.drop`, `capabilities`): its line. */
  keys: string[];
  /** Where the field can be set: a container's securityContext only, or the pod's too. */
  scope: 'container' | 'pod-or-container';
  /** A container another rule reports for this. */
  skip?: (pod: Pod, container: PodContainer) => boolean;
}

function lineOf(pod: Pod, container: PodContainer, violation: Violation, keys: string[]): number {
  const first = (at: (key: string) => number | undefined) => keys.map(at).find((line) => line !== undefined);
  return violation.pod ? (first(pod.keyLine) ?? pod.line) : (first(container.keyLine) ?? container.line);
}

export function restrictedFindings(subject: Subject, rule: RestrictedRule): Omit<Finding, 'rule'>[] {
  return pods(subject).flatMap((pod) => {
    // A chart's values decide only what its templates read; a field they could set elsewhere is not known here.
    const known = rule.scope === 'container' ? pod.decides.containers : pod.decides.pod && pod.decides.containers;
    if (!known) return [];
    return pod.containers.flatMap((container) => {
      if (rule.skip?.(pod, container)) return [];
      // One container at a time: the admission's detail then names only it, at its own line.
      const alone = { securityContext: pod.data.securityContext, containers: [container.data] };
      return checkRestricted(alone)
        .filter((v) => v.check === rule.check)
        .map((v) => ({
          file: pod.file,
          line: lineOf(pod, container, v, rule.keys),
          message:
            `${pod.what}: ${v.reason} (${v.detail})` +
            (v.containers.length > 0 && !container.ours ? notOurs(container) : '') +
            (pod.hint ? `; ${pod.hint}` : ''),
        }));
    });
  });
}

/** The words every restricted rule's `why` ends with. */
export const EVERY_WORKLOAD =
  'Reported on every workload, those of images the repo does not build too: `yo nonroot` leaves their manifests to you.';
