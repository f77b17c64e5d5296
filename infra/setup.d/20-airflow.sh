#!/usr/bin/env bash
# Apache Airflow 2.10.5 + the SSH provider in .venv/airflow, for the DAG-parsing differential test and
# benchmark (test/integration/dags/, bench/dags/). Idempotent: skipped when the stamp matches the pins.
#
# No constraints URL is reachable from these machines, so the pins below stand in for Airflow's
# constraints-2.10.5/constraints-3.11.txt (the versions of apache/airflow:2.10.5's image). Without them
# pip picks releases Airflow 2.10 breaks on: providers that need Airflow 3, marshmallow 4, paramiko 4
# (no DSSKey, which the SSH provider reads at import), SQLAlchemy 2, Flask 3.
#
# Debian's /usr/bin/python3 (3.11), never whatever `python3` is first on PATH (another interpreter's shim on some
# machines): a user's machine has Debian's Python only. The stamp records the interpreter, so a venv built
# by another Python is rebuilt once.
set -euo pipefail
# Only the tests and benchmarks need it (infra/test.sh and infra/bench.sh set MWAA_AGENT_SETUP_TEST=1).
[[ ${MWAA_AGENT_SETUP_TEST:-0} == 1 ]] || exit 0
cd "$(dirname "$0")/../.."
source infra/lib/progress.sh

venv=.venv/airflow
pins=$(cat <<'PINS'
apache-airflow==2.10.5
apache-airflow-providers-ssh==3.14.0
time-machine==2.16.0
apache-airflow-providers-common-compat==1.3.0
apache-airflow-providers-common-io==1.5.0
apache-airflow-providers-common-sql==1.21.0
apache-airflow-providers-fab==1.5.2
apache-airflow-providers-ftp==3.12.0
apache-airflow-providers-http==5.0.0
apache-airflow-providers-imap==3.8.0
apache-airflow-providers-smtp==1.9.0
apache-airflow-providers-sqlite==4.0.0
alembic==1.14.1
argcomplete==3.5.3
asgiref==3.8.1
attrs==25.1.0
blinker==1.9.0
colorlog==6.9.0
ConfigUpdater==3.2
connexion==2.14.2
cron-descriptor==1.4.5
croniter==6.0.0
cryptography==42.0.8
Deprecated==1.2.18
dill==0.3.9
Flask==2.2.5
Flask-AppBuilder==4.5.2
Flask-Babel==2.0.0
Flask-Caching==2.3.0
Flask-JWT-Extended==4.7.1
Flask-Limiter==3.10.1
Flask-Login==0.6.3
Flask-Session==0.5.0
Flask-SQLAlchemy==2.5.1
Flask-WTF==1.2.2
fsspec==2025.2.0
google-re2==1.1.20240702
gunicorn==23.0.0
httpx==0.27.0
itsdangerous==2.2.0
Jinja2==3.1.5
jsonschema==4.23.0
lazy-object-proxy==1.10.0
linkify-it-py==2.0.3
lockfile==0.12.2
markdown-it-py==3.0.0
MarkupSafe==3.0.2
marshmallow==3.26.0
marshmallow-oneofschema==3.1.1
marshmallow-sqlalchemy==0.28.2
mdit-py-plugins==0.4.2
methodtools==0.4.7
opentelemetry-api==1.27.0
opentelemetry-exporter-otlp==1.27.0
opentelemetry-exporter-otlp-proto-common==1.27.0
opentelemetry-exporter-otlp-proto-grpc==1.27.0
opentelemetry-exporter-otlp-proto-http==1.27.0
opentelemetry-proto==1.27.0
opentelemetry-sdk==1.27.0
opentelemetry-semantic-conventions==0.48b0
grpcio==1.70.0
protobuf==4.25.6
googleapis-common-protos==1.66.0
packaging==24.2
pathspec==0.12.1
pendulum==3.0.0
pluggy==1.5.0
psutil==6.1.1
Pygments==2.19.1
PyJWT==2.10.1
python-daemon==3.1.2
python-dateutil==2.9.0.post0
python-nvd3==0.16.0
python-slugify==8.0.4
requests==2.32.3
requests-toolbelt==1.0.0
rfc3339-validator==0.1.4
rich==13.9.4
rich-argparse==1.6.0
setproctitle==1.3.4
SQLAlchemy==1.4.54
SQLAlchemy-JSONField==1.0.2
SQLAlchemy-Utils==0.41.2
sqlparse==0.5.3
tabulate==0.9.0
tenacity==9.0.0
termcolor==2.5.0
universal_pathlib==0.2.6
Werkzeug==2.2.3
WTForms==3.2.1
paramiko==3.5.0
sshtunnel==0.4.0
bcrypt==4.2.1
PyNaCl==1.5.0
cffi==1.17.1
pydantic==2.10.6
pydantic_core==2.27.2
importlib-metadata==6.11.0
typing_extensions==4.12.2
tzdata==2025.1
urllib3==2.3.0
idna==3.10
charset-normalizer==3.4.1
certifi==2025.1.31
email_validator==2.2.0
dnspython==2.7.0
apispec==6.8.1
prison==0.2.1
inflection==0.5.1
clickclick==20.10.2
click==8.1.8
PyYAML==6.0.2
limits==4.0.1
ordered-set==4.1.0
wrapt==1.17.2
zipp==3.21.0
Babel==2.17.0
pytz==2025.1
cachelib==0.9.0
six==1.17.0
text-unidecode==1.3
uc-micro-py==1.0.3
mdurl==0.1.2
rpds-py==0.22.3
referencing==0.36.2
jsonschema-specifications==2024.10.1
Mako==1.3.8
greenlet==3.1.1
anyio==4.8.0
sniffio==1.3.1
h11==0.14.0
httpcore==1.0.7
aiohttp==3.11.11
multidict==6.1.0
yarl==1.18.3
frozenlist==1.5.0
aiosignal==1.3.2
aiohappyeyeballs==2.4.4
propcache==0.2.1
wirerope==1.0.0
more-itertools==10.6.0
PINS
)
python=/usr/bin/python3
want="$("$python" -c 'import sys; print(sys.version.split()[0], sys.executable)')"$'\n'"$pins"
stamp=$venv/.mwaa-agent-pins
if [[ -x $venv/bin/python ]] && [[ -f $stamp ]] && [[ "$(cat "$stamp")" == "$want" ]]; then
  exit 0
fi

constraints=$(mktemp)
trap 'rm -f "$constraints"' EXIT
printf '%s\n' "$pins" >"$constraints"
install() {
  "$python" -m venv --clear "$venv"
  # Wheels where they exist (no compilers needed); a few pure-Python deps (unicodecsv, python-nvd3) ship
  # only as sdists, hence --prefer-binary rather than --only-binary=:all:.
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input --prefer-binary \
    -c "$constraints" apache-airflow==2.10.5 apache-airflow-providers-ssh==3.14.0 time-machine==2.16.0
}
step setup "Apache Airflow 2.10.5 into $venv (the differential tests' oracle; a few minutes cold)" install
printf '%s' "$want" >"$stamp"
