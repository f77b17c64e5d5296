#!/usr/bin/env bash
# boto3/botocore (the latest release when this was written) in .venv/boto3-latest, for
# test/integration/mwaa-api: Debian's AWS CLI 2.9 predates `aws mwaa invoke-rest-api` (2024), so the test calls
# InvokeRestApi through boto3, whose botocore also carries MWAA's service model (botocore/data/mwaa/*/service-2.json)
# that agent/mwaa-api follows. Idempotent: skipped when the stamp matches the pins and interpreter.
set -euo pipefail
# Only the tests and benchmarks need it (infra/test.sh and infra/bench.sh set MWAA_AGENT_SETUP_TEST=1).
[[ ${MWAA_AGENT_SETUP_TEST:-0} == 1 ]] || exit 0
cd "$(dirname "$0")/../.."
source infra/lib/progress.sh

venv=.venv/boto3-latest
python=/usr/bin/python3
pins=$(cat <<'PINS'
boto3==1.44.18
PINS
)
want="$("$python" -c 'import sys; print(sys.version.split()[0], sys.executable)')"$'\n'"$pins"
stamp=$venv/.mwaa-agent-pins
if [[ -x $venv/bin/python ]] && [[ -f $stamp ]] && [[ "$(cat "$stamp")" == "$want" ]]; then
  exit 0
fi
install() {
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input --only-binary=:all: $pins
}
step setup "boto3 (latest) into $venv (InvokeRestApi in the MWAA API test)" install
printf '%s' "$want" >"$stamp"
