#!/usr/bin/env bash
# Builds offline stand-ins for the base images users really build on, under the project's own
# tags (never `ubuntu:24.04` etc.: on a laptop that would shadow the real image). No registry is
# reachable on CI, so each is made from Debian's packages:
#
#   nonroot-lab/debian:trixie          plain Debian (debootstrap minbase), like debian:trixie-slim
#   nonroot-lab/debian-uid1000:trixie  a user already at 1000:1000, like ubuntu:24.04 and node:*
#   nonroot-lab/busybox:1.35           Alpine-like userland: adduser/addgroup applets,
#                                      CONFIG_LAST_ID=256000, dialout at GID 20
#   nonroot-lab/distroless:latest      distroless-like: no /bin/sh, `nonroot` at 65532, BusyBox
#                                      under /busybox/ only (as distroless :debug) for test probes
#   nonroot-lab/node:trixie            like node:*: `node` at 1000:1000, node and npm in /usr/local
#                                      (this machine's own, copied in)
#   nonroot-lab/python:trixie          like python:*: python3 with pip and adduser, and no
#                                      EXTERNALLY-MANAGED marker (the official images have none:
#                                      pip runs as root)
#
# Reruns reuse any tag that exists. Needs root the first time (debootstrap, apt-get source).
set -euo pipefail

log() { printf 'lab: %s\n' "$*" >&2; }
have_image() { docker image inspect "$1" >/dev/null 2>&1; }

CACHE=${NONROOT_LAB_CACHE:-/var/cache/nonroot-lab}
MIRROR=http://deb.debian.org/debian
mkdir -p "$CACHE"

