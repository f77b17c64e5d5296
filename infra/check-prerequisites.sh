#!/usr/bin/env bash
# The first thing set-up does: checks, in about a second, what a fresh Debian 12 / Ubuntu 24.04 machine may
# lack and set-up cannot install itself, and stops with the fix before any minutes of work.
#   MWAA_AGENT_SETUP_DOCKER=1  also checks what the Docker-based steps need (tests, npm run image).
set -euo pipefail
problems=()

# Node 20.19+ (engines in package.json): Debian 12's and Ubuntu 24.04's apt ship Node 18.
need_node=20.19.0
node_version=$(node -p 'process.versions.node' 2>/dev/null || echo none)
if [[ $node_version == none ]] || ! node -e '
  const [a, b] = process.versions.node.split(".").map(Number), [x, y] = process.argv[1].split(".").map(Number);
  process.exit(a > x || (a === x && b >= y) ? 0 : 1)' "$need_node" 2>/dev/null; then
  problems+=("Node.js $need_node or newer is needed; found: $node_version (Debian 12's and Ubuntu 24.04's apt ship 18).
    Fix: install Node 22 (LTS), for example from the npm registry with npm (apt-get install -y npm):
      npm install -g node@22 && hash -r && node --version      # puts the official binary in /usr/local/bin
    or from https://nodejs.org/en/download (binaries, nvm) or NodeSource's apt repository; then run this again.")
fi

# Debian packages are installed with apt-get, as root.
if ! command -v apt-get >/dev/null; then
  problems+=("set-up installs Debian packages with apt-get, which this machine lacks: use Debian 12 or Ubuntu 24.04.")
elif [[ $(id -u) -ne 0 ]]; then
  missing=$(bash "$(dirname "$0")/setup-system.sh" --list-missing)
  if [[ -n $missing ]]; then
    problems+=("set-up must install Debian packages ($missing) and is not running as root.
    Fix: sudo apt-get install -y $missing   (then run this again as yourself), or run it as root.")
  fi
fi

# Room for node_modules and the virtualenvs (about 1 GB), plus the images of the Docker steps (about 4 GB).
need_mb=1500
[[ ${MWAA_AGENT_SETUP_DOCKER:-0} == 1 ]] && need_mb=6000
free_mb=$(df -Pm . | awk 'NR == 2 { print $4 }')
if ((free_mb < need_mb)); then
  problems+=("$free_mb MB free in $(pwd); set-up needs about $need_mb MB. Fix: free some disk space.")
fi

if ((${#problems[@]})); then
  printf 'set-up cannot continue:\n' >&2
  printf '  - %s\n' "${problems[@]}" >&2
  exit 1
fi
