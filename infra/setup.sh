#!/usr/bin/env bash
# Everything the run and test commands need, on a fresh Debian 12 machine: Debian packages, npm packages,
# the TypeScript build, and the project-local Python virtualenvs (infra/setup.d/*.sh). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
bash infra/setup-system.sh
# npm ci only when the lockfile changed since the last install.
stamp=node_modules/.mwaa-agent-lock-stamp
if [[ ! -f $stamp ]] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
npm run --silent build
for s in infra/setup.d/*.sh; do
  [[ -e $s ]] || continue
  bash "$s"
done
