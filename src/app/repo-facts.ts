// What the settings' defaults may ask of the repo: its Dev Container configs, the layout seen
// through one of them (read once per config), and the user it names. Pure but for reads.
import { chooseDevcontainer, findDevcontainers, readLayout, type Layout, type Repo } from '../core/layout/index.js';
import type { Facts } from './settings.js';
import { repoUser } from './users.js';

export function repoFacts(repo: Repo): Facts['repo'] {
  const layouts = new Map<string, Layout>();
  const layout = (devcontainer?: string) => {
    const file = chooseDevcontainer(repo, devcontainer);
    if (!layouts.has(file ?? '')) layouts.set(file ?? '', readLayout(repo, file));
    return layouts.get(file ?? '')!;
  };
  return { devcontainers: findDevcontainers(repo), layout, user: (devcontainer) => repoUser(repo, layout(devcontainer)) };
}
