#!/usr/bin/env bash
# For the container test (infra/test.sh sets MWAA_AGENT_SETUP_DOCKER=1): starts dockerd if no engine answers
# and builds the local images (Debian bases by debootstrap, Node 22, sshd, LocalStack 4.14.0, mwaa-agent:local),
# so the test's own build hits Docker's cache. Every image is skipped when its input hash is unchanged: a warm
# run takes seconds, a cold one about 6 minutes on 2 cores.
set -euo pipefail
[[ ${MWAA_AGENT_SETUP_DOCKER:-0} == 1 ]] || exit 0
cd "$(dirname "$0")/../.."
bash infra/images/build-all.sh
