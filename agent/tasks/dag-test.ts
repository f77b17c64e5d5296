import type { AirflowProfile } from '../airflow/airflow-profile.js';
import type { ConnectionLookup } from '../connections/connection-lookup.js';
import type { Clock } from '../core/clock.js';
import { EventBus } from '../core/events.js';
import type { Logger } from '../core/logger.js';
import type { DagSpec, TaskSpec } from '../dags/dag-model.js';
import type { DagSource } from '../dags/dag-source.js';
import { strUtc } from '../python/datetime-format.js';
import { MemoryRunStore } from '../runs/memory-run-store.js';
import { storedDate } from '../runs/stored-date.js';
import { createManualRun } from '../schedule/manual-run.js';
import type { VariableLookup } from './attempt-lookups.js';
import { consoleLine, consoleTaskLogLines } from './console-log-lines.js';
import type { Operator } from './operator.js';
import { RunExecutor } from './run-executor.js';
import type { TaskLogLevel } from './task-log.js';
import { timeOrderedUuid } from './task-instance-ids.js';
import type { TiState } from './ti-transitions.js';

export interface DagTestOptions {
  clock: Clock;
  dag: DagSpec;
  /** The run's logical date; `airflow dags test` uses now when none is given, on every version. */
  logicalDate: Date;
  conf: Record<string, unknown>;
  /** Task ids this matches in full are marked successful instead of run (`--mark-success-pattern`). */
  markSuccess: RegExp | null;
  operators: readonly Operator[];
  connections: ConnectionLookup;
  profile: AirflowProfile;
  dagsDir: string;
  /** Only read (key files, startup exports); nothing is written there. */
  stateDir: string;
  env: Readonly<Record<string, string | undefined>>;
  variables?: VariableLookup;
  hostname: string;
  log: Logger;
  /** Receives every console line, without its newline. */
  out: (line: string) => void;
  signal?: AbortSignal;
}

export interface DagTestResult {
  runId: string;
  state: 'success' | 'failed';
  /** Each task's final state, in the DAG's task order. */
  taskStates: { taskId: string; state: TiState }[];
}

/**
 * `airflow dags test`: one whole DAG run in this process with no scheduler and no API, every task through the
 * agent's run executor (trigger rules, retries after their delay, one task at a time as `dag.test()` runs
 * them), on a run store in memory that is dropped at the end; task logs go to `out` in the console format of
 * the version, between the `[DAG TEST]` lines `dag.test()` writes around each attempt.
 */
export async function testDag(o: DagTestOptions): Promise<DagTestResult> {
  const { dag, profile, clock } = o;
  const store = new MemoryRunStore();
  const events = new EventBus();
  const created = createManualRun(store, dag, {
    now: clock.now(),
    conf: o.conf,
    logicalDate: o.logicalDate,
    replaceMicroseconds: false,
    runs: profile.runs,
  });
  const run = store.updateRun(dag.dagId, created.runId, {
    state: 'running',
    startDate: storedDate(o.logicalDate),
  });
  const say = (level: TaskLogLevel, message: string, source = profile.dagTest.sources.startingTask) =>
    o.out(consoleLine(profile, clock.now(), level, message, source));
  const marked = (task: TaskSpec) => o.markSuccess?.test(task.taskId) ?? false;
  const tiRepr = (taskId: string, state: string) =>
    profile.dagTest.tiRepr === 'state-value'
      ? `<TaskInstance: ${dag.dagId}.${taskId} ${run.runId} [${state}]>`
      : `<TaskInstance: ${dag.dagId}.${taskId} ${run.runId} [TaskInstanceState.${state.toUpperCase()}] ti_id=${timeOrderedUuid(clock.now())}>`;
  const { sources } = profile.dagTest;

  events.on('task:started', ({ runId, taskId }) => {
    if (runId !== run.runId) return;
    say('INFO', `[DAG TEST] starting task_id=${taskId} map_index=-1`, sources.startingTask);
    say('INFO', `[DAG TEST] running task ${tiRepr(taskId, 'scheduled')}`, sources.runningTask);
  });
  events.on('task:finished', ({ runId, taskId, state }) => {
    if (runId !== run.runId) return;
    const task = dag.tasks.find((t) => t.taskId === taskId);
    if (task && marked(task)) {
      if (sources.markSuccess) say('INFO', markSuccessLine(task, run.logicalDate), sources.markSuccess);
      else {
        say('INFO', `[DAG TEST] starting task_id=${taskId} map_index=-1`, sources.startingTask);
        say('INFO', `[DAG TEST] end task task_id=${taskId} map_index=-1`, sources.endTask);
      }
      return;
    }
    const failed = state === 'failed' || state === 'up_for_retry';
    if (failed && profile.dagTest.afterFailure === 'task-failed')
      say('ERROR', `Task failed; ti=${tiRepr(taskId, state)}`, sources.taskFailed);
    else say('INFO', `[DAG TEST] end task task_id=${taskId} map_index=-1`, sources.endTask);
  });

  const finished = new Promise<string>((resolve) => {
    events.on('run:finished', (p) => {
      if (p.runId === run.runId) resolve(p.state);
    });
  });
  const executor = new RunExecutor({
    clock,
    store,
    dags: singleDag(dag),
    operators: o.operators,
    connections: o.connections,
    profile: () => profile,
    dagsDir: o.dagsDir,
    stateDir: o.stateDir,
    log: o.log,
    events,
    // dag.test() runs the scheduled task instances one after the other, in this process.
    parallelism: 1,
    hostname: o.hostname,
    env: o.env,
    variables: o.variables,
    taskLogSink: (line) => {
      for (const l of consoleTaskLogLines(line)) o.out(l);
    },
    markSuccess: o.markSuccess ? marked : undefined,
    inProcess: true,
  });
  const aborted = new Promise<string>((resolve) => {
    if (o.signal?.aborted) resolve('failed');
    o.signal?.addEventListener('abort', () => resolve('failed'), { once: true });
  });
  await executor.start();
  let state: string;
  try {
    state = await Promise.race([finished, aborted]);
  } finally {
    await executor.stop();
  }
  const tis = new Map(store.listTaskInstances(dag.dagId, run.runId).map((ti) => [ti.taskId, ti.state]));
  return {
    runId: run.runId,
    state: state === 'success' ? 'success' : 'failed',
    taskStates: dag.tasks.map((t) => ({ taskId: t.taskId, state: tis.get(t.taskId) ?? null })),
  };
}

/** 3.x: `[DAG TEST] Marking success for <Task(BashOperator): t> on 2024-03-01 00:00:00+00:00`. */
function markSuccessLine(task: TaskSpec, logicalDate: string | null): string {
  const date = logicalDate ? strUtc(new Date(logicalDate)) : 'None';
  return `[DAG TEST] Marking success for <Task(${task.operator}): ${task.taskId}> on ${date}`;
}

function singleDag(dag: DagSpec): DagSource {
  return {
    list: () => [dag],
    get: (dagId) => (dagId === dag.dagId ? dag : undefined),
    importErrors: () => [],
    hasImportErrors: () => false,
  };
}
