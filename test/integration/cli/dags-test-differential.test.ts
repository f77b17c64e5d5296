import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, mwaaAgent } from '../../../harness/agent-process.js';

/**
 * `mwaa-agent dags test` against real `airflow dags test` (the 2.10.5 and 3.3.1 virtualenvs) on the same
 * Bash-only DAGs: the exit status, which task attempts ran and how each ended (trigger rules and retries),
 * and every line of each attempt's log modulo timestamps, ids, pids and the callsite's line number.
 * Not compared: what Airflow prints outside the attempts (DagBag filling, bundle syncing, `created dagrun`,
 * the `No tasks to run` warnings of its busy loop, the final `DagRun Finished`), the records the in-process
 * API server of 3.x logs (`airflow.api_fastapi.*`), and Python tracebacks past their first line (the agent
 * runs no Python, so it has no frames).
 */
const VERSIONS = [
  {
    version: '2.10.5',
    venv: 'airflow',
    constraints: 'constraints-2.10.5/constraints-3.11.txt',
    bash: 'from airflow.operators.bash import BashOperator',
  },
  {
    version: '3.3.1',
    venv: 'airflow-3.3.1',
    constraints: 'constraints-3.3.1/constraints-3.12.txt',
    bash: 'from airflow.providers.standard.operators.bash import BashOperator',
  },
] as const;

const dagFiles = (bashImport: string): Record<string, string> => ({
  diff_rules: `from datetime import datetime, timedelta
from airflow import DAG
${bashImport}

with DAG(dag_id="diff_rules", start_date=datetime(2024, 1, 1), schedule=None):
    hello = BashOperator(task_id="hello", bash_command="echo hello {{ ds }} {{ dag_run.conf.get('who', 'nobody') }}")
    flaky = BashOperator(task_id="flaky", bash_command="echo try {{ ti.try_number }} >&2; exit 3", retries=1, retry_delay=timedelta(seconds=1))
    never = BashOperator(task_id="never", bash_command="echo never")
    cleanup = BashOperator(task_id="cleanup", bash_command="echo cleanup", trigger_rule="all_done")
    hello >> flaky >> never >> cleanup
`,
  diff_fail: `from datetime import datetime
from airflow import DAG
${bashImport}

with DAG(dag_id="diff_fail", start_date=datetime(2024, 1, 1), schedule=None):
    BashOperator(task_id="breaks", bash_command="echo about to fail; exit 2")
`,
});

interface Attempt {
  taskId: string;
  outcome: 'success' | 'failed';
  lines: string[];
}

/** One comparable line: `file LEVEL - message` (2.x) or `level event [logger] file` (3.x), ids made neutral. */
function comparable(line: string): string | null {
  const text = line
    .replace(/\d{8}T\d{6}/g, '<date>')
    .replace(/manual__[\dT:.+-]+/g, '<run_id>')
    .replace(/ti_id=[0-9a-f-]{36}/g, 'ti_id=<uuid>');
  const v2 = /^\[\d{4}-\d\d-\d\dT[\d:.]+\+0000\] \{([\w.]+):\d+\} (\w+) - (.*)$/.exec(text);
  if (v2) return `${v2[1]} ${v2[2]} - ${v2[3]}`;
  const v3 = /^\S+Z \[(\w+) *\] (.*?) +\[([\w.]+)\](?: (.*))?$/.exec(text);
  if (v3) {
    if (v3[3]!.startsWith('airflow.api_fastapi.')) return null;
    const loc = /(?:^| )loc=([\w.]+):\d+/.exec(v3[4] ?? '')?.[1] ?? '';
    return `${v3[1]} ${v3[2]} [${v3[3]}] ${loc}`;
  }
  // 2.x's second copy of task lines (the handler dag.test() adds, `%(asctime)s` without the T) and
  // traceback continuation lines.
  return null;
}

