#!/usr/bin/env bash
# LocalStack 4.14.0, the last community release that starts without an auth token, is the S3/SQS of the
# integration tests and benchmarks (harness/localstack.ts). It runs as a container, so the host's Python
# does not matter (LocalStack 4.14 uses Python 3.12 syntax; Debian 12 has 3.11): this builds its image,
# mwaa-agent/localstack:4.14.0-r2, from a debootstrapped Debian 13 and PyPI (infra/images/localstack.sh;
# cached by input hash: seconds when warm, a few minutes cold). Only the tests and benchmarks need it
# (infra/test.sh and infra/bench.sh set MWAA_AGENT_SETUP_TEST=1); the demo's S3 is 10-moto.sh.
set -euo pipefail
[[ ${MWAA_AGENT_SETUP_TEST:-0} == 1 ]] || exit 0
cd "$(dirname "$0")/../.."
bash infra/images/localstack.sh
