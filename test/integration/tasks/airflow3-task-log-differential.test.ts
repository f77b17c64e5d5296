import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { airflowProfile } from '../../../agent/airflow/profile-lookup.js';
import { ManualClock } from '../../../agent/core/clock.js';
import type { DagSpec, TaskSpec } from '../../../agent/dags/dag-model.js';
import { BashOperator } from '../../../agent/tasks/bash-operator.js';
import { EmptyOperator } from '../../../agent/tasks/empty-operator.js';
import { JsonTaskLogWriter } from '../../../agent/tasks/json-task-log-writer.js';
import { runAttempt } from '../../../agent/tasks/task-attempt.js';
import { TaskLogMasker } from '../../../agent/tasks/task-log-masker.js';
import { taskLogMessages } from '../../../agent/tasks/task-log-records.js';
import { dagSpec, task } from '../../../harness/dag-specs.js';
import { dagRunRecord } from '../../../harness/run-records.js';
import { noConnections } from './executor-harness.js';
import { normalise, type Rec } from './task-log-records.js';

/**
 * Bash and Empty task logs against Airflow 3's own task runner (`airflow_task_runner.py`: the real
 * `task_runner.main()` of the 3.0.6 / 3.3.1 venv, start-up to finalize, with the supervisor's answers faked):
 * the same records, level, logger, callsite, fields and task keys, record by record, modulo timestamps, ids
 * and timings. Then the log endpoint's reading of the agent's file against Airflow's own reader.
 */
const VERSIONS = ['3.0.6', '3.3.1'] as const;
const python = (version: string): string =>
  new URL(`../../../.venv/airflow-${version}/bin/python`, import.meta.url).pathname;
const runner = new URL('./airflow_task_runner.py', import.meta.url).pathname;
const reader = new URL('./airflow_log_reader.py', import.meta.url).pathname;

const DAG_FILE = `import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG, Asset

with DAG("rt_bash", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None) as dag:
    BashOperator(
        task_id="bash_ok",
        bash_command='echo "hello from bash"; echo "to stderr" >&2; printf "a\\\\n\\\\nb\\\\n"; echo "{{ ds }} {{ run_id }} {{ logical_date }}"',
        outlets=[Asset("s3://rt/bash")],
    )
    BashOperator(task_id="bash_fail", bash_command="echo before; exit 3", retries=0)
    BashOperator(task_id="bash_skip", bash_command="exit 99")
    BashOperator(task_id="bash_quiet", bash_command="true", do_xcom_push=False)
    BashOperator(task_id="tmpl_execution_date", bash_command="echo {{ execution_date }}", retries=0)
    BashOperator(task_id="tmpl_ds", bash_command="echo {{ ds }}", retries=0)
    EmptyOperator(task_id="empty", outlets=[Asset("s3://rt/empty")])
`;

const bash = (taskId: string, command: string, overrides: Partial<TaskSpec> = {}): TaskSpec =>
  task(taskId, { operator: 'BashOperator', args: { bash_command: command }, ...overrides });
const TASKS: TaskSpec[] = [
  bash(
    'bash_ok',
    'echo "hello from bash"; echo "to stderr" >&2; printf "a\\n\\nb\\n"; echo "{{ ds }} {{ run_id }} {{ logical_date }}"',
  ),
  bash('bash_fail', 'echo before; exit 3'),
  bash('bash_skip', 'exit 99'),
  bash('bash_quiet', 'true', { doXcomPush: false }),
  bash('tmpl_execution_date', 'echo {{ execution_date }}'),
  bash('tmpl_ds', 'echo {{ ds }}'),
  task('empty', { operator: 'EmptyOperator' }),
];

interface Case {
  task_id: string;
  run_id: string;
  logical_date: string | null;
  data_interval: [string, string] | null;
  run_after: string;
}
const WITH_DATE = {
  run_id: 'manual__2026-12-07T12:47:50.509016+00:00',
  logical_date: '2024-06-15T00:00:00+00:00',
  data_interval: ['2026-12-07T12:47:50.509016+00:00', '2026-12-07T12:47:50.509016+00:00'] as [string, string],
  run_after: '2026-12-07T12:47:50.509016+00:00',
};
const WITHOUT_DATE = {
  run_id: 'manual__2026-12-07T12:46:28.357650+00:00',
  logical_date: null,
  data_interval: null,
  run_after: '2026-12-07T12:46:28.357650+00:00',
};
const CASES: Case[] = [
  { task_id: 'bash_ok', ...WITH_DATE },
  { task_id: 'bash_ok', ...WITHOUT_DATE },
  { task_id: 'bash_fail', ...WITH_DATE },
  { task_id: 'bash_skip', ...WITHOUT_DATE },
  { task_id: 'bash_quiet', ...WITH_DATE },
  { task_id: 'tmpl_execution_date', ...WITH_DATE },
  { task_id: 'tmpl_ds', ...WITHOUT_DATE },
  { task_id: 'empty', ...WITH_DATE },
];

