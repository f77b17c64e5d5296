import type { DagSpec, TaskSpec } from '../dags/dag-model.js';
import type { DagRunRecord } from '../runs/run-records.js';
import { airflowContextVars } from './airflow-context-env.js';
import { isoBasicUtc } from '../python/datetime-format.js';
import { airflowAtLeast, emulatedPendulumStr } from './airflow-version.js';
import type { AirflowProfile } from './operator.js';
import { pyRepr } from '../python/repr.js';
import type { TaskLogger } from './task-log.js';

/** What the lines around one attempt mention. */
export interface AttemptFacts {
  profile: AirflowProfile;
  dag: DagSpec;
  task: TaskSpec;
  run: DagRunRecord;
  tryNumber: number;
  /** retries + 1. */
  maxAttempts: number;
  hostname: string;
  pid: number;
  /** Airflow's LocalTaskJob id: an agent-wide counter. */
  jobId: number;
  startDate: string;
}

/** Final state written by Airflow's `_log_state`, upper-case. */
export type MarkedState = 'SUCCESS' | 'FAILED' | 'UP_FOR_RETRY' | 'SKIPPED';

const v22 = (p: AirflowProfile): boolean => !airflowAtLeast(p, '2.3.0');
const src = (file: string, line: number) => ({ file, line });

function tiRepr(f: AttemptFacts, state: string): string {
  return `<TaskInstance: ${f.dag.dagId}.${f.task.taskId} ${f.run.runId} [${state}]>`;
}

