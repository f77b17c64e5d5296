#!/usr/bin/env bash
# `npm run image` (after infra/image.sh's set-up) and the test set-up: starts dockerd if needed, builds the
# local base images when missing or stale (Debian from debootstrap, Node 22, sshd target, LocalStack 4.14.0),
# then mwaa-agent:local.
#   --bases-only   stop after the base images (the container test builds mwaa-agent itself)
# Every step is cached by an input-hash label, so a warm run takes seconds.
set -euo pipefail
dir="$(cd "$(dirname "$0")" && pwd)"
source "$dir/lib.sh"
ensure_dockerd
start=$SECONDS
bash "$dir/debian-base.sh" bookworm
# LocalStack's pip install is network-bound; let it overlap the Node builds.
bash "$dir/localstack.sh" & ls_pid=$!
bash "$dir/node-base.sh"
bash "$dir/sshd.sh"
wait "$ls_pid"
if [[ ${1:-} != --bases-only ]]; then
  bash "$dir/agent-image.sh"
  # Only infra/compose.scale.yaml uses it (the tests run Debian's postgresql on the host).
  bash "$dir/postgres.sh"
fi
# Superseded builds of these images (untagged, carrying our label) only take disk space.
docker image prune -f --filter "label=$HASH_LABEL" >/dev/null
log "images ready in $(elapsed $((SECONDS - start)))"
