#!/usr/bin/env bash
# `npm run image`: what the README's container section needs, from a fresh clone, as the other commands do
# their own set-up: the prerequisite check, Debian's docker.io, debootstrap and docker-compose, a running
# dockerd, then the local images (infra/images/build-all.sh; cached by input hash, about 10 min cold on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
export MWAA_AGENT_SETUP_DOCKER=1 MWAA_AGENT_SETUP_COMPOSE=1
bash infra/check-prerequisites.sh
bash infra/setup-system.sh
bash infra/images/build-all.sh "$@"
