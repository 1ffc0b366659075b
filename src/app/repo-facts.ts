// What the settings' defaults may ask of the repo: its Dev Container configs, the layout seen
// through one of them (read once per config, from the one repo model every command reads), the
// user it names, and the base image its Dockerfiles start FROM. Pure but for reads.
import { chooseDevcontainer, defaultServices, findDevcontainers, serviceNamed, type Layout, type Repo } from '../core/layout/index.js';
import { readModel, type RepoModel } from '../core/layout/model.js';
import { View } from '../core/dockerfile/view.js';
import { GENERATED } from './merge/dockerfile.js';
import type { Facts } from './settings.js';
import { repoUser } from './users.js';

export function repoFacts(repo: Repo): Facts['repo'] {
  let model: RepoModel | undefined;
  const read = () => (model ??= readModel(repo));
  const layout = (devcontainer?: string): Layout => read().layout(chooseDevcontainer(repo, devcontainer));
  return {
    devcontainers: findDevcontainers(repo),
    layout,
    user: (devcontainer) => repoUser(repo, layout(devcontainer)),
    base: (devcontainer) => baseImage(repo, layout(devcontainer)),
    model: read,
    keepsKubernetes: () => read().kube.files.length > 0 || read().kube.charts.length > 0,
  };
}

/**
 * The FROM of the image the run adopts first, and whether the base image answer is used at all:
 * only a Dockerfile the run writes (a new one, or one it wrote before) starts FROM it.
 */
function baseImage(repo: Repo, layout: Layout): { from?: string; asked: boolean } {
  const dc = layout.devcontainer;
  // The Dev Container's own Dockerfile keeps its FROM (an image-based config's is FROM that image).
  const own = dc?.kind === 'image' ? [] : dc?.kind === 'dockerfile' ? [{ dockerfile: dc.dockerfile, target: dc.target }] : [];
  const services = defaultServices(layout).map((name) => serviceNamed(layout, name));
  const built = services.map((s) => (s?.build ? { dockerfile: s.build.dockerfile, target: s.build.target } : { dockerfile: 'Dockerfile' }));
  // No service and no Dev Container build: the run writes ./Dockerfile for its app service.
  if (built.length === 0 && !dc) built.push({ dockerfile: 'Dockerfile' });
  const asked = built.some((f) => {
    const text = repo.read(f.dockerfile);
    return text === undefined || text.startsWith(GENERATED);
  });
  if (dc?.kind === 'image') return { from: dc.image, asked };
  for (const f of [...own, ...built]) {
    const text = repo.read(f.dockerfile);
    if (text === undefined) continue;
    try {
      const stage = new View(text, f.dockerfile).stage(f.target);
      if (stage && !stage.image.includes('$')) return { from: stage.image, asked };
    } catch {
      // A Dockerfile the merge cannot read is reported there, by file and line.
    }
  }
  return { asked };
}
