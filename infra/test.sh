#!/usr/bin/env bash
# The README's test command: set-up (including the browser and Docker parts), then every test
# (unit + integration), then one summary line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export MWAA_AGENT_SETUP_BROWSER=1 MWAA_AGENT_SETUP_DOCKER=1 MWAA_AGENT_SETUP_TEST=1
bash infra/setup.sh || { echo "set-up failed"; echo "0 passed, 1 failed"; exit 1; }
mkdir -p test-results
report=test-results/vitest.json
rm -f "$report"
npx vitest run --config test/vitest.config.ts --reporter=default --reporter=json --outputFile.json="$report" "$@"
rc=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
' "$report" || echo "0 passed, 1 failed"
exit $rc
