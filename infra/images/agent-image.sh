#!/usr/bin/env bash
# Builds mwaa-agent:local from infra/Dockerfile on the local Node 22 bases. Skipped when the image carries the
# same input hash (sources, manifests, Dockerfile and base image ids).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

IMAGE=${MWAA_AGENT_IMAGE:-mwaa-agent:local}
NODE_IMAGE=${MWAA_AGENT_NODE_IMAGE:-mwaa-agent/node:22}
NODE_BUILD_IMAGE=${MWAA_AGENT_NODE_BUILD_IMAGE:-mwaa-agent/node-build:22}

ensure_dockerd
ctx=$(mktemp -d /var/tmp/mwaa-agent-ctx.XXXXXX)
trap 'rm -rf "$ctx"' EXIT
ctx_hash=$(bash "$IMAGES_DIR/agent-context.sh" "$ctx")
bases=$(docker image inspect -f '{{.Id}}' "$NODE_IMAGE" "$NODE_BUILD_IMAGE")
hash=$(input_hash "$ctx_hash" "$bases")
if image_current "$IMAGE" "$hash"; then log "$IMAGE is current"; exit 0; fi
log "docker build -f infra/Dockerfile -> $IMAGE (npm ci + native addons + tsc; a few minutes when cold)"
docker_build --label "$HASH_LABEL=$hash" --build-arg "NODE_IMAGE=$NODE_IMAGE" \
  --build-arg "NODE_BUILD_IMAGE=$NODE_BUILD_IMAGE" -f "$ctx/infra/Dockerfile" -t "$IMAGE" "$ctx"
log "built $IMAGE ($(docker image inspect -f '{{.Size}}' "$IMAGE" | numfmt --to=iec))"
