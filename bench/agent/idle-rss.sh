#!/usr/bin/env bash
# Idle RSS of `mwaa-agent run` holding 1,000 DAGs, local and S3 mode, before and after 1,000 API calls, with a heap
# snapshot summary (bench/agent/idle-rss.ts says what and which variables change it).
set -euo pipefail
cd "$(dirname "$0")/../.."
npm run build >/dev/null
exec node --import tsx bench/agent/idle-rss.ts
