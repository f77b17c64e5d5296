#!/usr/bin/env bash
# npm packages for the run, lint, typecheck and test commands: `npm ci` only when the lockfile changed since
# the last install. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
source infra/lib/progress.sh
stamp=node_modules/.mwaa-agent-lock-stamp
if [[ ! -f $stamp ]] || ! cmp -s package-lock.json "$stamp"; then
  step setup "npm ci (the npm packages; better-sqlite3 compiles from source when no prebuilt binary can be fetched: about 3 min on 2 cores)" \
    npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
