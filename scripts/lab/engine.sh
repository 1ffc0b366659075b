#!/usr/bin/env bash
# Makes a Docker engine and Compose v2 answer on this machine, for the project's own tests.
#
# Why a script: CI runs on a fresh Debian 12 VM with only a Docker *client*; the engine, the
# Compose v2 plugin and the offline base images have to come from the project itself.
# Reruns are cheap: each step checks whether its result is already there.
#
#   scripts/lab/engine.sh          engine + compose (installs only when running as root)
#   scripts/lab/engine.sh --check  exit 0 when an engine and compose answer, 1 otherwise
set -euo pipefail

log() { printf 'lab: %s\n' "$*" >&2; }

engine_answers() { timeout 10 docker info >/dev/null 2>&1; }
compose_answers() { docker compose version >/dev/null 2>&1; }

if [ "${1:-}" = --check ]; then
  engine_answers && compose_answers
  exit
fi

need_root() {
  if [ "$(id -u)" != 0 ]; then
    log "$1 is missing and only root can install it; install Docker Engine and Compose v2, then rerun."
    exit 1
  fi
}

apt_updated=
apt_install() {
  [ -n "$apt_updated" ] || { apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

start_engine() {
  if ! command -v dockerd >/dev/null; then
    need_root "dockerd"
    log "installing Debian's docker.io"
    apt_install docker.io
  fi
  log "starting dockerd (log: /tmp/dockerd.log)"
  # No systemd here: start it detached so it outlives this script.
  setsid dockerd >/tmp/dockerd.log 2>&1 < /dev/null &
  for _ in $(seq 1 60); do
    engine_answers && return 0
    sleep 1
  done
  log "dockerd did not answer within 60 s; see /tmp/dockerd.log"
  tail -n 20 /tmp/dockerd.log >&2 || true
  exit 1
}

# Debian 12 packages only Compose v1; the v2 plugin is a static binary inside trixie's
# docker-compose package. Fetch that one .deb with a throwaway apt state so the system's
# sources stay bookworm-only.
install_compose() {
  need_root "docker compose (v2)"
  log "installing the Compose v2 plugin from trixie's docker-compose package"
  local d o
  d=$(mktemp -d)
  mkdir -p "$d/lists/partial"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main" >"$d/sources.list"
  o="-oDir::Etc::SourceList=$d/sources.list -oDir::Etc::SourceParts=/dev/null -oDir::State::Lists=$d/lists"
  # shellcheck disable=SC2086
  apt-get $o update -qq
  # shellcheck disable=SC2086
  (cd "$d" && apt-get $o download -qq docker-compose)
  dpkg-deb --fsys-tarfile "$d"/docker-compose_*.deb | tar -x -C "$d" ./usr/libexec/docker/cli-plugins/docker-compose
  install -D -m 0755 "$d/usr/libexec/docker/cli-plugins/docker-compose" /usr/libexec/docker/cli-plugins/docker-compose
  rm -rf "$d"
}

engine_answers || start_engine
compose_answers || install_compose
log "engine: $(docker version --format '{{.Server.Version}}'), $(docker compose version --short 2>/dev/null || echo 'compose ?')"
