import type { AirflowProfile } from '../airflow/airflow-profile.js';
import type { LogSource } from '../airflow/log-source.js';
import type { DagSpec, TaskSpec } from '../dags/dag-model.js';
import type { DagRunRecord } from '../runs/run-records.js';
import { isoBasicUtc, pendulumStr } from '../python/datetime-format.js';
import { pyRepr } from '../python/repr.js';
import { airflowContextVars } from './airflow-context-env.js';
import type { TaskLogger } from './task-log.js';

/** What the lines around one attempt mention. */
export interface AttemptFacts {
  profile: AirflowProfile;
  dag: DagSpec;
  task: TaskSpec;
  run: DagRunRecord;
  tryNumber: number;
  /** A mapped instance's map index; -1 for a task that is not mapped. */
  mapIndex: number;
  /** retries + 1. */
  maxAttempts: number;
  hostname: string;
  pid: number;
  /** Airflow's LocalTaskJob id: an agent-wide counter. */
  jobId: number;
  startDate: string;
  /** Airflow 3's task instance id (one per try) and DAG version id, UUIDs the agent makes up. */
  tiId: string;
  dagVersionId: string;
  /**
   * The attempt runs as `dag.test()` runs it (`dags test`): `_run_raw_task` (2.x) or `run_task_in_process`
   * (3.x) in the CLI's process, so no LocalTaskJob, task runner or worker start-up lines, and 2.x's marking
   * line has an empty start_date (the TI's start date is not set on that path).
   */
  inProcess?: boolean;
}

/** Final state written by Airflow's `_log_state`, upper-case. */
export type MarkedState = 'SUCCESS' | 'FAILED' | 'UP_FOR_RETRY' | 'SKIPPED';

function tiRepr(f: AttemptFacts, state: string): string {
  const mapped = f.mapIndex !== -1 ? `map_index=${f.mapIndex} ` : '';
  return `<TaskInstance: ${f.dag.dagId}.${f.task.taskId} ${f.run.runId} ${mapped}[${state}]>`;
}

/** Logs `message` when the version prints the line (a null source means it does not). */
function optional(log: TaskLogger, message: string, source: LogSource | null): void {
  if (source) log.info(message, source);
}

/** The pre-execution lines of LocalTaskJob, the task runner and `_run_raw_task`, up to the operator's own output. */
export function logPreExecution(log: TaskLogger, f: AttemptFacts, resuming = false): void {
  const { taskLog, taskLogSources: src } = f.profile;
  if (f.inProcess) {
    logExportedVars(log, f);
    return;
  }
  optional(log, '::group::Pre task execution logs', src.preExecutionGroup);
  for (const deps of ['non-requeueable', 'requeueable']) {
    const ti = tiRepr(f, 'queued');
    const text = taskLog.dependencyLines === 'dep-context' ? `dep_context=${deps} deps ti=${ti}` : ti;
    log.info(`Dependencies all met for ${text}`, src.dependenciesMet);
  }
  const rule = `\n${'-'.repeat(80)}`;
  optional(log, rule, src.attemptRuleBefore);
  if (resuming) log.info('Resuming after deferral', src.resumingAfterDeferral);
  else log.info(`Starting attempt ${f.tryNumber} of ${f.maxAttempts}`, src.startingAttempt);
  optional(log, rule, src.attemptRuleAfter);
  const logicalDate = pendulumStr(f.run.logicalDate ?? f.run.runAfter, f.profile.libraries.pendulumMajor);
  log.info(`Executing <Task(${f.task.operator}): ${f.task.taskId}> on ${logicalDate}`, src.executing);
  log.info(`Started process ${f.pid} to run task`, src.startedProcess);
  log.info(`Running: ${runCommand(f)}`, src.runningCommand);
  log.info(`Job ${f.jobId}: Subtask ${f.task.taskId}`, src.jobSubtask);
  log.info(`Running ${tiRepr(f, 'running')} on host ${f.hostname}`, src.runningOnHost);
  logExportedVars(log, f);
}

/** `Exporting env vars: …` and the end of the pre-execution group. */
function logExportedVars(log: TaskLogger, f: AttemptFacts): void {
  const { taskLog, taskLogSources: src } = f.profile;
  const vars = airflowContextVars(f.profile, f.dag, f.task, f.run, f.tryNumber);
  const exported =
    taskLog.envVarsLine === 'one-per-line'
      ? `Exporting the following env vars:\n${vars.map(([k, v]) => `${k}=${v}`).join('\n')}`
      : `Exporting env vars: ${vars.map(([k, v]) => `${k}=${pyRepr(v)}`).join(' ')}`;
  log.info(exported, src.exportingEnvVars);
  optional(log, '::endgroup::', src.preExecutionGroupEnd);
}

