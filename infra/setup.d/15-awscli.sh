#!/usr/bin/env bash
# The AWS CLI the demo and the tests call: Debian's /usr/bin/aws where apt has it (Debian 12); where it does not
# (Ubuntu 24.04 dropped the package), AWS CLI v1 from PyPI in .venv/awscli. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/../.."
source infra/lib/progress.sh
[[ -x /usr/bin/aws ]] && exit 0
venv=.venv/awscli
pin='awscli==1.44.44'
[[ -x $venv/bin/aws && $(cat "$venv/.mwaa-agent-pins" 2>/dev/null) == "$pin" ]] && exit 0
install() {
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check --no-input "$pin"
  echo "$pin" >"$venv/.mwaa-agent-pins"
}
step setup "AWS CLI from PyPI into $venv (this system's apt has no awscli package)" install
