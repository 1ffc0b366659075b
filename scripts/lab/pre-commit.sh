#!/usr/bin/env bash
# Makes Debian's `pre-commit` answer on this machine, for the test that runs this repo's
# .pre-commit-hooks.yaml the way users will (test/e2e/pre-commit.e2e.ts).
#
# Why Debian's package: CI is a fresh Debian 12 VM with no PyPI; bookworm ships pre-commit 3.0.4,
# with nodeenv and virtualenv as packages too. Reruns are cheap: an installed pre-commit is kept.
#
#   scripts/lab/pre-commit.sh          install pre-commit (only when running as root)
#   scripts/lab/pre-commit.sh --check  exit 0 when pre-commit answers, 1 otherwise
set -euo pipefail

log() { printf 'lab: %s\n' "$*" >&2; }

pre_commit_answers() { pre-commit --version >/dev/null 2>&1; }

if [ "${1:-}" = --check ]; then
  if pre_commit_answers; then exit 0; else exit 1; fi
fi

if ! pre_commit_answers; then
  if [ "$(id -u)" != 0 ]; then
    log "pre-commit is missing and only root can install it; install Debian's pre-commit package (apt-get install pre-commit), then rerun."
    exit 1
  fi
  log "installing Debian's pre-commit"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends pre-commit >/dev/null
  pre_commit_answers || { log "pre-commit was installed but does not answer (pre-commit --version)"; exit 1; }
fi
log "pre-commit: $(pre-commit --version)"
