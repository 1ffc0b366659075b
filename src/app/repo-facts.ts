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
  const layout = (devcontainer?: string): Layout => (model ??= readModel(repo)).layout(chooseDevcontainer(repo, devcontainer));
  return {
    devcontainers: findDevcontainers(repo),
    layout,
    user: (devcontainer) => repoUser(repo, layout(devcontainer)),
    base: (devcontainer) => baseImage(repo, layout(devcontainer)),
  };
}

/**
 * The FROM of the image the run adopts first, and whether the base image answer is used at all:
 * only a Dockerfile the run writes (a new one, or one it wrote before) starts FROM it.
 */
function baseImage(repo: Repo, layout: Layout): { from?: string; asked: boolean } {
  const dc = layout.devcontainer;
  if (dc?.kind === 'image') return { from: dc.image, asked: false };
  const services = defaultServices(layout).map((name) => serviceNamed(layout, name));
  const files = [
    ...(dc?.kind === 'dockerfile' ? [{ dockerfile: dc.dockerfile, target: dc.target }] : []),
    ...services.map((s) => (s?.build ? { dockerfile: s.build.dockerfile, target: s.build.target } : { dockerfile: 'Dockerfile' })),
  ];
  if (files.length === 0) files.push({ dockerfile: 'Dockerfile' });
  const texts = files.map((f) => ({ ...f, text: repo.read(f.dockerfile) }));
  const asked = texts.some((f) => f.text === undefined || f.text.startsWith(GENERATED));
  for (const f of texts) {
    if (f.text === undefined) continue;
    try {
      const stage = new View(f.text, f.dockerfile).stage(f.target);
      if (stage && !stage.image.includes('$')) return { from: stage.image, asked };
    } catch {
      // A Dockerfile the merge cannot read is reported there, by file and line.
    }
  }
  return { asked };
}
