import { mkdtempSync, readFileSync } from 'node:fs';
import { airflowProfile } from '../../../agent/airflow/profile-lookup.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionLookup } from '../../../agent/connections/connection-lookup.js';
import { AgentError } from '../../../agent/core/errors.js';
import type { Clock } from '../../../agent/core/clock.js';
import { EventBus } from '../../../agent/core/events.js';
import { silentLogger } from '../../../agent/core/logger.js';
import type { DagSpec, TaskSpec } from '../../../agent/dags/dag-model.js';
import type { DagRunRecord } from '../../../agent/runs/run-records.js';
import { newTaskInstances } from '../../../agent/runs/new-task-instances.js';
import { SqliteRunStore } from '../../../agent/state/sqlite-run-store.js';
import { BashOperator } from '../../../agent/tasks/bash-operator.js';
import { EmptyOperator } from '../../../agent/tasks/empty-operator.js';
import type { AirflowProfile } from '../../../agent/airflow/airflow-profile.js';
import type { Operator } from '../../../agent/tasks/operator.js';
import { RunExecutor, type RunExecutorOptions } from '../../../agent/tasks/run-executor.js';
import { taskLogPath } from '../../../agent/tasks/task-log-writer.js';
import { dagSpec, task } from '../../../harness/dag-specs.js';
import { StaticDagSource } from '../../../harness/static-dag-source.js';
import { dagRunRecord } from '../../../harness/run-records.js';

export const P210: AirflowProfile = airflowProfile('2.10.3', '3.14.0');
export const P222: AirflowProfile = airflowProfile('2.2.2', '2.3.0');

/** A task with Airflow's defaults; `upstream` lists task ids, downstream is derived by {@link makeDag}. */
export function bashTask(taskId: string, bashCommand: string, over: Partial<TaskSpec> = {}): TaskSpec {
  return task(taskId, { operator: 'BashOperator', args: { bash_command: bashCommand }, line: 1, ...over });
}

export function makeDag(dagId: string, tasks: TaskSpec[], over: Partial<DagSpec> = {}): DagSpec {
  for (const t of tasks)
    t.downstream = tasks
      .filter((d) => d.upstream.includes(t.taskId))
      .map((d) => d.taskId)
      .sort();
  return dagSpec({
    dagId,
    fileloc: `/nonexistent/${dagId}.py`,
    relativeFileloc: `${dagId}.py`,
    line: 1,
    schedule: { kind: 'none' },
    catchup: false,
    tasks: [...tasks].sort((a, b) => a.taskId.localeCompare(b.taskId)),
    ...over,
  });
}

export const noConnections: ConnectionLookup = {
  get(id) {
    throw new AgentError('CONNECTION_NOT_FOUND', `The conn_id \`${id}\` isn't defined`);
  },
};

/** Creates a RUNNING manual run with one none-state TI per task, as the scheduler would. */
export function createRunningRun(
  store: SqliteRunStore,
  dag: DagSpec,
  logicalDate = '2024-01-02T06:00:00+00:00',
  conf: Record<string, unknown> = {},
): DagRunRecord {
  const run = dagRunRecord({
    dagId: dag.dagId,
    runId: `manual__${logicalDate}`,
    state: 'running',
    logicalDate,
    dataIntervalStart: logicalDate,
    dataIntervalEnd: logicalDate,
    conf,
    queuedAt: logicalDate,
    startDate: logicalDate,
  });
  const tis = newTaskInstances(dag.dagId, run.runId, dag.tasks);
  store.createRun(run, tis);
  return run;
}

export interface Harness {
  stateDir: string;
  store: SqliteRunStore;
  events: EventBus;
  executor: RunExecutor;
  states(dagId: string, runId: string): Record<string, string | null>;
  logOf(dagId: string, runId: string, taskId: string, attempt: number): string;
  close(): Promise<void>;
}

export function startHarness(opts: {
  clock: Clock;
  dags: DagSpec[];
  profile?: AirflowProfile;
  parallelism?: number;
  env?: Record<string, string>;
  operators?: Operator[];
  stateDir?: string;
  /** Further executor options (output cap, kill grace). */
  executor?: Partial<RunExecutorOptions>;
}): Harness {
  const stateDir = opts.stateDir ?? mkdtempSync(join(tmpdir(), 'executor-'));
  const store = new SqliteRunStore({ file: join(stateDir, 'state.db') });
  const events = new EventBus();
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', ...opts.env };
  const executor = new RunExecutor({
    clock: opts.clock,
    store,
    dags: new StaticDagSource(opts.dags),
    operators: opts.operators ?? [new BashOperator({ env }), new EmptyOperator()],
    connections: noConnections,
    profile: () => opts.profile ?? P210,
    dagsDir: stateDir,
    stateDir,
    log: silentLogger(),
    events,
    parallelism: opts.parallelism ?? 32,
    hostname: 'test-host',
    env,
    ...opts.executor,
  });
  return {
    stateDir,
    store,
    events,
    executor,
    states: (dagId, runId) =>
      Object.fromEntries(store.listTaskInstances(dagId, runId).map((ti) => [ti.taskId, ti.state])),
    logOf: (dagId, runId, taskId, attempt) =>
      readFileSync(taskLogPath(stateDir, dagId, runId, taskId, attempt), 'utf8'),
    close: async () => {
      await executor.stop();
      store.close();
    },
  };
}

/** The DAG of the kill -9 test: its first attempt outlives the agent, its second succeeds at once. */
export function crashDag(): DagSpec {
  return makeDag('crash', [
    bashTask(
      't',
      'if [ "$AIRFLOW_CTX_TRY_NUMBER" = 1 ]; then sleep 5; fi; echo "done on try $AIRFLOW_CTX_TRY_NUMBER"',
      { retries: 1, retryDelaySeconds: 0 },
    ),
  ]);
}
