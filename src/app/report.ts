// What the run tells the person, truthfully: which layout it found and adopted (one line per
// adopted file), what an explicit flag changed against what the repo said, what `check` says of
// the result, and what to run next.
import { audit, summary } from '../check/api.js';
import { hostScript, nestedVolumeDirs, type RenderContext } from './context.js';
import { InputError } from '../core/errors.js';
import { projectMount, serviceNamed, type Layout, type Repo } from '../core/layout/index.js';
import { HOST_IDS_SCRIPT, NONROOT_DIR } from '../core/names.js';
import { KUBE_DIR } from './kubernetes.js';
import { strategyById } from '../core/strategies/index.js';

/** One line per thing adopted from the repo, in plain words; [] for a folder with nothing to adopt. */
export function describeLayout(layout: Layout, ctx: RenderContext, exists: (file: string) => boolean): string[] {
  const lines: string[] = [];
  const { devcontainer: dc, compose } = layout;
  if (dc?.kind === 'compose')
    lines.push(`Dev Container: ${dc.file} opens the service ${dc.service} of ${dc.composeFiles.join(' + ') || 'compose.yaml'}`);
  if (dc?.kind === 'dockerfile') lines.push(`Dev Container: ${dc.file} builds ${dc.dockerfile}${dc.target ? `, stage ${dc.target}` : ''}`);
  if (dc?.kind === 'image') {
    const image = ctx.place.images.find((i) => i.baseImage === dc.image && i.idsBaked);
    lines.push(
      `Dev Container: ${dc.file} runs the image ${dc.image}; it now builds ${image?.dockerfile ?? 'a Dockerfile'} ` +
        'FROM that image, which adds your user',
    );
  }
  if (compose && ctx.place.services.length > 0) {
    const services = ctx.place.services.map((s) => {
      const build = compose.services.find((c) => c.name === s.name)?.build;
      const image = ctx.place.images.find((i) => build?.dockerfile === i.dockerfile);
      return `${s.name}${image ? ` (${image.dockerfile}${build?.target ? `, stage ${build.target}` : ''})` : ''}`;
    });
    lines.push(
      `compose: ${compose.files.join(' + ')}; these services run as you: ${services.join(', ')}; your IDs go in ${compose.envFile}`,
    );
    for (const s of ctx.place.services)
      for (const v of compose.services.find((c) => c.name === s.name)?.volumes.filter((v) => v.nocopy) ?? [])
        lines.push(
          `${v.file}:${v.line}: ${s.name}'s volume at ${v.target} no longer says nocopy: with it a new volume is root's, ` +
            "since Docker gives a volume its folder's owner only when it copies the folder in",
        );
    for (const s of ctx.place.services.filter((p) => p.sharesBuildOf))
      lines.push(`compose: ${s.name} builds the same Dockerfile as ${s.sharesBuildOf}, so it runs as you too`);
  }
  for (const image of ctx.place.images.filter((i) => exists(i.dockerfile))) {
    const stages = image.targets.map((t) => (t === undefined ? 'its last stage' : `stage ${t}`)).join(', ');
    lines.push(
      `Dockerfile: ${image.dockerfile} sets up the user in ${stages}, with ` +
        `${image.context === '.' ? '' : `${image.context}/`}${NONROOT_DIR}/create-user.sh`,
    );
  }
  if (dc && (dc.kind === 'dockerfile' || dc.kind === 'image') && ctx.devcontainer.updateRemoteUserUID && ctx.imageIds === undefined) {
    lines.push(
      `${dc.file}: a Dev Container build reads no .env, so its image user is 1000:1000, and the Dev Containers CLI ` +
        'gives it your IDs when it builds the container (updateRemoteUserUID)',
    );
  }
  if (ctx.kube && !ctx.kube.fresh) {
    const files = [...ctx.kube.manifests, ...ctx.kube.charts.map((c) => c.values)];
    lines.push(
      files.length > 0
        ? `Kubernetes: ${files.join(', ')}: the securityContext of the workloads that run an image built here`
        : 'Kubernetes: the manifests here run no image this repo builds; they are left as they are (check reports them)',
    );
  }
  return lines;
}