/** The attempts in console output: from `[DAG TEST] starting task_id=…` to the next attempt. */
function attempts(stdout: string): Attempt[] {
  const out: Attempt[] = [];
  let current: Attempt | null = null;
  for (const raw of stdout.split('\n')) {
    const line = comparable(raw);
    if (line === null) continue;
    const start = /\[DAG TEST\] starting task_id=(\S+)/.exec(line);
    if (start) {
      current = { taskId: start[1]!, outcome: 'success', lines: [] };
      out.push(current);
    }
    if (!current) continue;
    if (/No tasks to run\. unrunnable tasks/.test(line)) continue;
    if (/Task failed with exception/.test(line)) current.outcome = 'failed';
    current.lines.push(line);
    if (/\[DAG TEST\] end task|Task failed; ti=/.test(line)) current = null;
  }
  return out;
}

const airflow = (venv: string) => new URL(`../../../.venv/${venv}/bin/airflow`, import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'dags-test-diff-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.each(VERSIONS)('dags test as Airflow $version runs it (differential)', (v) => {
  describe.skipIf(!existsSync(airflow(v.venv)) && !process.env.CI)(`needs .venv/${v.venv}`, () => {
    const dir = join(root, v.version);
    const dags = join(dir, 'dags');
    mkdirSync(dags, { recursive: true });
    for (const [name, text] of Object.entries(dagFiles(v.bash))) writeFileSync(join(dags, `${name}.py`), text);
    const airflowEnv = {
      ...process.env,
      AIRFLOW_HOME: join(dir, 'airflow-home'),
      AIRFLOW__CORE__DAGS_FOLDER: dags,
      AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
      PYTHONWARNINGS: 'ignore',
    };
    beforeAll(() => {
      const m = spawnSync(airflow(v.venv), ['db', 'migrate'], { env: airflowEnv, encoding: 'utf8', timeout: 280_000 });
      if (m.status !== 0) throw new Error(`airflow db migrate failed: ${m.stderr}`);
    });
    const real = (dagId: string, args: string[]) => {
      const r = spawnSync(airflow(v.venv), ['dags', 'test', dagId, ...args], {
        env: airflowEnv,
        encoding: 'utf8',
        timeout: 240_000,
      });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const agentEnv = {
      MWAA_AGENT_DAGS_DIR: dags,
      MWAA_AGENT_STATE_DIR: join(dir, 'agent-state'),
      MWAA_AGENT_REQUIREMENTS_DIR: join(dir, 'requirements'),
    };
    mkdirSync(agentEnv.MWAA_AGENT_REQUIREMENTS_DIR);
    writeFileSync(
      join(agentEnv.MWAA_AGENT_REQUIREMENTS_DIR, 'requirements.txt'),
      `-c https://raw.githubusercontent.com/apache/airflow/${v.constraints}\n`,
    );

    it.each([
      ['diff_rules', ['2024-03-01', '-c', '{"who": "me"}']],
      ['diff_fail', ['2024-03-01']],
    ] as const)(
      '%s: same exit status, attempts, outcomes and attempt log lines',
      async (dagId, args) => {
        assertBuilt();
        const want = real(dagId, [...args]);
        const got = await mwaaAgent(['dags', 'test', dagId, ...args], agentEnv);
        expect(got.code, got.stderr).toBe(want.code);
        if (want.code !== 0) {
          expect(want.stderr.trimEnd().split('\n').at(-1)).toBe('DagRun failed');
          expect(got.stderr).toBe('DagRun failed\n');
        }
        const wanted = attempts(want.stdout);
        expect(wanted.length, want.stdout).toBeGreaterThan(0);
        const ours = attempts(got.stdout);
        expect(ours.map((a) => [a.taskId, a.outcome])).toEqual(wanted.map((a) => [a.taskId, a.outcome]));
        for (const [i, attempt] of wanted.entries()) expect(ours[i]!.lines).toEqual(attempt.lines);
      },
      300_000,
    );
  });
});
