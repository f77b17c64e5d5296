#!/usr/bin/env bash
# npm packages for the run, lint, typecheck and test commands: `npm ci` only when the lockfile changed since
# the last install. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.mwaa-agent-lock-stamp
if [[ ! -f $stamp ]] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
