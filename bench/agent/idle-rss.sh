#!/usr/bin/env bash
# Idle RSS of `mwaa-agent run` (local mode) holding N DAGs (default 1,000 copies of the guide's DAG, the SSH
# provider installed): prints peak RSS during the first parse and RSS once idle. Issue 6 goal: ≤ 150 MB idle.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${BENCH_DAGS:-1000}
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
mkdir -p "$dir/dags" "$dir/req"
for i in $(seq 1 "$n"); do sed "s/ssh_operator_example/ssh_example_$i/" infra/demo/ssh.py > "$dir/dags/dag_$i.py"; done
cp infra/demo/requirements.txt "$dir/req/"
MWAA_AGENT_DAGS_DIR=$dir/dags MWAA_AGENT_REQUIREMENTS_DIR=$dir/req MWAA_AGENT_STATE_DIR=$dir/state MWAA_AGENT_API_PORT=0 \
  MWAA_AGENT_LOG_LEVEL=warn node dist/bin/mwaa-agent.js run >"$dir/out.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  count=$(MWAA_AGENT_DAGS_DIR=$dir/dags MWAA_AGENT_REQUIREMENTS_DIR=$dir/req MWAA_AGENT_STATE_DIR=$dir/state \
    node dist/bin/mwaa-agent.js status -o json 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).dags))' || echo 0)
  [[ $count == "$n" ]] && break
  sleep 1
done
sleep 10
echo "DAGs registered: $count"
grep -E 'VmHWM|VmRSS' "/proc/$pid/status" | sed 's/^/  /'
