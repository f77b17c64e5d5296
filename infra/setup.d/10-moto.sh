#!/usr/bin/env bash
# The demo's S3 (`npm run demo`, infra/demo/s3-server.ts): moto's S3 server from PyPI in .venv/moto, on the
# system's Python 3 (Debian 12's 3.11, Ubuntu 24.04's 3.12), so the demo needs neither Docker nor a newer
# Python. The tests use LocalStack 4.14.0 (10-localstack.sh). Every dependency is pinned (the set pip resolved
# for moto[s3] 5.2.5 with Flask on 3.11). Idempotent: skipped when the stamp matches the pins.
set -euo pipefail
cd "$(dirname "$0")/../.."
source infra/lib/progress.sh
venv=.venv/moto
pins=$(cat <<'PINS'
moto[s3]==5.2.5
Flask==3.1.3
flask-cors==6.0.5
blinker==1.9.0
boto3==1.44.18
botocore==1.44.18
certifi==2026.10.19.post1
cffi==2.1.1
charset-normalizer==3.5.3
click==8.5.1
cryptography==51.0.1
idna==3.21
itsdangerous==2.2.0
Jinja2==3.1.6
jmespath==1.1.0
MarkupSafe==3.0.4
py-partiql-parser==0.6.3
pycparser==3.12
python-dateutil==2.9.0.post0
PyYAML==6.0.4
requests==2.34.2
responses==0.26.3
s3transfer==0.19.3
six==1.17.0
urllib3==2.8.0
Werkzeug==3.1.9
xmltodict==1.0.4
PINS
)
stamp=$venv/.mwaa-agent-pins
[[ -x $venv/bin/python && -f $stamp && $(cat "$stamp") == "$pins" ]] && exit 0
install() {
  rm -rf "$venv"
  python3 -m venv "$venv"
  printf '%s\n' "$pins" >"$venv/requirements.txt"
  "$venv/bin/pip" install -q --disable-pip-version-check --no-input --only-binary=:all: -r "$venv/requirements.txt"
  "$venv/bin/python" -c 'import moto.server'
  printf '%s' "$pins" >"$stamp"
}
step setup "moto's S3 server into $venv (the demo's S3, on the system Python $(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])'))" install
