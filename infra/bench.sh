#!/usr/bin/env bash
# Every benchmark, each side by side with the tool a user would otherwise use; figures in bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
MWAA_AGENT_SETUP_TEST=1 bash infra/setup.sh
bash bench/requirements/run.sh
bash bench/dags/run.sh
bash bench/ssh/run.sh
node --import tsx bench/mirror/run.ts
bash bench/agent/idle-rss.sh
bash bench/agent/startup.sh
bash bench/cli/run.sh
bash bench/check/run.sh
