#!/usr/bin/env bash
# Shared helpers for the local image scripts: start Debian's dockerd when no engine answers, and skip a build
# when the image already carries the same input hash (label org.mwaa-agent.input-hash). Sourced, not run.
set -euo pipefail

IMAGES_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$IMAGES_DIR/../.." && pwd)"
HASH_LABEL=org.mwaa-agent.input-hash
DOCKERD_LOG=${MWAA_AGENT_DOCKERD_LOG:-/var/log/mwaa-agent-dockerd.log}

source "$REPO_DIR/infra/lib/progress.sh"
# A "built …" line ends with the time the image script took ($SECONDS counts from its start): the progress
# end line of each build, without touching the scripts, whose content is part of every image's input hash.
log() {
  if [[ $1 == built* ]]; then
    printf '[images] %s in %s\n' "$*" "$(elapsed "$SECONDS")" >&2
  else
    printf '[images] %s\n' "$*" >&2
  fi
}

# Starts dockerd in the background (as root) when the socket does not answer, then waits up to 60 s for it.
ensure_dockerd() {
  if docker info >/dev/null 2>&1; then return 0; fi
  if [[ $(id -u) -ne 0 ]]; then
    log "no Docker engine answers and starting dockerd needs root"; return 1
  fi
  command -v dockerd >/dev/null || { log "dockerd not installed (apt-get install docker.io)"; return 1; }
  log "starting dockerd (log: $DOCKERD_LOG)"
  # setsid: the engine must outlive the shell (and test run) that started it, so later runs reuse it.
  setsid nohup dockerd >>"$DOCKERD_LOG" 2>&1 < /dev/null &
  local deadline=$((SECONDS + 60))
  until docker info >/dev/null 2>&1; do
    if ((SECONDS > deadline)); then log "dockerd did not answer within 60 s; see $DOCKERD_LOG"; tail -20 "$DOCKERD_LOG" >&2; return 1; fi
    sleep 0.5
  done
}

# Prints the sha256 of the given files' contents plus any extra strings (the build's inputs).
input_hash() {
  { for f in "$@"; do if [[ -f $f ]]; then cat "$f"; else printf '%s' "$f"; fi; printf '\0'; done; } | sha256sum | cut -c1-16
}

# True when image $1 exists and its input-hash label equals $2.
image_current() {
  local have
  have=$(docker image inspect -f "{{ index .Config.Labels \"$HASH_LABEL\" }}" "$1" 2>/dev/null) || return 1
  [[ $have == "$2" ]]
}

# docker build with the legacy builder: the client's BuildKit path needs a buildx plugin Debian does not ship,
# and nothing here needs BuildKit features.
# Quiet on success; on failure prints the build's output minus the legacy builder's deprecation notice.
docker_build() {
  local err rc=0
  err=$(mktemp)
  DOCKER_BUILDKIT=0 docker build -q "$@" 2>"$err" >/dev/null || rc=$?
  grep -v -e '^DEPRECATED: The legacy builder' -e 'BuildKit is currently disabled' -e '^ *environment-variable\.' -e '^$' "$err" >&2 || true
  rm -f "$err"
  return "$rc"
}

# Copies the machine's locally added CA certificates (e.g. a TLS-intercepting egress proxy's) into $1, so build
# stages that fetch from the npm registry or PyPI trust the same roots as the host. Only build stages use them.
stage_extra_cas() {
  mkdir -p "$1"
  local f
  for f in /usr/local/share/ca-certificates/*.crt /usr/local/share/ca-certificates/*/*.crt; do
    [[ -f $f ]] && cp "$f" "$1/"
  done
  touch "$1/.keep"
}
