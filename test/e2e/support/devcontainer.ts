// The real Dev Containers CLI, run as a host user the way a developer runs it, and the cleanup of
// what it creates (containers labelled with the workspace, the compose project, derived images).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEVCONTAINER_CLI, run, type HostUser } from './lab.js';

export interface DevcontainerSession {
  /** `devcontainer <subcommand> --workspace-folder <dir> ...rest` as the host user. */
  cli(args: string[]): ReturnType<typeof run>;
  /** Removes the containers, compose project, volumes and images the CLI made, and the home. */
  cleanup(): void;
}

export function devcontainerSession(dir: string, host: HostUser): DevcontainerSession {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'nonroot-devc-home-'));
  fs.chownSync(home, host.uid, host.gid);
  // A build with Features leaves untagged images of its stages: those that appear during the session are its own.
  const dangling = () => run('docker', ['images', '-q', '--filter', 'dangling=true'], { check: false }).stdout.split('\n').filter(Boolean);
  const before = new Set(dangling());
  // The image the CLI's Features build tags under one name (classic builder): the session's when made during it.
  const featureContent = () => run('docker', ['images', '-q', 'dev_container_feature_content_temp'], { check: false }).stdout.trim();
  const contentBefore = featureContent();
  return {
    // Options go before exec's command: everything after it is the command's.
    cli: ([subcommand, ...rest]) =>
      run(DEVCONTAINER_CLI, [subcommand, '--workspace-folder', dir, ...rest], { user: host, env: { ...process.env, HOME: home } }),
    cleanup() {
      const ids = (args: string[]) => run('docker', args, { check: false }).stdout.split('\n').filter(Boolean);
      const containers = ids(['ps', '-aq', '--filter', `label=devcontainer.local_folder=${dir}`]);
      const projects = new Set(
        containers.flatMap((id) =>
          ids(['inspect', '-f', '{{index .Config.Labels "com.docker.compose.project"}}', id]).filter((p) => p !== '<no value>'),
        ),
      );
      const images = new Set(containers.flatMap((id) => ids(['inspect', '-f', '{{.Image}}', id])));
      // Named volumes from devcontainer.json `mounts` (source=x,type=volume) outlive the container.
      const volumes = containers.flatMap((id) =>
        ids(['inspect', '-f', '{{range .Mounts}}{{if eq .Type "volume"}}{{.Name}}\n{{end}}{{end}}', id]),
      );
      if (containers.length > 0) run('docker', ['rm', '-f', '-v', ...containers], { check: false });
      if (volumes.length > 0) run('docker', ['volume', 'rm', '-f', ...volumes], { check: false });
      for (const project of projects) {
        // The other services of a compose-based config (a database, a cache) carry no workspace label.
        const others = ids(['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`]);
        if (others.length > 0) run('docker', ['rm', '-f', '-v', ...others], { check: false });
        for (const volume of ids(['volume', 'ls', '-q', '--filter', `label=com.docker.compose.project=${project}`]))
          run('docker', ['volume', 'rm', '-f', volume], { check: false });
        for (const network of ids(['network', 'ls', '-q', '--filter', `label=com.docker.compose.project=${project}`]))
          run('docker', ['network', 'rm', network], { check: false });
        for (const image of ids(['images', '-q', '--filter', `reference=${project}*`])) images.add(image);
      }
      // The CLI's derived images (vsc-<folder>-<hash>, -uid) and the compose builds.
      for (const image of ids(['images', '-q', '--filter', `reference=vsc-${path.basename(dir).toLowerCase()}-*`])) images.add(image);
      if (images.size > 0) run('docker', ['rmi', '-f', ...images], { check: false });
      const content = featureContent();
      if (content && content !== contentBefore) run('docker', ['rmi', '-f', 'dev_container_feature_content_temp'], { check: false });
      const left = dangling().filter((id) => !before.has(id));
      if (left.length > 0) run('docker', ['rmi', '-f', ...left], { check: false });
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}