/** What an explicit flag changes against what the repo said: a project mount moved, the devcontainer's service. */
export function describeOverrides(layout: Layout, ctx: RenderContext): string[] {
  const dc = layout.devcontainer;
  const service = ctx.place.devcontainer.service;
  const moved =
    dc?.kind === 'compose' && service !== undefined && service !== dc.service
      ? [`--service ${service}: ${dc.file} attaches to ${service} instead of ${dc.service}`]
      : [];
  return moved.concat(
    ctx.place.services
      .filter((s) => s.mount.retarget && !s.mount.add)
      .map((s) => {
        const before = projectMount(serviceNamed(layout, s.name))?.target;
        return before !== s.mount.target
          ? `--workspace ${s.mount.target}: the project mount of ${s.name} moves from ${before} to ${s.mount.target}`
          : '';
      })
      .filter(Boolean),
  );
}

export function nextSteps(ctx: RenderContext): string {
  const { compose, services, devcontainer } = ctx.place;
  const defaultFiles = compose && compose.dir === '.' && compose.files.length <= 2 && !compose.files[0].includes('/');
  const dc = compose ? `docker compose${defaultFiles ? '' : compose.files.map((f) => ` -f ${f}`).join('')}` : '';
  const steps: [string, string][] = [];
  const mountPoints = nestedVolumeDirs(ctx);
  const prepares = [
    ...(ctx.env ? [`writes your UID/GID to ${compose!.envFile}`] : []),
    ...(mountPoints.length > 0 ? [`creates ${mountPoints.join(', ')} as you`] : []),
  ];
  if (hostScript(ctx)) steps.push([`sh ${HOST_IDS_SCRIPT}`, `in every fresh clone: ${prepares.join('; ')}`]);
  if (compose) {
    steps.push([`${dc} build`, 'builds the image with the non-root user']);
    steps.push([`${dc} run --rm ${services[0].name} id`, strategyById(ctx.strategy).idSays?.(ctx.imageIds) ?? 'prints your UID/GID']);
    steps.push(['npx generator-nonroot verify', 'or all of it at once, with the files it writes checked on this machine']);
  }
  const config =
    devcontainer.file === '.devcontainer/devcontainer.json' || devcontainer.file === '.devcontainer.json'
      ? ''
      : ` --config ${devcontainer.file}`;
  steps.push([`devcontainer up --workspace-folder .${config}`, 'or "Reopen in Container" in VS Code']);
  if (ctx.kube) {
    const who =
      'ids' in ctx.kube.security ? `its user at ${ctx.kube.security.ids.uid}:${ctx.kube.security.ids.gid}` : 'for any UID with group 0';
    steps.push([ctx.kube.clusterBuild, `the image for the cluster, ${who}; push it where your cluster pulls from`]);
    if (ctx.kube.fresh) steps.push([`kubectl apply -k ${KUBE_DIR}`, 'the manifests, which pass Pod Security "restricted"']);
  }
  const width = Math.max(...steps.map(([command]) => command.length));
  return ['Next:', ...steps.map(([command, why]) => `  ${command.padEnd(width)}  # ${why}`)].join('\n');
}

/**
 * `check`'s summary of what the run left, parts of the repo it does not own included; files the
 * user took over (`.yo-resolve`) are not read, as the run did not read them either.
 */
export function checkSummary(repo: Repo, skipped: ReadonlySet<string>): string {
  try {
    const result = audit({ ...repo, read: (file) => (skipped.has(file) ? undefined : repo.read(file)) });
    return `${summary(result)}${result.findings.length > 0 ? ' — run `generator-nonroot check` for where and why' : ''}`;
  } catch (error) {
    // A file the run leaves alone (.yo-resolve) may be one the audit cannot read: say so, do not fail.
    if (error instanceof InputError) return `check: could not read the result: ${error.problems.join('; ')}`;
    throw error;
  }
}
