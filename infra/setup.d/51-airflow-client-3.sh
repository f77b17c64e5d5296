#!/usr/bin/env bash
# The official Python REST client for Airflow 3 (apache-airflow-client 3.3.1, the release that matches Airflow
# 3.3.1's /api/v2) in .venv/airflow-client-3, for test/integration/api/airflow-client-3.test.ts. Idempotent:
# skipped when the stamp matches the pins and interpreter. Its models are pydantic models that refuse unknown
# enum values and wrong types, so it checks that the agent's JSON is Airflow 3's.
set -euo pipefail
# Only the tests and benchmarks need it (infra/test.sh and infra/bench.sh set MWAA_AGENT_SETUP_TEST=1).
[[ ${MWAA_AGENT_SETUP_TEST:-0} == 1 ]] || exit 0
cd "$(dirname "$0")/../.."

venv=.venv/airflow-client-3
python=/usr/bin/python3
pins=$(cat <<'PINS'
apache-airflow-client==3.3.1
annotated-types==0.8.0
pydantic==2.14.4
pydantic_core==2.50.5
python-dateutil==4.0.0
typing-inspection==0.4.5
typing_extensions==4.16.0
tzdata==2026.6
urllib3==2.8.0
PINS
)
want="$("$python" -c 'import sys; print(sys.version.split()[0], sys.executable)')"$'\n'"$pins"
stamp=$venv/.mwaa-agent-pins
if [[ -x $venv/bin/python ]] && [[ -f $stamp ]] && [[ "$(cat "$stamp")" == "$want" ]]; then
  exit 0
fi

"$python" -m venv --clear "$venv"
constraints=$(mktemp)
trap 'rm -f "$constraints"' EXIT
printf '%s\n' "$pins" >"$constraints"
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-input --only-binary=:all: \
  -c "$constraints" apache-airflow-client==3.3.1
printf '%s' "$want" >"$stamp"
