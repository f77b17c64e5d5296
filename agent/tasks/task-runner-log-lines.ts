import { randomBytes } from 'node:crypto';
import type { TaskRunnerSources } from '../airflow/airflow-facts.js';
import { pyRepr } from '../python/repr.js';
import type { AttemptLog } from './attempt-log.js';
import type { AttemptFacts, FailureFacts } from './attempt-log-lines.js';
import type { TaskLogger } from './task-log.js';

/**
 * Airflow 3's task-runner records around an operator (`airflow/sdk/execution_time/task_runner.py`): the
 * worker's start-up (bundle, DagBag, 3.3's "Pre Execute" group and parse timings), the render error, then
 * per outcome "Post Execute", "Pushing xcom", "Skipping task." or "Task failed with exception" with Airflow's
 * `error_detail`. 3.x logs no dependency, attempt, command, marking or exit-code lines.
 */
export function taskRunnerAttemptLog(log: TaskLogger, f: AttemptFacts): AttemptLog {
  const src = f.profile.taskRunner.sources;
  if (!src) throw new Error(`Airflow ${f.profile.airflowVersion} has no task-runner records in the version table`);
  const maybe = (message: string, source: TaskRunnerSources['preExecuteGroup']): void => {
    if (source) log.info(message, source);
  };
  const end = (): void => maybe('::endgroup::', src.postExecuteGroupEnd);
  return {
    started: () => {
      // In-process (`dags test`), the task runs in the CLI's process: no worker start-up.
      if (f.inProcess) return log.bindTaskInstance?.();
      maybe('::group::Pre Execute', src.preExecuteGroup);
      log.bindTaskInstance?.();
      log.info('DAG bundles loaded: dags-folder', src.bundlesLoaded);
      log.info(`Filling up the DagBag from ${f.dag.fileloc}`, src.fillingDagBag);
      if (src.workerStartup)
        log.info('Worker startup parse complete', src.workerStartup, {
          bundle_name: 'dags-folder',
          bundle_version: null,
          dag_file: f.dag.relativeFileloc,
          dag_id: f.dag.dagId,
          bundle_prepare_ms: 0,
          dag_file_parse_ms: 0,
        });
    },
    rendered: () => maybe('::endgroup::', src.preExecuteGroupEnd),
    renderFailed: (field, template, failure) => {
      // The failure itself follows as "Task failed with exception", with the same error_detail.
      log.error(
        `Exception rendering Jinja template for task '${f.task.taskId}', field '${field}'. Template: ${pyRepr(template)}`,
        src.renderError,
        { error_detail: errorDetail(failure) },
      );
    },
    succeeded: (_endDate, pushedXcom) => {
      maybe('::group::Post Execute', src.postExecuteGroup?.success ?? null);
      if (pushedXcom) log.info('Pushing xcom', src.pushingXcom, { ti: runtimeTaskInstanceRepr(f) });
      end();
    },
    deferred: () => {
      log.info('Pausing task as DEFERRED. ', src.pausingAsDeferred, {
        dag_id: f.dag.dagId,
        task_id: f.task.taskId,
        run_id: f.run.runId,
      });
      end();
    },
    skipped: (reason) => {
      maybe('::group::Post Execute', src.postExecuteGroup?.skipped ?? null);
      log.info('Skipping task.', src.skipping, { reason });
      end();
    },
    failed: (fail) => {
      const kind = failureKind(fail);
      log.error('Task failed with exception', src.taskFailed[kind], { error_detail: errorDetail(fail) });
      maybe('::group::Post Execute', src.postExecuteGroup?.[kind] ?? null);
      end();
    },
    timedOut: (pid) => {
      if (src.timedOutPidField) log.error('Process timed out', src.timedOut, { pid });
      else log.error(`Process timed out, PID: ${pid}`, src.timedOut);
    },
    terminated: () => undefined,
  };
}

/** Which `except` clause of `_run_task_and_map_outcome` logs the failure. */
function failureKind(fail: FailureFacts): 'failFast' | 'airflow' | 'other' {
  if (fail.forceFail || fail.pyClass === 'airflow.exceptions.AirflowFailException') return 'failFast';
  const airflow = ['airflow.exceptions.AirflowException', 'airflow.exceptions.AirflowTaskTimeout'];
  return airflow.includes(fail.pyClass) ? 'airflow' : 'other';
}

/**
 * structlog's `error_detail` (`dict_tracebacks`) for the failure: the exception's class name and text. The
 * agent runs no Python, so there are no frames to show.
 */
export function errorDetail(fail: Pick<FailureFacts, 'pyClass' | 'message'>): unknown[] {
  return [
    {
      exc_type: fail.pyClass.split('.').pop(),
      exc_value: fail.message,
      exc_notes: [],
      syntax_error: null,
      is_cause: false,
      frames: [],
      is_group: false,
      exceptions: [],
    },
  ];
}

/** `repr(RuntimeTaskInstance)` in "Pushing xcom": the pydantic model's fields, 3.3 with a few more. */
function runtimeTaskInstanceRepr(f: AttemptFacts): string {
  const v33 = f.profile.taskRunner.tiRepr === 'v3.3';
  const start = new Date(f.startDate);
  const micros = Number(/\.(\d{1,6})/.exec(f.startDate)?.[1]?.padEnd(6, '0') ?? 0);
  const date = [start.getUTCFullYear(), start.getUTCMonth() + 1, start.getUTCDate(), start.getUTCHours()];
  const time = [start.getUTCMinutes(), start.getUTCSeconds(), ...(micros ? [micros] : [])];
  const fields = [
    `id=UUID(${pyRepr(f.tiId)})`,
    `task_id=${pyRepr(f.task.taskId)}`,
    `dag_id=${pyRepr(f.dag.dagId)}`,
    `run_id=${pyRepr(f.run.runId)}`,
    `try_number=${f.tryNumber}`,
    ...(v33 ? [`dag_version_id=UUID(${pyRepr(f.dagVersionId)})`] : []),
    `map_index=${f.mapIndex}`,
    `hostname=${pyRepr(f.hostname)}`,
    v33
      ? `context_carrier={'traceparent': '00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-00'}`
      : 'context_carrier=None',
    ...(v33 ? ["queue='default'"] : []),
    `task=<Task(${f.task.operator}): ${f.task.taskId}>`,
    'bundle_instance=LocalDagBundle(name=dags-folder)',
    `max_tries=${f.task.retries}`,
    `start_date=datetime.datetime(${[...date, ...time].join(', ')}, tzinfo=datetime.timezone.utc)`,
    'end_date=None',
    "state=<TaskInstanceState.RUNNING: 'running'>",
    `is_mapped=${f.mapIndex >= 0 ? 'True' : 'False'}`,
    'rendered_map_index=None',
    ...(v33 ? ["sentry_integration=''"] : [`log_url=${pyRepr(logUrl(f))}`]),
  ];
  return `RuntimeTaskInstance(${fields.join(', ')})`;
}

/**
 * 3.0's `get_log_url_from_ti`: `[api] base_url` (default `http://localhost:8080/`) + the UI path of the try.
 */
function logUrl(f: AttemptFacts): string {
  return `http://localhost:8080/dags/${f.dag.dagId}/runs/${pythonQuote(f.run.runId)}/tasks/${f.task.taskId}?try_number=${f.tryNumber}`;
}

/** `urllib.parse.quote(s)`: everything but letters, digits, `_.-~` and `/` percent-encoded. */
function pythonQuote(s: string): string {
  return Array.from(new TextEncoder().encode(s), (b) => {
    const c = String.fromCharCode(b);
    return /[A-Za-z0-9_.\-~/]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
}
