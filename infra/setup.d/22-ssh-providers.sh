#!/usr/bin/env bash
# The SSH provider versions MWAA pins and the newest one users may pin (issue 15), each beside a real Airflow,
# for the SSH differential tests (test/integration/ssh/). The fewest virtualenvs that prove them:
#   .venv/airflow-2.11.2            Apache Airflow 2.11.2 with provider 4.3.1 (MWAA 2.11.2's pins; text logs)
#   .venv/airflow-3.3.1-ssh-5.0.0   5.0.0 (MWAA 3.2.1's provider) over 3.3.1 (structured logs)
#   .venv/airflow-3.3.1-ssh-7.0.1   7.0.1 over 3.3.1 (strict host keys, structured logs)
# 3.14.0 with Airflow 2.10.5, 4.1.3 with 3.0.6 and 6.0.1 with 3.3.1 are MWAA's own pairs: infra/setup.d/20-airflow.sh
# and 21-airflow3.sh build them. Idempotent: each venv is skipped when its stamp matches its pins, its base's
# and the interpreter.
#
# A PYTHONPATH overlay cannot swap a provider (airflow/__init__.py extends its __path__ with pkgutil, which puts
# the venv's own airflow/providers/ssh first), so each other version gets its own venv: a hard-linked copy of
# the base (seconds, no disk; pip replaces files, it never writes into an existing one) with the provider
# installed over it without dependencies. Provider 6.0.0+ needs paramiko >= 4 (5.0.0, MWAA 3.3.1's); 4.x and
# 5.0.0 need paramiko < 4 (3.5.1, MWAA 2.11.2's and 3.2.1's).
#
# The 2.11.2 pins stand in for constraints-2.11.2 (not reachable from these machines): resolved once with
# pip 26.3 on Debian's Python 3.11 as
#   pip install --dry-run --report r.json --uploaded-prior-to 2026-03-15T00:00:00Z --prefer-binary \
#     apache-airflow==2.11.2 apache-airflow-providers-ssh==4.3.1 paramiko==3.5.1 time-machine
# (2.11.2 was released 2026-03-14; MWAA pins ssh 4.3.1 and paramiko 3.5.1 with it).
set -euo pipefail
# Only the tests and benchmarks need it (infra/test.sh and infra/bench.sh set MWAA_AGENT_SETUP_TEST=1).
[[ ${MWAA_AGENT_SETUP_TEST:-0} == 1 ]] || exit 0
cd "$(dirname "$0")/../.."
source infra/lib/progress.sh

python=/usr/bin/python3
interpreter=$("$python" -c 'import sys; print(sys.version.split()[0], sys.executable)')

