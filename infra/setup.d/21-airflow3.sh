#!/usr/bin/env bash
# Apache Airflow 3.0.6 and 3.3.1 (the Airflow 3 versions Amazon MWAA runs) with MWAA's provider pins, in
# .venv/airflow-3.0.6 and .venv/airflow-3.3.1, for the Airflow-3 differential tests (DagBag, timetables,
# SSHOperator: test/integration/{dags,schedule,ssh}/ oracles). Idempotent: each venv is skipped when its
# stamp matches its pins and interpreter.
#
# MWAA's pins (aws/amazon-mwaa-docker-images): 3.0.6 -> ssh 4.1.3, standard 1.6.0; 3.3.1 -> ssh 6.0.1,
# standard 1.17.0, amazon 9.34.0. No constraints URL is reachable from these machines, so the full pin lists
# below stand in for constraints-3.x.y: they were resolved once with pip 26.3 on Debian's Python 3.11 as
#   pip install --dry-run --report r.json --uploaded-prior-to <release day + 1> --prefer-binary \
#     apache-airflow==<v> <the provider pins> time-machine
# with 2025-08-30T00:00:00Z for 3.0.6 (released 2025-08-29) and 2026-08-13T00:00:00Z for 3.3.1 (released
# 2026-08-12), i.e. what pip picked on the release day, as Airflow's constraints files are made. Every pin is
# a wheel (no compilers needed).
#
# Debian's /usr/bin/python3 (3.11; Airflow 3.0.6 needs >=3.9,!=3.13 and 3.3.1 >=3.10,!=3.15), never another
# interpreter found first on PATH: a user's machine has Debian's Python only. MWAA itself runs Python 3.12; the
# SyntaxError texts differ between 3.11 and 3.12 only for a few cases (see the DAG corpus test).
set -euo pipefail
# Only the tests and benchmarks need it (infra/test.sh and infra/bench.sh set MWAA_AGENT_SETUP_TEST=1).
[[ ${MWAA_AGENT_SETUP_TEST:-0} == 1 ]] || exit 0
cd "$(dirname "$0")/../.."
source infra/lib/progress.sh

python=/usr/bin/python3

