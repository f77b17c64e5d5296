#!/usr/bin/env bash
# The official Python REST client (apache-airflow-client 2.10.0, the release that matches Airflow 2.10's
# stable API) in .venv/airflow-client, for test/integration/api/airflow-client.test.ts. Idempotent: skipped
# when the stamp matches the pins. The client validates response models strictly, so it is the check
# that our JSON shapes are Airflow's.
set -euo pipefail
# Only the tests and benchmarks need it (infra/test.sh and infra/bench.sh set MWAA_AGENT_SETUP_TEST=1).
[[ ${MWAA_AGENT_SETUP_TEST:-0} == 1 ]] || exit 0
cd "$(dirname "$0")/../.."
source infra/lib/progress.sh

venv=.venv/airflow-client
pins=$(cat <<'PINS'
apache-airflow-client==2.10.0
python-dateutil==2.9.0.post0
six==1.17.0
urllib3==2.3.0
PINS
)
stamp=$venv/.mwaa-agent-pins
if [[ -x $venv/bin/python ]] && [[ -f $stamp ]] && [[ "$(cat "$stamp")" == "$pins" ]]; then
  exit 0
fi

constraints=$(mktemp)
trap 'rm -f "$constraints"' EXIT
printf '%s\n' "$pins" >"$constraints"
install() {
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input --only-binary=:all: \
    -c "$constraints" apache-airflow-client==2.10.0
}
step setup "apache-airflow-client 2.10.0 into $venv (the REST API conformance test)" install
printf '%s' "$pins" >"$stamp"