/** The pre-execution lines of LocalTaskJob, the task runner and `_run_raw_task`, up to the operator's own output. */
export function logPreExecution(log: TaskLogger, f: AttemptFacts): void {
  const p = f.profile;
  if (v22(p)) {
    log.info(`Dependencies all met for ${tiRepr(f, 'queued')}`, src('taskinstance.py', 1035));
    log.info(`Dependencies all met for ${tiRepr(f, 'queued')}`, src('taskinstance.py', 1035));
    log.info(`\n${'-'.repeat(80)}`, src('taskinstance.py', 1241));
    log.info(`Starting attempt ${f.tryNumber} of ${f.maxAttempts}`, src('taskinstance.py', 1242));
    log.info(`\n${'-'.repeat(80)}`, src('taskinstance.py', 1243));
    log.info(
      `Executing <Task(${f.task.operator}): ${f.task.taskId}> on ${emulatedPendulumStr(f.run.logicalDate, p)}`,
      src('taskinstance.py', 1262),
    );
    log.info(`Started process ${f.pid} to run task`, src('standard_task_runner.py', 52));
    log.info(`Running: ${runCommand(f)}`, src('standard_task_runner.py', 76));
    log.info(`Job ${f.jobId}: Subtask ${f.task.taskId}`, src('standard_task_runner.py', 77));
    log.info(`Running ${tiRepr(f, 'running')} on host ${f.hostname}`, src('logging_mixin.py', 109));
    const vars = airflowContextVars(p, f.dag, f.task, f.run, f.tryNumber);
    log.info(
      `Exporting the following env vars:\n${vars.map(([k, v]) => `${k}=${v}`).join('\n')}`,
      src('taskinstance.py', 1427),
    );
    return;
  }
  const groups = airflowAtLeast(p, '2.9.0');
  if (groups) log.info('::group::Pre task execution logs', src('local_task_job_runner.py', 123));
  if (airflowAtLeast(p, '2.6.0')) {
    log.info(
      `Dependencies all met for dep_context=non-requeueable deps ti=${tiRepr(f, 'queued')}`,
      src('taskinstance.py', 2613),
    );
    log.info(
      `Dependencies all met for dep_context=requeueable deps ti=${tiRepr(f, 'queued')}`,
      src('taskinstance.py', 2613),
    );
  } else {
    log.info(`Dependencies all met for ${tiRepr(f, 'queued')}`, src('taskinstance.py', 1165));
    log.info(`Dependencies all met for ${tiRepr(f, 'queued')}`, src('taskinstance.py', 1165));
  }
  log.info(`Starting attempt ${f.tryNumber} of ${f.maxAttempts}`, src('taskinstance.py', 2866));
  log.info(
    `Executing <Task(${f.task.operator}): ${f.task.taskId}> on ${emulatedPendulumStr(f.run.logicalDate, p)}`,
    src('taskinstance.py', 2889),
  );
  log.info(`Started process ${f.pid} to run task`, src('standard_task_runner.py', 72));
  log.info(`Running: ${runCommand(f)}`, src('standard_task_runner.py', 104));
  log.info(`Job ${f.jobId}: Subtask ${f.task.taskId}`, src('standard_task_runner.py', 105));
  log.info(`Running ${tiRepr(f, 'running')} on host ${f.hostname}`, src('task_command.py', 467));
  const vars = airflowContextVars(p, f.dag, f.task, f.run, f.tryNumber);
  log.info(`Exporting env vars: ${vars.map(([k, v]) => `${k}=${pyRepr(v)}`).join(' ')}`, src('taskinstance.py', 3132));
  if (groups) log.info('::endgroup::', src('taskinstance.py', 731));
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

/** `Marking task as <STATE>. dag_id=…` with the fields of the emulated version. */
export function markingLine(f: AttemptFacts, state: MarkedState, endDate: string): string {
  const runId = airflowAtLeast(f.profile, '2.9.1') ? `run_id=${f.run.runId}, ` : '';
  return `Marking task as ${state}. dag_id=${f.dag.dagId}, task_id=${f.task.taskId}, ${runId}execution_date=${dateOrEmpty(f.run.logicalDate)}, start_date=${dateOrEmpty(f.startDate)}, end_date=${dateOrEmpty(endDate)}`;
}

/** Airflow's `_date_or_empty`: `%Y%m%dT%H%M%S`, or "" for a missing date. */
function dateOrEmpty(t: string | null | undefined): string {
  return t ? isoBasicUtc(t) : '';
}

/** Lines after a successful or skipped attempt. */
export function logFinished(log: TaskLogger, f: AttemptFacts, state: 'SUCCESS' | 'SKIPPED', endDate: string): void {
  if (v22(f.profile)) {
    log.info(markingLine(f, state, endDate), src('taskinstance.py', 1280));
    log.info('Task exited with return code 0', src('local_task_job.py', 154));
    log.info(
      `${f.task.downstream.length} downstream tasks scheduled from follow-on schedule check`,
      src('local_task_job.py', 264),
    );
    return;
  }
  const groups = airflowAtLeast(f.profile, '2.9.0');
  if (groups) log.info('::group::Post task execution logs', src('taskinstance.py', 340));
  log.info(markingLine(f, state, endDate), src('taskinstance.py', 352));
  log.info('Task exited with return code 0', src('local_task_job_runner.py', 266));
  log.info(
    `${f.task.downstream.length} downstream tasks scheduled from follow-on schedule check`,
    src('taskinstance.py', 3895),
  );
  if (groups) log.info('::endgroup::', src('local_task_job_runner.py', 245));
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
    `  File "${site}", line ${v22(f.profile) ? 1332 : 465}, in _execute_task`,
    '    result = execute_callable(context=context)',
    `${fail.pyClass}: ${fail.message}`,
  ].join('\n');
}

/** Lines after a failed attempt: `Task failed with exception` + traceback, the marking line, the job's exit. */
export function logFailed(log: TaskLogger, f: AttemptFacts, fail: FailureFacts): void {
  const prefix = fail.forceFail ? 'Immediate failure requested. ' : '';
  const old = v22(f.profile);
  log.error(`Task failed with exception\n${traceback(f, fail)}`, src('taskinstance.py', old ? 1703 : 3311));
  log.info(prefix + markingLine(f, fail.state, fail.endDate), src('taskinstance.py', old ? 1280 : 1227));
  const groups = airflowAtLeast(f.profile, '2.9.0');
  if (groups) log.info('::group::Post task execution logs', src('taskinstance.py', 340));
  log.error(
    `Failed to execute job ${f.jobId} for task ${f.task.taskId}${old ? '' : ` (${fail.message}; ${f.pid})`}`,
    src('standard_task_runner.py', old ? 92 : 124),
  );
  log.info(
    'Task exited with return code 1',
    src(old ? 'local_task_job.py' : 'local_task_job_runner.py', old ? 154 : 266),
  );
  if (groups) log.info('::endgroup::', src('local_task_job_runner.py', 245));
}
