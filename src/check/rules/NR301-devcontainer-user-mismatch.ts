// NR301: devcontainer.json names a user that the compose service or the image does not run as.
// Sources: devcontainers/cli, src/spec-node/containerFeatures.ts and scripts/updateUID.Dockerfile.
import { isNumericUser, isRootUser, stageUser } from '../../core/dockerfile/stage.js';
import { jsonLine } from '../../core/parse.js';
import type { Rule } from '../rule.js';
import type { DevcontainerFile, Subject } from '../subject.js';

/** `$NAME`/`${NAME}` replaced by the Dockerfile's `ARG NAME=default`; undefined when one has no default. */
function resolveArgs(text: string, user: string): string | undefined {
  const defaults = Object.fromEntries([...text.matchAll(/^\s*ARG\s+([A-Za-z_]\w*)=["']?([^"'\s]+)/gm)].map((m) => [m[1], m[2]]));
  let unknown = false;
  const out = user.replace(/\$\{?([A-Za-z_]\w*)\}?/g, (_, name: string) => defaults[name] ?? ((unknown = true), ''));
  return unknown ? undefined : out;
}

/** The user a config's container runs as, by name, where a name is known: compose `user:` or the image's USER. */
function runsAs(subject: Subject, { config, compose }: DevcontainerFile): { user: string; where: string } | undefined {
  const named = (user: string | undefined) => (user && !isNumericUser(user) && !isRootUser(user) ? user.split(':')[0] : undefined);
  const imageUser = (dockerfile: string | undefined, target: string | undefined) => {
    const built = subject.dockerfiles.find((d) => d.file === dockerfile);
    const stage = built?.view.stage(target);
    const written = built && stage ? stageUser(built.view, stage.index)?.user : undefined;
    // `USER $USERNAME` names the ARG's default (`ARG USERNAME=gopher`); a variable no default resolves names no one.
    const user = named(written && resolveArgs(built!.view.text, written));
    return user ? { user, where: `the USER of ${built!.file}` } : undefined;
  };
  if (config.kind === 'dockerfile') return imageUser(config.dockerfile, config.target);
  if (config.kind !== 'compose') return undefined;
  const service = compose?.services.find((s) => s.name === config.service);
  const user = named(service?.user);
  if (service && user) return { user, where: `${service.file} services.${service.name}.user` };
  return imageUser(service?.build?.dockerfile, service?.build?.target);
}

export const devcontainerUserMismatch: Rule = {
  id: 'NR301',
  name: 'devcontainer-user-mismatch',
  severity: 'warning',
  title: '`containerUser`/`remoteUser` disagree with the user the container runs as',
  why:
    '`containerUser` is the user for everything in the container and ' +
    '`remoteUser` for tools, terminals and lifecycle scripts; naming ' +
    'another user than the image or compose service runs as leaves files ' +
    'owned by two users (the Dev Container spec).',
  fix: '`yo nonroot` sets both to the user it creates, which the image ends as and compose runs as.',
  peers: [],
  check: (subject) =>
    subject.devcontainers.flatMap((dc) => {
      const actual = runsAs(subject, dc);
      if (!actual) return [];
      const text = subject.repo.read(dc.file) ?? '';
      return (['containerUser', 'remoteUser'] as const)
        .filter((key) => typeof dc.json[key] === 'string' && dc.json[key] !== actual.user && !isRootUser(String(dc.json[key])))
        .map((key) => ({
          file: dc.file,
          line: jsonLine(text, [key]),
          message: `"${key}": "${dc.json[key]}" but the container runs as ${actual.user} (${actual.where})`,
        }));
    }),
};
