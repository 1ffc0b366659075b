// Where this project's advice differs from the peer linters' (the rules each rule's `peers` names),
// and which finding to follow: the last section of the rules page (rules-page.ts). Sources:
// kube-score `score/security`, checkov `checkov/kubernetes/checks`, aquasecurity/trivy-checks
// `checks/kubernetes`, stackrox/kube-linter `pkg/templates/runasnonroot`, FairwindsOps/polaris
// `checks/insecureCapabilities.yaml`, KICS query aa93e17f-b6db-4162-9334-c70334e7ac28 (Chown Flag Exists).

/** Markdown paragraphs, one list item each; rule IDs link to their sections. */
export const PEER_DIFFERENCES: readonly string[] = [
  '- **A UID and GID above 10000.** kube-score `container-security-context-user-group-id`, checkov `CKV_K8S_40` and ' +
    'Trivy `KSV020`/`KSV021` want runAsUser and runAsGroup of 10000 or more (Trivy: above 10000), so that a container UID never equals a ' +
    "host account's. On the cluster this project agrees: the manifests it writes run as 10001:10001, the IDs the " +
    "cluster image is built with. On a developer's machine it does the opposite on purpose: the dev image's user " +
    "has the host user's UID (1000, 1500, 501…), because a bind mount shows the container's files by their numeric " +
    'IDs and only a matching UID makes them yours. Those linters read manifests, not compose files; when they flag ' +
    'a low UID in a manifest, follow them (`yo nonroot` writes 10001). `--id-strategy fixed` runs the manifests as ' +
    'the fixed IDs: pick IDs above 10000 there, or silence the peer rule for them.',
  "- **OpenShift: no runAsUser, and group 0.** kube-score's user-group-id check and checkov `CKV_K8S_40` flag a pod " +
    'without runAsUser, kube-linter `run-as-non-root` one without a non-zero runAsGroup, and Trivy `KSV116` (formerly ' +
    "`KSV029`) a root group. OpenShift's restricted-v2 assigns the UID and fsGroup from the namespace's range, runs " +
    'the pod with group 0 and refuses a fixed ID outside the range, so under `--id-strategy arbitrary` the manifests ' +
    "set only `runAsNonRoot: true` and the image keeps its writable paths group 0's. Follow " +
    '[NR509](#nr509-fixed-ids-on-openshift) for OpenShift manifests and silence those peer rules there; never add ' +
    '`runAsGroup: 0` to quiet them.',
  '- **`COPY --chown`.** KICS "Chown Flag Exists" flags every `COPY --chown`: it wants every file root-owned. ' +
    '[NR106](#nr106-copy-without-chown) asks for `--chown` only on copies into the folders the user writes (the ' +
    "workspace, its home, the app's folders), never into system paths, and [NR107](#nr107-chown-recursive) flags " +
    'the alternative, `RUN chown -R` after the copy, which stores every file it touches a second time in a new layer. ' +
    'Follow NR106 for what the app writes; for what it must not (binaries in /usr/local/bin) a plain `COPY` is what ' +
    'both want, and NR106 does not ask for `--chown` there.',
  '- **A named USER.** hadolint `DL3002`, Trivy `DS002`, checkov `CKV_DOCKER_8` and dockle `CIS-DI-0001` pass ' +
    '`USER app`: it is not root. [NR102](#nr102-named-user) and [NR501](#nr501-kubelet-refuses-image-user) do not: ' +
    'the kubelet refuses runAsNonRoot over a USER it cannot read as a number, and no peer follows a manifest to the ' +
    'image it runs. Follow them for an image that goes to Kubernetes.',
  '- **`drop: [all]`.** Polaris `insecureCapabilities` accepts `ALL` in any case; the Pod Security admission accepts ' +
    'only upper-case `ALL`, and so does [NR504](#nr504-capabilities-not-dropped). Follow NR504.',
];