# install VENV PINS: the packages named before the first blank line of PINS are the ones asked for; the
# rest of PINS constrains what they pull in.
install() {
  local venv=$1 pins=$2
  local stamp=$venv/.mwaa-agent-pins
  local want
  want="$("$python" -c 'import sys; print(sys.version.split()[0], sys.executable)')"$'\n'"$pins"
  if [[ -x $venv/bin/python ]] && [[ -f $stamp ]] && [[ "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  "$python" -m venv --clear "$venv"
  local constraints
  constraints=$(mktemp)
  printf '%s\n' "$pins" >"$constraints"
  local -a top
  mapfile -t top < <(printf '%s\n' "$pins" | sed '/^$/q' | sed '/^$/d')
  step setup "${top[0]} and its provider pins into $venv (the Airflow 3 differential tests' oracle; a few minutes cold)" \
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input --only-binary=:all: \
    -c "$constraints" "${top[@]}"
  rm -f "$constraints"
  printf '%s' "$want" >"$stamp"
}

install .venv/airflow-3.0.6 "$(cat <<'PINS'
apache-airflow==3.0.6
apache-airflow-providers-ssh==4.1.3
apache-airflow-providers-standard==1.6.0
time-machine==2.19.0

a2wsgi==1.10.10
aiosqlite==0.21.0
alembic==1.16.5
annotated-types==0.7.0
anyio==4.10.0
apache-airflow-core==3.0.6
apache-airflow-providers-common-compat==1.7.3
apache-airflow-providers-common-io==1.6.2
apache-airflow-providers-common-sql==1.27.5
apache-airflow-providers-smtp==2.2.0
apache-airflow-task-sdk==1.0.6
argcomplete==3.6.2
asgiref==3.9.1
attrs==25.3.0
bcrypt==4.3.0
blinker==1.9.0
cadwyn==5.4.4
certifi==2025.8.3
cffi==1.17.1
charset-normalizer==3.4.3
click==8.2.1
colorlog==6.9.0
cron_descriptor==2.0.5
croniter==6.0.0
cryptography==45.0.6
Deprecated==1.2.18
dill==0.4.0
dnspython==2.7.0
email-validator==2.3.0
fastapi==0.116.1
fastapi-cli==0.0.8
fastapi-cloud-cli==0.1.5
Flask==3.1.2
fsspec==2025.7.0
googleapis-common-protos==1.70.0
greenlet==3.2.4
grpcio==1.74.0
gunicorn==23.0.0
h11==0.16.0
httpcore==1.0.9
httptools==0.6.4
httpx==0.28.1
idna==3.10
importlib_metadata==8.7.0
itsdangerous==2.2.0
Jinja2==3.1.6
jsonschema==4.25.1
jsonschema-specifications==2025.4.1
lazy-object-proxy==1.12.0
libcst==1.8.2
linkify-it-py==2.0.3
lockfile==0.12.2
Mako==1.3.10
markdown-it-py==4.0.0
MarkupSafe==3.0.2
mdurl==0.1.2
methodtools==0.4.7
more-itertools==10.7.0
msgspec==0.19.0
opentelemetry-api==1.36.0
opentelemetry-exporter-otlp==1.36.0
opentelemetry-exporter-otlp-proto-common==1.36.0
opentelemetry-exporter-otlp-proto-grpc==1.36.0
opentelemetry-exporter-otlp-proto-http==1.36.0
opentelemetry-proto==1.36.0
opentelemetry-sdk==1.36.0
opentelemetry-semantic-conventions==0.57b0
packaging==25.0
paramiko==3.5.1
pathspec==0.12.1
pendulum==3.1.0
pluggy==1.6.0
protobuf==6.32.0
psutil==7.0.0
pycparser==2.22
pydantic==2.11.7
pydantic_core==2.33.2
Pygments==2.19.2
PyJWT==2.10.1
PyNaCl==1.5.0
python-daemon==3.1.2
python-dateutil==2.9.0.post0
python-dotenv==1.1.1
python-multipart==0.0.20
python-slugify==8.0.4
pytz==2025.2
PyYAML==6.0.2
referencing==0.36.2
requests==2.32.5
retryhttp==1.3.3
rich==14.1.0
rich-argparse==1.7.1
rich-toolkit==0.15.0
rignore==0.6.4
rpds-py==0.27.1
sentry-sdk==2.35.1
setproctitle==1.3.6
shellingham==1.5.4
six==1.17.0
sniffio==1.3.1
SQLAlchemy==1.4.54
SQLAlchemy-JSONField==1.0.2
SQLAlchemy-Utils==0.41.2
sqlparse==0.5.3
sshtunnel==0.4.0
starlette==0.47.3
structlog==25.4.0
svcs==25.1.0
tabulate==0.9.0
tenacity==9.1.2
termcolor==3.1.0
text-unidecode==1.3
typer==0.16.1
types-requests==2.32.4.20250809
typing-inspection==0.4.1
typing_extensions==4.15.0
tzdata==2025.2
uc-micro-py==1.0.3
universal_pathlib==0.2.6
urllib3==2.5.0
uuid6==2025.0.1
uvicorn==0.35.0
uvloop==0.21.0
watchfiles==1.1.0
websockets==15.0.1
Werkzeug==3.1.3
wirerope==1.0.0
wrapt==1.17.3
zipp==3.23.0
PINS
)"

install .venv/airflow-3.3.1 "$(cat <<'PINS'
apache-airflow==3.3.1
apache-airflow-providers-ssh==6.0.1
apache-airflow-providers-standard==1.17.0
apache-airflow-providers-amazon==9.34.0
time-machine==3.4.0

a2wsgi==1.10.10
aiohappyeyeballs==2.7.1
aiohttp==3.14.3
aiosignal==1.4.0
aiosmtplib==5.1.2
aiosqlite==0.22.1
alembic==1.19.1
annotated-doc==0.0.5
annotated-types==0.8.0
anyio==4.14.2
apache-airflow-core==3.3.1
apache-airflow-providers-common-compat==1.18.0
apache-airflow-providers-common-io==1.8.0
apache-airflow-providers-common-sql==2.1.0
apache-airflow-providers-http==6.0.5
apache-airflow-providers-smtp==3.0.3
apache-airflow-task-sdk==1.3.1
argcomplete==3.7.2
arrow==1.4.0
asgiref==3.12.1
asn1crypto==1.5.1
asyncssh==2.24.0
attrs==26.1.0
babel==2.18.0
bcrypt==5.0.0
beautifulsoup4==4.15.0
boto3==1.43.70
botocore==1.43.70
cachetools==7.1.7
cadwyn==7.0.0
certifi==2026.7.22
cffi==2.1.1
charset-normalizer==3.5.0
click==8.4.2
colorlog==6.12.0
cron_descriptor==2.1.0
croniter==6.2.4
cryptography==50.0.0
Deprecated==1.3.1
dill==0.4.1
dnspython==2.8.0
email-validator==2.3.0
fastapi==0.136.3
fastapi-cli==0.0.32
frozenlist==1.8.0
fsspec==2026.7.0
googleapis-common-protos==1.75.1
greenback==1.3.0
greenlet==3.5.5
grpcio==1.83.0
h11==0.16.0
httpcore==1.0.9
httptools==0.8.0
httpx==0.28.1
idna==3.18
importlib_metadata==9.0.0
inflection==0.5.1
invoke==3.0.3
isoduration==20.11.0
itsdangerous==2.2.0
Jinja2==3.1.6
jmespath==1.1.0
jsonpath-ng==1.8.0
jsonschema==4.26.0
jsonschema-specifications==2025.9.1
lazy-object-proxy==1.12.0
libcst==1.9.0
linkify-it-py==2.1.0
lockfile==0.12.2
lxml==6.1.1
Mako==1.4.1
markdown-it-py==4.2.0
MarkupSafe==3.0.3
marshmallow==4.3.1
mdurl==0.1.2
methodtools==0.4.7
more-itertools==11.1.0
msgspec==0.21.1
multidict==6.7.1
natsort==8.4.0
opentelemetry-api==1.44.0
opentelemetry-exporter-otlp==1.44.0
opentelemetry-exporter-otlp-proto-common==1.44.0
opentelemetry-exporter-otlp-proto-grpc==1.44.0
opentelemetry-exporter-otlp-proto-http==1.44.0
opentelemetry-proto==1.44.0
opentelemetry-sdk==1.44.0
opentelemetry-semantic-conventions==0.65b0
outcome==1.3.0.post0
packaging==26.3
paramiko==5.0.0
pathlib_abc==0.5.2
pathspec==1.1.1
pendulum==3.2.0
pluggy==1.6.0
propcache==0.5.2
protobuf==7.35.1
psutil==7.2.2
PyAthena==3.35.4
pycparser==3.0
pydantic==2.13.4
pydantic-extra-types==2.11.1
pydantic-settings==2.15.0
pydantic_core==2.46.4
Pygments==2.20.0
pygtrie==2.5.0
PyJWT==2.13.0
PyNaCl==1.6.2
python-daemon==3.1.2
python-dateutil==2.9.0.post0
python-dotenv==1.2.2
python-multipart==0.0.32
python-slugify==8.0.4
pytz==2026.3.post1
PyYAML==6.0.3
redshift_connector==2.1.16
referencing==0.37.0
requests==2.34.2
requests-toolbelt==1.0.0
rich==15.0.0
rich-argparse==1.8.0
rich-toolkit==0.20.3
rpds-py==2026.6.3
s3transfer==0.19.2
sagemaker_studio==1.0.27
scramp==1.4.17
setproctitle==1.3.7
setuptools==84.0.0
shellingham==1.5.4
six==1.17.0
sniffio==1.3.1
soupsieve==2.9.2
SQLAlchemy==2.0.52
sqlparse==0.5.5
starlette==1.6.0
structlog==26.1.0
svcs==26.1.0
tabulate==0.10.0
tenacity==9.1.4
termcolor==3.3.0
text-unidecode==1.3
typer==0.27.1
typing-inspection==0.4.4
typing_extensions==4.16.0
tzdata==2026.3
uc-micro-py==2.0.0
universal_pathlib==0.3.10
urllib3==2.7.0
uuid6==2025.0.1
uvicorn==0.52.1
uvloop==0.22.1
watchfiles==1.2.0
watchtower==3.4.0
websockets==17.0.1
wirerope==1.0.0
wrapt==2.3.0
yarl==1.24.5
zipp==4.1.0
PINS
)"
