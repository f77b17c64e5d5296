#!/usr/bin/env bash
# CLI start-up per command beside `node -e 0` and `airflow version` (figures in bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
npm run --silent build
node bench/cli/startup-bench.mjs
