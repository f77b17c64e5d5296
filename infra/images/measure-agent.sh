#!/usr/bin/env bash
# Prints mwaa-agent:local's size, the time from `docker run` to the first GET /health 200 (issue 8's goals:
# <= 250 MB, <= 3 s), and how long `docker stop` (SIGTERM, 10 s grace) takes. Local mode (no bucket), so it
# needs nothing else running. Usage: measure-agent.sh [runs=5]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
IMAGE=${MWAA_AGENT_IMAGE:-mwaa-agent:local}
runs=${1:-5}
ensure_dockerd
printf 'image %s: %s bytes (%s MB)\n' "$IMAGE" "$(docker image inspect -f '{{.Size}}' "$IMAGE")" \
  "$(( $(docker image inspect -f '{{.Size}}' "$IMAGE") / 1000000 ))"
ms() { echo $(( $(date +%s%N) / 1000000 )); }
for i in $(seq 1 "$runs"); do
  t0=$(ms)
  cid=$(docker run -d -p 127.0.0.1::8080 -e MWAA_AGENT_API_PASSWORD=measure "$IMAGE")
  port=$(docker port "$cid" 8080/tcp | head -1 | sed 's/.*://')
  until curl -sf -o /dev/null "http://127.0.0.1:$port/health"; do
    if (( $(ms) - t0 > 30000 )); then echo "not healthy within 30 s"; docker logs "$cid" | tail -20; docker rm -f "$cid" >/dev/null; exit 1; fi
    sleep 0.02
  done
  ready=$(( $(ms) - t0 ))
  t1=$(ms); docker stop -t 10 "$cid" >/dev/null; stop=$(( $(ms) - t1 ))
  code=$(docker inspect -f '{{.State.ExitCode}}' "$cid"); docker rm "$cid" >/dev/null
  printf 'run %d: ready %d ms after docker run; docker stop %d ms (exit code %s)\n' "$i" "$ready" "$stop" "$code"
done
