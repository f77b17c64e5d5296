#!/usr/bin/env bash
# Installs the Debian packages mwaa-agent's run and test commands need (libxml2-utils: xmllint validates the check's JUnit XML
# in the tests). Idempotent: installs only what is missing.
#   --list-missing   print the missing packages (space-separated) and exit, installing nothing
# MWAA_AGENT_SETUP_BROWSER=1 adds chromium (the UI test); MWAA_AGENT_SETUP_DOCKER=1 or MWAA_AGENT_SETUP_TEST=1
# adds docker.io and debootstrap (the tests' LocalStack runs in a container built from a debootstrapped Debian);
# MWAA_AGENT_SETUP_COMPOSE=1 adds docker-compose. MWAA_AGENT_SETUP_TEST=1 also adds postgresql: the --state-url tests
# start throw-away clusters with its initdb and postgres (/usr/lib/postgresql/<version>/bin; Debian 12 ships 15,
# Ubuntu 24.04 16).
set -euo pipefail
source "$(dirname "$0")/lib/progress.sh"
# make and g++: npm ci compiles better-sqlite3 (and ssh2's optional cpu-features) with node-gyp when no prebuilt
# binary can be downloaded; a minimal Debian or Ubuntu has neither.
pkgs=(awscli openssh-server openssh-client rclone sqlite3 python3-venv libxml2-utils make g++)
if [[ "${MWAA_AGENT_SETUP_BROWSER:-0}" == 1 ]]; then pkgs+=(chromium); fi
if [[ "${MWAA_AGENT_SETUP_DOCKER:-0}" == 1 || "${MWAA_AGENT_SETUP_TEST:-0}" == 1 ]]; then pkgs+=(docker.io debootstrap); fi
if [[ "${MWAA_AGENT_SETUP_TEST:-0}" == 1 ]]; then pkgs+=(postgresql); fi
# `npm run image` also installs Compose for the README's container section (Debian 12 ships v1, docker-compose).
if [[ "${MWAA_AGENT_SETUP_COMPOSE:-0}" == 1 ]]; then pkgs+=(docker-compose); fi
missing=()
for p in "${pkgs[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
if [[ ${1:-} == --list-missing ]]; then echo "${missing[*]}"; exit 0; fi
((${#missing[@]})) || exit 0
if [[ $(id -u) -ne 0 ]]; then echo "setup-system: need root to install: ${missing[*]}" >&2; exit 1; fi
export DEBIAN_FRONTEND=noninteractive
install() {
  apt-get update -qq
  # Ubuntu 24.04's apt has no awscli: infra/setup.d/15-awscli.sh installs it from PyPI instead.
  # (apt-cache show still finds its record there, with no installable version: ask madison for versions.)
  if [[ " ${missing[*]} " == *" awscli "* ]] && [[ -z $(apt-cache madison awscli 2>/dev/null) ]]; then
    missing=("${missing[@]/awscli/}")
  fi
  # apt's chatter (debconf notes) only when the install fails.
  local log rc=0
  log=$(mktemp)
  apt-get install -y -qq --no-install-recommends ${missing[*]} >"$log" 2>&1 || rc=$?
  ((rc == 0)) || tail -30 "$log" >&2
  rm -f "$log"
  return "$rc"
}
step setup "apt-get install ${missing[*]} (Debian packages the commands use)" install
