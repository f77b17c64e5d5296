#!/usr/bin/env bash
# SSH operator benchmark: latency (cold/warm) and throughput against a loopback OpenSSH sshd, side by side
# with the OpenSSH client and, when infra/setup.d/20-airflow.sh has built .venv/airflow, Airflow's SSHHook.
# BENCH_COLD, BENCH_WARM and BENCH_AIRFLOW_TASKS change the sample sizes.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec npx tsx bench/ssh/ssh-bench.ts