apt_updated=
apt_install() {
  [ -n "$apt_updated" ] || { apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# debootstrap_image TAG CMD [PACKAGES]: a Debian trixie minbase rootfs (with PACKAGES) imported as TAG.
debootstrap_image() {
  local tag=$1 cmd=$2 packages=${3:-} root log=$CACHE/debootstrap-${1//[^a-z]/_}.log
  have_image "$tag" && return 0
  command -v debootstrap >/dev/null || apt_install debootstrap
  log "debootstrap trixie for $tag (about a minute)"
  root=$(mktemp -d)
  debootstrap --variant=minbase ${packages:+--include=$packages} trixie "$root" "$MIRROR" >"$log" 2>&1 \
    || { tail -n 20 "$log" >&2; exit 1; }
  # The official python images have no EXTERNALLY-MANAGED marker: pip installs as root there.
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/lib/python3*/EXTERNALLY-MANAGED
  chmod 755 "$root" # mktemp made it 0700; real images have 0755 (Podman shows the difference)
  tar -C "$root" -c . | docker import -c "CMD [\"$cmd\"]" - "$tag" >/dev/null
  rm -rf "$root"
}

debian_image() { debootstrap_image nonroot-lab/debian:trixie /bin/bash; }
# Like python:*-slim, which is Debian slim with adduser (Django-style Dockerfiles call it). A tag
# made before adduser was in the list is made again.
python_image() {
  local tag=nonroot-lab/python:trixie
  if have_image "$tag" && ! docker run --rm --entrypoint /bin/sh "$tag" -c 'test -x /usr/sbin/adduser'; then
    log "$tag has no adduser: making it again"
    docker rmi -f "$tag" >/dev/null
  fi
  debootstrap_image "$tag" python3 python3-pip,python3-venv,adduser
}

uid1000_image() {
  local tag=nonroot-lab/debian-uid1000:trixie
  have_image "$tag" && return 0
  log "building $tag"
  # Exactly what ubuntu:24.04 ships: user `ubuntu` and group `ubuntu`, both at 1000.
  printf 'FROM nonroot-lab/debian:trixie\nRUN groupadd -g 1000 ubuntu && useradd -l -m -u 1000 -g 1000 -s /bin/bash ubuntu\n' \
    | DOCKER_BUILDKIT=0 docker build -q -t "$tag" - >/dev/null
}

# Debian's busybox-static lacks the adduser/addgroup applets, so build 1.35 from Debian's
# source package with Alpine's settings.
busybox_binary() {
  local bin=$CACHE/busybox d o src
  [ -x "$bin" ] && return 0
  apt_install build-essential dpkg-dev
  log "building BusyBox from Debian's source (about 3 minutes)"
  d=$(mktemp -d)
  mkdir -p "$d/lists/partial"
  echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $MIRROR bookworm main" >"$d/sources.list"
  o="-oDir::Etc::SourceList=$d/sources.list -oDir::Etc::SourceParts=/dev/null -oDir::State::Lists=$d/lists"
  # shellcheck disable=SC2086
  apt-get $o update -qq
  # shellcheck disable=SC2086
  (cd "$d" && apt-get $o source --download-only -qq busybox >/dev/null && dpkg-source -x --skip-patches busybox_*.dsc src >/dev/null)
  src=$d/src
  (
    cd "$src"
    make defconfig >/dev/null
    sed -i -e 's/^# CONFIG_STATIC is not set/CONFIG_STATIC=y/' \
      -e 's/^CONFIG_TC=y/# CONFIG_TC is not set/' \
      -e 's/^CONFIG_LAST_ID=.*/CONFIG_LAST_ID=256000/' .config
    # yes dies of SIGPIPE when oldconfig stops reading; that is not a failure.
    { yes '' || true; } | make oldconfig >/dev/null
    make -j"$(nproc)" busybox >"$CACHE/busybox-build.log" 2>&1 || { tail -n 30 "$CACHE/busybox-build.log" >&2; exit 1; }
  )
  install -m 0755 "$src/busybox" "$bin"
  rm -rf "$d"
}

# Links every applet to the binary at $2 inside rootfs $1, under directory $3 (default: by applet path).
link_applets() {
  local root=$1 target=$2 flat=${3:-} applet
  for applet in $("$CACHE/busybox" --list-full); do
    if [ -n "$flat" ]; then
      ln -sf "$target" "$root/$flat/$(basename "$applet")"
    else
      mkdir -p "$root/$(dirname "$applet")"
      [ -e "$root/$applet" ] || ln -s "$target" "$root/$applet"
    fi
  done
}

busybox_image() {
  local tag=nonroot-lab/busybox:1.35 root
  have_image "$tag" && return 0
  busybox_binary
  log "building $tag"
  root=$(mktemp -d)
  mkdir -p "$root"/{bin,etc,root,home} "$root/tmp"
  chmod 1777 "$root/tmp"
  install -m 0755 "$CACHE/busybox" "$root/bin/busybox"
  link_applets "$root" /bin/busybox
  # Alpine's accounts, trimmed: the GIDs users collide with (20 dialout, 100 users) are there.
  cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
daemon:x:2:2:daemon:/sbin:/sbin/nologin
nobody:x:65534:65534:nobody:/:/sbin/nologin
EOF
  cat >"$root/etc/group" <<'EOF'
root:x:0:root
daemon:x:2:root,daemon
dialout:x:20:root
users:x:100:
nogroup:x:65533:
nobody:x:65534:
EOF
  printf 'root:*::0:::::\ndaemon:!::0:::::\nnobody:!::0:::::\n' >"$root/etc/shadow"
  chmod 0640 "$root/etc/shadow"
  chmod 755 "$root" # as in debootstrap_image: Podman keeps a 0700 root and non-root users fail
  tar -C "$root" -c . | docker import -c 'CMD ["/bin/sh"]' - "$tag" >/dev/null
  rm -rf "$root"
}

shellless_image() {
  local tag=nonroot-lab/distroless:latest root
  have_image "$tag" && return 0
  busybox_binary
  log "building $tag"
  root=$(mktemp -d)
  mkdir -p "$root"/{etc,busybox,home/nonroot,root} "$root/tmp"
  chmod 1777 "$root/tmp"
  chown 65532:65532 "$root/home/nonroot"
  install -m 0755 "$CACHE/busybox" "$root/busybox/busybox"
  link_applets "$root" /busybox/busybox busybox
  # distroless/static's accounts.
  cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
EOF
  printf 'root:x:0:\nnobody:x:65534:\ntty:x:5:\nstaff:x:50:\nnonroot:x:65532:\n' >"$root/etc/group"
  chmod 755 "$root"
  tar -C "$root" -c . | docker import - "$tag" >/dev/null
  rm -rf "$root"
}

node_image() {
  local tag=nonroot-lab/node:trixie ctx node npm
  have_image "$tag" && return 0
  node=$(command -v node) && npm=$(npm root -g)/npm || { log "node_image: node and npm must be on PATH"; exit 1; }
  log "building $tag (with node $(node --version) and npm $(npm --version) from this machine)"
  ctx=$(mktemp -d)
  cp "$(readlink -f "$node")" "$ctx/node"
  cp -r "$npm" "$ctx/npm"
  printf '%s\n' \
    'FROM nonroot-lab/debian:trixie' \
    'RUN groupadd -g 1000 node && useradd -l -m -u 1000 -g 1000 -s /bin/bash node' \
    'COPY node /usr/local/bin/node' \
    'COPY npm /usr/local/lib/node_modules/npm' \
    'RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm' \
    'CMD ["node"]' >"$ctx/Dockerfile"
  DOCKER_BUILDKIT=0 docker build -q -t "$tag" "$ctx" >/dev/null
  rm -rf "$ctx"
}

debian_image
uid1000_image
node_image
python_image
busybox_image
shellless_image
log "base images: $(docker image ls --format '{{.Repository}}:{{.Tag}}' 'nonroot-lab/*' | sort | tr '\n' ' ')"