# install VENV PINS: the packages named before the first blank line of PINS are the ones asked for; the rest of
# PINS constrains what they pull in.
install() {
  local venv=$1 pins=$2
  local stamp=$venv/.mwaa-agent-pins want="$interpreter"$'\n'"$2"
  if [[ -x $venv/bin/python ]] && [[ -f $stamp ]] && [[ "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  "$python" -m venv --clear "$venv"
  local constraints
  constraints=$(mktemp)
  printf '%s\n' "$pins" >"$constraints"
  local -a top
  mapfile -t top < <(printf '%s\n' "$pins" | sed '/^$/q' | sed '/^$/d')
  # python-nvd3 ships only as an sdist (pure Python): --prefer-binary, not --only-binary.
  step setup "${top[0]} and ${top[1]} into $venv (the SSH differential tests' oracle; about 2 min cold)" \
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input --prefer-binary \
    -c "$constraints" "${top[@]}"
  rm -f "$constraints"
  printf '%s' "$want" >"$stamp"
}

# overlay BASE VENV PACKAGES...: VENV = BASE with PACKAGES installed over it, without dependencies.
overlay() {
  local base=$1 venv=$2
  shift 2
  local stamp=$venv/.mwaa-agent-pins want
  want="$(cat "$base/.mwaa-agent-pins")"$'\n'"overlay: $*"
  if [[ -x $venv/bin/python ]] && [[ -f $stamp ]] && [[ "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  rm -rf "$venv"
  cp -al "$base" "$venv" 2>/dev/null || cp -a "$base" "$venv"
  # A hard link to the base's stamp: replaced, never written through.
  rm -f "$stamp"
  step setup "$* over a copy of $base into $venv" \
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input --no-deps --only-binary=:all: "$@"
  printf '%s' "$want" >"$stamp"
}

install .venv/airflow-2.11.2 "$(cat <<'PINS'
apache-airflow==2.11.2
apache-airflow-providers-ssh==4.3.1
paramiko==3.5.1
time-machine==3.2.0

aiohappyeyeballs==2.6.1
aiohttp==3.13.3
aiohttp-jinja2==1.6
aiosignal==1.4.0
aiosmtplib==5.1.0
alembic==1.18.4
anyio==4.12.1
apache-airflow-providers-common-compat==1.14.1
apache-airflow-providers-common-io==1.7.1
apache-airflow-providers-common-sql==1.33.0
apache-airflow-providers-fab==1.5.4
apache-airflow-providers-ftp==3.14.1
apache-airflow-providers-http==6.0.0
apache-airflow-providers-imap==3.11.0
apache-airflow-providers-smtp==2.4.3
apache-airflow-providers-sqlite==4.3.0
apispec==6.10.0
argcomplete==3.6.3
asgiref==3.11.1
asyncssh==2.22.0
attrs==25.4.0
babel==2.18.0
bcrypt==5.0.0
blinker==1.9.0
cachelib==0.13.0
certifi==2026.2.25
cffi==2.0.0
charset-normalizer==3.4.5
click==8.3.1
clickclick==20.10.2
colorama==0.4.6
colorlog==6.10.1
ConfigUpdater==3.2
connexion==2.15.1
cron_descriptor==2.0.6
croniter==6.2.0
cryptography==46.0.5
Deprecated==1.3.1
dill==0.4.1
dnspython==2.8.0
email-validator==2.3.0
Flask==2.3.3
Flask-AppBuilder==4.5.4
Flask-Babel==2.0.0
Flask-Caching==2.3.1
Flask-JWT-Extended==4.7.1
Flask-Limiter==3.12
Flask-Login==0.6.3
Flask-Session==0.8.0
Flask-SQLAlchemy==2.5.1
Flask-WTF==1.2.2
frozenlist==1.8.0
fsspec==2026.2.0
google-re2==1.1.20251105
googleapis-common-protos==1.73.0
greenlet==3.3.2
grpcio==1.78.0
gunicorn==25.1.0
h11==0.16.0
httpcore==1.0.9
httpx==0.28.1
idna==3.11
importlib_metadata==8.7.1
inflection==0.5.1
itsdangerous==2.2.0
Jinja2==3.1.6
jmespath==1.1.0
jsonschema==4.26.0
jsonschema-specifications==2025.9.1
lazy-object-proxy==1.12.0
limits==5.8.0
linkify-it-py==2.1.0
lockfile==0.12.2
Mako==1.3.10
markdown-it-py==4.0.0
MarkupSafe==3.0.3
marshmallow==3.26.2
marshmallow-oneofschema==3.2.0
marshmallow-sqlalchemy==0.28.2
mdit-py-plugins==0.5.0
mdurl==0.1.2
methodtools==0.4.7
more-itertools==10.8.0
msgspec==0.20.0
multidict==6.7.1
opentelemetry-api==1.40.0
opentelemetry-exporter-otlp==1.40.0
opentelemetry-exporter-otlp-proto-common==1.40.0
opentelemetry-exporter-otlp-proto-grpc==1.40.0
opentelemetry-exporter-otlp-proto-http==1.40.0
opentelemetry-proto==1.40.0
opentelemetry-sdk==1.40.0
opentelemetry-semantic-conventions==0.61b0
ordered-set==4.1.0
packaging==26.0
pathspec==1.0.4
pendulum==3.2.0
pluggy==1.6.0
prison==0.2.1
propcache==0.4.1
protobuf==6.33.5
psutil==7.2.2
pycparser==3.0
Pygments==2.19.2
PyJWT==2.12.1
PyNaCl==1.6.2
python-daemon==3.1.2
python-dateutil==2.9.0.post0
python-multipart==0.0.22
python-nvd3==0.16.0
python-slugify==8.0.4
pytz==2026.1.post1
PyYAML==6.0.3
referencing==0.37.0
requests==2.32.5
requests-toolbelt==1.0.0
rfc3339-validator==0.1.4
rich==13.9.4
rich-argparse==1.7.2
rpds-py==0.30.0
setproctitle==1.3.7
six==1.17.0
SQLAlchemy==1.4.54
SQLAlchemy-JSONField==1.0.2
SQLAlchemy-Utils==0.42.1
sqlparse==0.5.5
sshtunnel==0.4.0
tabulate==0.10.0
tenacity==9.1.4
termcolor==3.3.0
text-unidecode==1.3
typing_extensions==4.15.0
tzdata==2025.3
uc-micro-py==2.0.0
universal_pathlib==0.2.6
urllib3==2.6.3
Werkzeug==3.1.6
wirerope==1.0.0
wrapt==2.1.2
WTForms==3.2.1
yarl==1.23.0
zipp==3.23.0
PINS
)"

# .venv/airflow-3.3.1 is infra/setup.d/21-airflow3.sh's.
overlay .venv/airflow-3.3.1 .venv/airflow-3.3.1-ssh-5.0.0 apache-airflow-providers-ssh==5.0.0 paramiko==3.5.1
overlay .venv/airflow-3.3.1 .venv/airflow-3.3.1-ssh-7.0.1 apache-airflow-providers-ssh==7.0.1
