// NR501: runAsNonRoot over an image this repo builds whose final USER the kubelet cannot verify.
// The kubelet's check and its words: kubernetes `pkg/kubelet/kuberuntime/security_context_others.go`
// (core/kube/kubelet.ts); its public source is cited in `why` below.
import { stageUser } from '../../core/dockerfile/stage.js';
import type { Built } from '../../core/kube/built.js';
import { imageUser, kubeletRunAsNonRoot } from '../../core/kube/kubelet.js';
import { pods, whereSet } from '../kube.js';
import type { Rule } from '../rule.js';
import type { Subject } from '../subject.js';

/** `Dockerfile:5`, where the built stage's last USER is. */
function userAt(subject: Subject, built: Built): string {
  const entry = subject.dockerfiles.find((d) => d.file === built.dockerfile);
  const stage = entry?.view.stage(built.target);
  const found = entry && stage ? stageUser(entry.view, stage.index) : undefined;
  return found ? `${built.dockerfile}:${found.line}` : built.dockerfile;
}

/** The kubelet's words without its `(pod: …, container: …)` tail, which names the running pod. */
const words = (message: string) => message.replace(/ \(pod: .*\)$/, '');

export const kubeletRefusesImageUser: Rule = {
  id: 'NR501',
  name: 'kubelet-refuses-image-user',
  severity: 'error',
  title: 'runAsNonRoot over an image whose USER the kubelet cannot verify (a name, or root)',
  why:
    'With runAsNonRoot and no runAsUser, the kubelet starts a container only when its image ends with a non-zero ' +
    'numeric USER; a named one (`USER app`, the default of `docker init`) is refused at every start, although the ' +
    'account is not root: "container has runAsNonRoot and image has non-numeric user (app), cannot verify user is ' +
    'non-root" (kubernetes/kubernetes#56503). Admission and the linters pass such a pod: only the image tells, so ' +
    "check follows the manifest's image to the Dockerfile that builds it.",
  fix:
    '`yo nonroot` sets runAsUser and runAsGroup to the IDs the cluster image bakes (10001:10001) and ends the ' +
    'Dockerfile with the numeric `USER ${UID}:${GID}`.',
  peers: [],
  check: (subject) =>
    // A chart whose templates read only one of its securityContexts may set runAsUser in the other.
    pods(subject)
      .filter((pod) => pod.decides.pod && pod.decides.containers)
      .flatMap((pod) =>
        pod.containers.flatMap((container) => {
          const built = container.built;
          if (!built || built.user === undefined) return []; // no USER: the base image's, not known here
          const verdict = kubeletRunAsNonRoot(pod.data, container.data, imageUser(built.user), pod.name);
          if (verdict.ok !== false || verdict.reason === 'run-as-user-root') return []; // runAsUser: 0 is NR502's
          return [
            {
              file: pod.file,
              line: whereSet(pod, container, 'runAsNonRoot'),
              message:
                `${pod.what}: the kubelet refuses container ${container.name}: "${words(verdict.message)}" ` +
                `(${container.image} is built by ${userAt(subject, built)}, USER ${built.user})`,
            },
          ];
        }),
      ),
};
