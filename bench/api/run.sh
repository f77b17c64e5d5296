#!/usr/bin/env bash
# GET /api/v1/dags at 1,031 DAGs: mwaa-agent beside Airflow 2.10.5's webserver on the same folder (bench/api/README
# section in bench/README.md). Needs the Airflow venv (infra/setup.d/20-airflow.sh). BENCH_CALLS=N: calls for RSS.
set -euo pipefail
cd "$(dirname "$0")/../.."
MWAA_AGENT_SETUP_TEST=1 bash infra/setup.d/20-airflow.sh
npm run build >/dev/null
node bench/api/dag-list-bench.mjs
