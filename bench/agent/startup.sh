#!/usr/bin/env bash
# Time to /health and to ready (/mwaa-agent/ready) of a starting agent at 1 and 1,000 DAG files, beside Airflow
# 2.10.5's webserver start (figures in bench/README.md). Needs the Airflow venv (infra/setup.d/20-airflow.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
MWAA_AGENT_SETUP_TEST=1 bash infra/setup.d/20-airflow.sh
npm run build >/dev/null
uptime
node bench/agent/startup-bench.mjs
uptime