/** The `airflow tasks run --raw` argv the task runner logs; no temporary cfg file exists, so none is shown. */
function runCommand(f: AttemptFacts): string {
  const argv = [
    'airflow',
    'tasks',
    'run',
    f.dag.dagId,
    f.task.taskId,
    f.run.runId,
    '--job-id',
    String(f.jobId),
    '--raw',
    '--subdir',
    `DAGS_FOLDER/${f.dag.relativeFileloc}`,
  ];
  return `[${argv.map((a) => pyRepr(a)).join(', ')}]`;
}

/** Airflow's `_date_or_empty`: `%Y%m%dT%H%M%S`, or "" for a missing date. */
function dateOrEmpty(t: string | null | undefined): string {
  return t ? isoBasicUtc(t) : '';
}

/** `Marking task as <STATE>. dag_id=…` with the fields of the emulated version. */
export function markingLine(f: AttemptFacts, state: MarkedState, endDate: string): string {
  const runId = f.profile.taskLog.markingIncludesRunId ? `run_id=${f.run.runId}, ` : '';
  const mapIndex = f.mapIndex >= 0 ? `map_index=${f.mapIndex}, ` : '';
  return `Marking task as ${state}. dag_id=${f.dag.dagId}, task_id=${f.task.taskId}, ${runId}${mapIndex}execution_date=${dateOrEmpty(f.run.logicalDate)}, start_date=${f.inProcess ? '' : dateOrEmpty(f.startDate)}, end_date=${dateOrEmpty(endDate)}`;
}

/** Lines after a successful or skipped attempt. */
export function logFinished(log: TaskLogger, f: AttemptFacts, state: 'SUCCESS' | 'SKIPPED', endDate: string): void {
  const src = f.profile.taskLogSources;
  optional(log, '::group::Post task execution logs', src.postExecutionGroup);
  log.info(markingLine(f, state, endDate), src.markingSuccess);
  if (f.inProcess) return;
  log.info('Task exited with return code 0', src.exitCode);
  log.info(
    `${f.task.downstream.length} downstream tasks scheduled from follow-on schedule check`,
    src.downstreamScheduled,
  );
  optional(log, '::endgroup::', src.postExecutionGroupEnd);
}

/** Lines after execute() deferred: `_run_raw_task`'s "Pausing task as DEFERRED" and LocalTaskJob's exit. */
export function logDeferred(log: TaskLogger, f: AttemptFacts): void {
  const src = f.profile.taskLogSources;
  log.info(
    `Pausing task as DEFERRED. dag_id=${f.dag.dagId}, task_id=${f.task.taskId}, run_id=${f.run.runId}, execution_date=${dateOrEmpty(f.run.logicalDate)}, start_date=${dateOrEmpty(f.startDate)}`,
    src.pausingAsDeferred,
  );
  optional(log, '::group::Post task execution logs', src.postExecutionGroup);
  log.info('Task exited with return code 100 (task deferral)', src.deferralExit);
  optional(log, '::endgroup::', src.postExecutionGroupEnd);
}

export interface FailureFacts {
  /** Qualified Python exception class, e.g. `airflow.exceptions.AirflowException`. */
  pyClass: string;
  message: string;
  state: 'FAILED' | 'UP_FOR_RETRY';
  endDate: string;
  /** AirflowFailException-like failures skip retries and say so. */
  forceFail: boolean;
}

/** A short traceback in Python's shape, ending with the exception line users search for. */
function traceback(f: AttemptFacts, fail: FailureFacts): string {
  const site = '/usr/local/lib/python3/site-packages/airflow/models/taskinstance.py';
  return [
    'Traceback (most recent call last):',
    `  File "${site}", line ${f.profile.taskLogSources.tracebackExecuteTaskLine}, in _execute_task`,
    '    result = execute_callable(context=context)',
    `${fail.pyClass}: ${fail.message}`,
  ].join('\n');
}

/** Lines after a failed attempt: `Task failed with exception` + traceback, the marking line, the job's exit. */
export function logFailed(log: TaskLogger, f: AttemptFacts, fail: FailureFacts): void {
  const src = f.profile.taskLogSources;
  const prefix = fail.forceFail ? 'Immediate failure requested. ' : '';
  log.error(`Task failed with exception\n${traceback(f, fail)}`, src.taskFailed);
  log.info(prefix + markingLine(f, fail.state, fail.endDate), src.markingFailure);
  optional(log, '::group::Post task execution logs', src.postExecutionGroup);
  if (f.inProcess) return;
  const detail = f.profile.taskLog.failedJobDetail ? ` (${fail.message}; ${f.pid})` : '';
  log.error(`Failed to execute job ${f.jobId} for task ${f.task.taskId}${detail}`, src.failedToExecuteJob);
  log.info('Task exited with return code 1', src.exitCode);
  optional(log, '::endgroup::', src.postExecutionGroupEnd);
}
