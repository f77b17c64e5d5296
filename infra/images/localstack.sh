#!/usr/bin/env bash
# Builds mwaa-agent/localstack:4.14.0-r2 FROM mwaa-agent/debian:trixie (Python 3.13) with LocalStack from PyPI:
# the S3/SQS of the integration tests and of infra/compose.yaml. Skipped when the image carries the same input
# hash. The -rN suffix is our build's revision: bump it whenever the Dockerfile changes, so worktrees that still
# build an older revision do not overwrite each other's image under one tag.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

LOCALSTACK_VERSION=${MWAA_AGENT_LOCALSTACK_VERSION:-4.14.0}
DEBIAN_IMAGE=mwaa-agent/debian:trixie
IMAGE=${MWAA_AGENT_LOCALSTACK_IMAGE:-mwaa-agent/localstack:$LOCALSTACK_VERSION-r2}

ensure_dockerd
bash "$IMAGES_DIR/debian-base.sh" trixie
base_id=$(docker image inspect -f '{{.Id}}' "$DEBIAN_IMAGE")
hash=$(input_hash "$0" "$IMAGES_DIR/localstack/Dockerfile" "$IMAGES_DIR/localstack/constraints.txt" "$LOCALSTACK_VERSION" "$base_id")
if image_current "$IMAGE" "$hash"; then log "$IMAGE is current"; exit 0; fi

ctx=$(mktemp -d /var/tmp/mwaa-agent-localstack.XXXXXX)
trap 'rm -rf "$ctx"' EXIT
cp "$IMAGES_DIR/localstack/Dockerfile" "$IMAGES_DIR/localstack/constraints.txt" "$ctx/"
stage_extra_cas "$ctx/ca"
log "docker build -> $IMAGE (pip install localstack-core[runtime]==$LOCALSTACK_VERSION; minutes when cold)"
docker_build --label "$HASH_LABEL=$hash" --build-arg "DEBIAN_IMAGE=$DEBIAN_IMAGE" \
  --build-arg "LOCALSTACK_VERSION=$LOCALSTACK_VERSION" -t "$IMAGE" "$ctx" >/dev/null
log "built $IMAGE ($(docker image inspect -f '{{.Size}}' "$IMAGE" | numfmt --to=iec))"
