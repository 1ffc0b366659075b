// NR203: a named volume nested in a bind mount, whose mount point the image does not create.
// Its public source is cited in `why` below.
import type { Rule } from '../rule.js';
import type { Subject } from '../subject.js';

/** Folders a Dockerfile creates: WORKDIR, VOLUME, `mkdir` in RUN, and the user block's NONROOT_DIRS. */
function createdBy(subject: Subject, dockerfile: string | undefined): string[] {
  const text = dockerfile ? subject.dockerfiles.find((d) => d.file === dockerfile)?.view.text : undefined;
  if (!text) return [];
  const found = [...text.matchAll(/^\s*(?:WORKDIR|VOLUME)\s+\[?"?([^\s"\]]+)/gim)].map((m) => m[1]);
  for (const m of text.matchAll(/\bmkdir\s+(?:-p\s+)?([^&;|\n\\]+)/g)) found.push(...m[1].trim().split(/\s+/));
  for (const m of text.matchAll(/NONROOT_DIRS="([^"]*)"/g)) found.push(...m[1].split(/\s+/));
  return found;
}

export const nestedVolumeNotInImage: Rule = {
  id: 'NR203',
  name: 'nested-volume-not-in-image',
  severity: 'warning',
  title: 'A volume nested in a bind mount, whose mount point the image does not create',
  why:
    "A named volume takes its owner from the image's folder at its mount " +
    'point on first use, and is root-owned when the image has none; nested ' +
    'in a bind mount, the daemon also creates that folder on the host as ' +
    'root (microsoft/vscode-remote-release#6669).',
  fix: '`yo nonroot --volumes <path>` pre-creates the mount point in the image owned by the user, and creates the host folder as you.',
  check: (subject) =>
    subject.composeProjects.flatMap((project) =>
      project.services.flatMap((service) =>
        service.volumes
          .filter((volume) => service.binds.some((bind) => volume.target.startsWith(`${bind.target.replace(/\/$/, '')}/`)))
          .filter((volume) => !createdBy(subject, service.build?.dockerfile).includes(volume.target))
          .map((volume) => ({
            file: volume.file,
            line: volume.line,
            message:
              `${service.name}: ${volume.name ? `volume ${volume.name}` : 'an anonymous volume'} ` +
              `at ${volume.target} sits in a bind mount and the image does not create it`,
          })),
      ),
    ),
};
