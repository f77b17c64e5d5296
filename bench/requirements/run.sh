#!/usr/bin/env bash
# Benchmark of `mwaa-agent requirements check` on a 1,000-line file, side by side with pip's own parser.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec npx tsx bench/requirements/check-bench.ts
