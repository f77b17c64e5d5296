#!/usr/bin/env bash
# Installs the Debian packages mwaa-agent's run and test commands need. Idempotent: installs only what is missing.
set -euo pipefail
pkgs=(awscli openssh-server openssh-client rclone sqlite3 python3-venv)
if [[ "${MWAA_AGENT_SETUP_BROWSER:-0}" == 1 ]]; then pkgs+=(chromium); fi
if [[ "${MWAA_AGENT_SETUP_DOCKER:-0}" == 1 ]]; then pkgs+=(docker.io debootstrap); fi
missing=()
for p in "${pkgs[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then echo "setup-system: need root to install: ${missing[*]}" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