const dagsDir = mkdtempSync(join(tmpdir(), 'af3-task-log-'));
writeFileSync(join(dagsDir, 'rt_bash.py'), DAG_FILE);
afterAll(() => rmSync(dagsDir, { recursive: true, force: true }));
const dag: DagSpec = dagSpec({
  dagId: 'rt_bash',
  fileloc: join(dagsDir, 'rt_bash.py'),
  relativeFileloc: 'rt_bash.py',
  schedule: { kind: 'none' },
  tasks: TASKS,
});

function realRecords(version: string): { records: Rec[]; state: string }[] {
  const home = mkdtempSync(join(tmpdir(), 'airflow-home-'));
  try {
    const out = spawnSync(python(version), [runner, dagsDir], {
      input: CASES.map((c) => JSON.stringify({ dag_id: 'rt_bash', ...c })).join('\n'),
      env: { ...process.env, AIRFLOW_HOME: home, PYTHONWARNINGS: 'ignore' },
      encoding: 'utf8',
      timeout: 300_000,
    });
    if (out.status !== 0) throw new Error(`Airflow task runner failed: ${out.stderr}`);
    const results: { records: Rec[]; state: string }[] = [];
    let records: Rec[] = [];
    for (const line of out.stdout.split('\n')) {
      if (line.startsWith('@@END ')) {
        results.push({ records, state: line.slice(6) });
        records = [];
      } else if (line.startsWith('{')) {
        // The supervisor writes the child's `exception` as `error_detail` (supervisor.py process_log_messages_from_subprocess).
        const { exception, ...rec } = JSON.parse(line) as Rec;
        records.push(exception === undefined ? rec : { ...rec, error_detail: exception });
      }
    }
    return results;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

async function agentRecords(version: string, c: Case): Promise<{ records: Rec[]; state: string; text: string }> {
  const profile = airflowProfile(version);
  const dir = mkdtempSync(join(tmpdir(), 'agent-log-'));
  const path = join(dir, 'attempt=1.log');
  const clock = new ManualClock('2026-12-07T12:48:10Z');
  const masker = new TaskLogMasker();
  const run = dagRunRecord({
    dagId: 'rt_bash',
    runId: c.run_id,
    logicalDate: c.logical_date,
    dataIntervalStart: c.data_interval?.[0] ?? null,
    dataIntervalEnd: c.data_interval?.[1] ?? null,
    runAfter: c.run_after,
    conf: {},
  });
  const keys = { run_id: c.run_id, task_id: c.task_id, map_index: -1, dag_id: 'rt_bash', try_number: 1, ti_id: 'x' };
  const log = new JsonTaskLogWriter({ clock, profile, masker, path, taskKeys: keys });
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  try {
    const result = await runAttempt({
      clock,
      dag,
      task: dag.tasks.find((t) => t.taskId === c.task_id)!,
      run,
      tryNumber: 1,
      operators: [new BashOperator({ env }), new EmptyOperator()],
      connections: noConnections,
      profile,
      dagsDir,
      stateDir: dir,
      log,
      masker,
      hostname: 'agent-host',
      pid: process.pid,
      jobId: 1,
      env,
      signal: new AbortController().signal,
      pushXCom: () => undefined,
    });
    log.close();
    const text = readFileSync(path, 'utf8');
    return {
      records: text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Rec),
      state: result.state,
      text,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.each(VERSIONS)('task logs read as Airflow %s writes them (differential)', (version) => {
  describe.skipIf(!existsSync(python(version)) && !process.env.CI)(`needs .venv/airflow-${version}`, () => {
    const real = realRecords(version);

    it.each(CASES.map((c, i) => [`${c.task_id}${c.logical_date ? '' : ' (no logical date)'}`, c, i] as const))(
      '%s: same records, fields and outcome',
      async (_name, c, i) => {
        const want = real[i]!;
        const got = await agentRecords(version, c);
        expect(got.state).toBe(want.state);
        expect(got.records.map(normalise)).toEqual(want.records.map(normalise));
      },
    );

    it('serves the agent’s log file as Airflow’s own reader does', async () => {
      const { text } = await agentRecords(version, CASES[0]!);
      const out = spawnSync(python(version), [reader], {
        input: text,
        env: { ...process.env, AIRFLOW_HOME: mkdtempSync(join(tmpdir(), 'airflow-home-')) },
        encoding: 'utf8',
      });
      if (out.status !== 0) throw new Error(out.stderr);
      expect(taskLogMessages(text)).toEqual(JSON.parse(out.stdout));
    });
  });
});
