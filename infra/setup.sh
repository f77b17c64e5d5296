#!/usr/bin/env bash
# Everything the run and test commands need, on a fresh Debian 12 machine: Debian packages, npm packages,
# the TypeScript build, and the project-local Python virtualenvs (infra/setup.d/*.sh). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
bash infra/setup-system.sh
bash infra/setup-npm.sh
npm run --silent build
for s in infra/setup.d/*.sh; do
  [[ -e $s ]] || continue
  bash "$s"
done
