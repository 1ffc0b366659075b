#!/usr/bin/env bash
# Installs rootless Podman (Debian 12: 4.3.1) for the end-to-end tests that run as a throwaway
# unprivileged host user. Only the install needs root: everything else (storage, runtime dir,
# the API socket) belongs to that user and is set up by the tests themselves.
#
#   scripts/lab/podman.sh   install when missing, then print the version
set -euo pipefail

log() { printf 'lab: %s\n' "$*" >&2; }

# uidmap: newuidmap/newgidmap, without which rootless Podman cannot map /etc/subuid ranges.
# slirp4netns, fuse-overlayfs, catatonit: what Podman expects for rootless networking, storage
# and --init (here containers still need --network none, and storage falls back to vfs).
# --no-install-recommends: the other recommends (buildah, dbus-user-session) are not needed.
packages=(podman uidmap slirp4netns fuse-overlayfs catatonit)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    log "missing ${missing[*]} and only root can install them; run: apt-get install --no-install-recommends ${missing[*]}"
    exit 1
  fi
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# `podman --version`, not `podman version`: the latter initializes root's storage under
# /var/lib/containers, which nothing here uses.
log "podman: $(podman --version | sed 's/^podman version //')"
