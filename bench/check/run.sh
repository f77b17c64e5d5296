#!/usr/bin/env bash
# `mwaa-agent check` on 1 and 1,000 DAG files beside a DagBag integrity test with Airflow 2.10.5 and 3.3.1
# (figures in bench/README.md). Needs the Airflow venvs of infra/setup.d/20-airflow.sh and 21-airflow3.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
npm run --silent build
node bench/check/check-bench.mjs
