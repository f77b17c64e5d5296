#!/usr/bin/env bash
# The README's run command: set everything up, then run the guide's scenario and leave the agent running.
set -euo pipefail
cd "$(dirname "$0")/.."
bash infra/setup.sh
exec node --import tsx infra/demo/demo.ts
