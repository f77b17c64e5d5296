import type { ConnectionLookup } from '../connections/connection-lookup.js';
import type { VariableLookup } from './attempt-lookups.js';
import type { Clock } from '../core/clock.js';
import { AgentError } from '../core/errors.js';
import type { DagSpec } from '../dags/dag-model.js';
import type { DagRunRecord } from '../runs/run-records.js';
import { isoformatUtc } from '../python/datetime-format.js';
import type { AirflowProfile } from '../airflow/airflow-profile.js';
import type { Operator } from './operator.js';
import { TaskLogMasker } from './task-log-masker.js';
import { runAttempt, type AttemptResult } from './task-attempt.js';
import { openAttemptLogFile } from './attempt-log-file.js';
import { timeOrderedUuid } from './task-instance-ids.js';

export interface TestTaskOptions {
  clock: Clock;
  dag: DagSpec;
  taskId: string;
  /** Logical date (ISO); defaults to now, as `airflow tasks test` does. */
  logicalDate?: string | null;
  /** `dag_run.conf` for params (`tasks test -t`/`--task-params` is not offered). */
  conf?: Record<string, unknown>;
  operators: readonly Operator[];
  connections: ConnectionLookup;
  profile: AirflowProfile;
  dagsDir: string;
  stateDir: string;
  env: Readonly<Record<string, string | undefined>>;
  getVariable?: (key: string) => string | undefined;
  /** Variables through every backend (secrets backend, environment, store). */
  variables?: VariableLookup;
  hostname: string;
  /** Receives every formatted log line (the command prints them to stdout). */
  out: (line: string) => void;
  signal?: AbortSignal;
}

/**
 * `airflow tasks test`: one attempt of one task in a temporary run, with no state recorded (no TI row, no
 * XCom, no log file): the log goes to `out`. Upstream tasks and trigger rules are ignored, as in Airflow.
 */
export async function testTask(o: TestTaskOptions): Promise<AttemptResult> {
  const task = o.dag.tasks.find((t) => t.taskId === o.taskId);
  if (!task)
    throw new AgentError(
      'TASK_NOT_FOUND',
      `Task ${o.taskId} not found in DAG ${o.dag.dagId} (${o.dag.relativeFileloc}:${o.dag.line})`,
    );
  const now = o.clock.now();
  const logical = o.logicalDate ? new Date(o.logicalDate) : now;
  if (Number.isNaN(logical.getTime()))
    throw new AgentError('CONFIG_INVALID', `execution date ${JSON.stringify(o.logicalDate)} is not an ISO 8601 date`);
  const logicalIso = logical.toISOString();
  const run: DagRunRecord = {
    dagId: o.dag.dagId,
    runId: `__airflow_temporary_run_${isoformatUtc(now)}__`,
    runType: 'manual',
    state: 'running',
    logicalDate: logicalIso,
    dataIntervalStart: logicalIso,
    dataIntervalEnd: logicalIso,
    conf: o.conf ?? {},
    externalTrigger: false,
    queuedAt: null,
    startDate: now.toISOString(),
    endDate: null,
    lastSchedulingDecision: null,
    triggeringUserName: null,
    note: null,
    runAfter: logicalIso,
  };
  const masker = new TaskLogMasker();
  const tiId = timeOrderedUuid(now);
  const log = openAttemptLogFile({
    clock: o.clock,
    profile: o.profile,
    masker,
    path: null,
    sinks: [o.out],
    taskKeys: { run_id: run.runId, task_id: task.taskId, map_index: -1, dag_id: run.dagId, try_number: 1, ti_id: tiId },
  });
  return runAttempt({
    clock: o.clock,
    dag: o.dag,
    task,
    run,
    tryNumber: 1,
    tiId,
    operators: o.operators,
    connections: o.connections,
    profile: o.profile,
    dagsDir: o.dagsDir,
    stateDir: o.stateDir,
    log,
    masker,
    hostname: o.hostname,
    pid: process.pid,
    jobId: 0,
    env: o.env,
    getVariable: o.getVariable,
    variables: o.variables,
    signal: o.signal ?? new AbortController().signal,
    pushXCom: () => undefined,
  });
}
