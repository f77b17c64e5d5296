#!/usr/bin/env bash
# Stages the build context of infra/Dockerfile in folder $1 (created; must not exist or be empty): only what the
# image needs (package manifests, tsconfig, agent sources, the Dockerfile and the bundle step, extra CA roots), so a build never
# ships node_modules, .venv or local state to the engine. Prints the context's content hash on stdout.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ctx=${1:?usage: agent-context.sh DIR}
mkdir -p "$ctx/infra/images/ca"
cp "$REPO_DIR/package.json" "$REPO_DIR/package-lock.json" "$REPO_DIR/tsconfig.json" "$ctx/"
cp -r "$REPO_DIR/agent" "$ctx/agent"
cp "$REPO_DIR/infra/Dockerfile" "$REPO_DIR/infra/bundle.mjs" "$ctx/infra/"
cp "$IMAGES_DIR/ca/README.md" "$ctx/infra/images/ca/"
stage_extra_cas "$ctx/infra/images/ca"
(cd "$ctx" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16
