#!/usr/bin/env bash
# LocalStack 4.14.0, the last community release that starts without an auth token, as a host process for the
# S3/SQS integration tests and the demo (harness/localstack.ts starts it). Installed from PyPI into
# .venv/localstack with every dependency pinned: later releases of its unpinned dependencies break it (cbor2 6
# removed cbor2._decoder). The pins are the set pip resolved with --uploaded-prior-to 2026-02-27 (the day after
# the release). LocalStack 4.14 uses Python 3.12 syntax (PEP 695) while declaring >=3.10, so Debian 12's 3.11
# cannot run it: we take the newest python3.13/3.12 found on PATH or under pyenv. Idempotent and cached.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=.venv/localstack
pins=$(cat <<'PINS'
airspeed_ext==0.6.9
annotated-types==0.7.0
antlr4-python3-runtime==4.13.2
apispec==6.9.0
asn1crypto==1.5.1
attrs==25.4.0
aws-sam-translator==1.107.0
aws-xray-sdk==2.15.0
awscli==1.44.44
awscrt==0.31.2
boto3==1.42.54
botocore==1.42.54
cachetools==7.0.1
cbor2==5.8.0
certifi==2026.2.25
cffi==2.0.0
cfn-lint==1.45.0
charset-normalizer==3.4.4
click==8.3.1
colorama==0.4.6
constantly==23.10.4
crontab==1.0.5
cryptography==46.0.5
decorator==5.2.1
dill==0.3.6
dnslib==0.9.26
dnspython==2.8.0
docker==7.1.0
docutils==0.19
Events==0.5
graphql-core==3.2.7
grpcio==1.78.0
h11==0.16.0
h2==4.3.0
hpack==4.1.0
Hypercorn==0.18.0
hyperframe==6.1.0
hyperlink==21.0.0
idna==3.11
Incremental==24.11.0
isodate==0.7.2
Jinja2==3.1.6
jmespath==1.1.0
joserfc==1.6.3
jpype1==1.6.0
jsonpatch==1.33
jsonpath-ng==1.8.0
jsonpath-rw==1.4.0
jsonpointer==3.0.0
jsonschema==4.26.0
jsonschema-path==0.3.4
jsonschema-specifications==2025.9.1
kclpy-ext==3.0.5
lazy-object-proxy==1.12.0
localstack==4.14.0
localstack-core==4.14.0
localstack-twisted==25.5.0
markdown-it-py==4.0.0
MarkupSafe==3.0.3
mdurl==0.1.2
more-itertools==10.8.0
moto-ext==5.1.24
mpmath==1.3.0
multipart==1.3.0
networkx==3.6.1
openapi-core==0.22.0
openapi-schema-validator==0.6.3
openapi-spec-validator==0.7.2
opensearch-protobufs==0.19.0
opensearch-py==3.1.0
packaging==26.0
pathable==0.4.4
plux==1.14.0
ply==3.11
priority==1.3.0
protobuf==6.33.5
psutil==7.2.2
py-partiql-parser==0.6.3
pyasn1==0.6.2
pycparser==3.0
pydantic==2.12.5
pydantic_core==2.41.5
Pygments==2.19.2
PyJWT==2.11.0
pymongo==4.16.0
pyOpenSSL==25.3.0
pyotp==2.9.0
pyparsing==3.3.2
python-dateutil==2.9.0.post0
python-dotenv==1.2.1
PyYAML==6.0.3
readerwriterlock==1.0.9
referencing==0.36.2
regex==2026.2.19
requests==2.32.5
requests-aws4auth==1.3.1
responses==0.26.0
rfc3339-validator==0.1.4
rich==14.3.3
rolo==0.8.1
rpds-py==0.30.0
rsa==4.7.2
s3transfer==0.16.0
semver==3.0.4
six==1.17.0
sympy==1.14.0
tabulate==0.9.0
typing-inspection==0.4.2
typing_extensions==4.15.0
urllib3==2.6.3
Werkzeug==3.1.6
wrapt==2.1.1
wsproto==1.3.2
xmltodict==1.0.4
zope.interface==8.2
PINS
)
stamp=$venv/.mwaa-agent-pins
want=$(printf '%s\n' "$pins" | sha256sum | cut -d' ' -f1)
if [[ -x $venv/bin/python && -f $stamp && $(cat "$stamp") == "$want" ]]; then exit 0; fi

usable() { "$1" -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; }
find_python() {
  local c root=${PYENV_ROOT:-$HOME/.pyenv}
  for c in "$(command -v python3.13 || true)" "$(command -v python3.12 || true)" \
    "$root"/versions/3.13*/bin/python3 "$root"/versions/3.12*/bin/python3; do
    if [[ -n $c && -x $c ]] && usable "$c"; then echo "$c"; return 0; fi
  done
  return 1
}
py=$(find_python) || {
  echo "10-localstack: LocalStack 4.14.0 needs Python >= 3.12 (it uses PEP 695 syntax); none found on PATH or under pyenv" >&2
  exit 1
}
echo "10-localstack: installing LocalStack 4.14.0 into $venv with $py"
rm -rf "$venv"
"$py" -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check 'pip==26.3'
printf '%s\n' "$pins" > "$venv/pins.txt"
"$venv/bin/pip" install -q --disable-pip-version-check --no-deps -r "$venv/pins.txt"
"$venv/bin/python" -c 'import localstack.constants as c; assert c.VERSION == "4.14.0", c.VERSION'
echo "$want" > "$stamp"
