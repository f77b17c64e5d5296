#!/usr/bin/env bash
# Builds mwaa-agent/postgres:15 (Debian's postgresql-15, for infra/compose.scale.yaml) FROM mwaa-agent/debian:bookworm.
# Skipped when the image carries the same input hash.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

DEBIAN_IMAGE=${MWAA_AGENT_DEBIAN_IMAGE:-mwaa-agent/debian:bookworm}
IMAGE=${MWAA_AGENT_POSTGRES_IMAGE:-mwaa-agent/postgres:15}

ensure_dockerd
base_id=$(docker image inspect -f '{{.Id}}' "$DEBIAN_IMAGE")
hash=$(input_hash "$0" "$IMAGES_DIR"/postgres/* "$base_id")
if image_current "$IMAGE" "$hash"; then log "$IMAGE is current"; exit 0; fi
log "docker build -> $IMAGE"
docker_build --label "$HASH_LABEL=$hash" --build-arg "DEBIAN_IMAGE=$DEBIAN_IMAGE" -t "$IMAGE" "$IMAGES_DIR/postgres" >/dev/null
log "built $IMAGE ($(docker image inspect -f '{{.Size}}' "$IMAGE" | numfmt --to=iec))"
