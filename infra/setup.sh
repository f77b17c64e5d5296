#!/usr/bin/env bash
# Everything the run and test commands need, on a fresh Debian 12 / Ubuntu 24.04 machine: a check of what set-up
# cannot install itself (Node 20.19+, root for apt), Debian packages, npm packages, the TypeScript build, and
# the project-local parts of infra/setup.d/*.sh (Python virtualenvs, images). Idempotent; every long step
# prints what it does and why, then its elapsed time.
set -euo pipefail
cd "$(dirname "$0")/.."
source infra/lib/progress.sh
bash infra/check-prerequisites.sh
bash infra/setup-system.sh
bash infra/setup-npm.sh
# The build only when its inputs changed since the last one.
build_stamp=dist/.mwaa-agent-build-stamp
inputs=$( (find agent -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum; sha256sum tsconfig.json package.json package-lock.json infra/bundle.mjs) | sha256sum | cut -c1-16)
if [[ ! -f $build_stamp || $(cat "$build_stamp") != "$inputs" ]]; then
  step setup "npm run build (TypeScript → dist/)" npm run --silent build
  echo "$inputs" >"$build_stamp"
fi
for s in infra/setup.d/*.sh; do
  [[ -e $s ]] || continue
  bash "$s"
done
