import type { ConnectionLookup } from '../connections/connection-lookup.js';
import { AttemptLookups, renderWithLookups, type VariableLookup } from './attempt-lookups.js';
import type { Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import type { DagSpec, TaskSpec } from '../dags/dag-model.js';
import type { AssetEventRecord } from '../runs/asset-event-records.js';
import type { DagRunRecord } from '../runs/run-records.js';
import type { AttemptFacts } from './attempt-log-lines.js';
import type { AttemptLog } from './attempt-log.js';
import { taskRunnerAttemptLog } from './task-runner-log-lines.js';
import { textAttemptLog } from './text-attempt-log.js';
import { dagVersionId, timeOrderedUuid } from './task-instance-ids.js';
import type { AirflowProfile } from '../airflow/airflow-profile.js';
import type { Deferral, Operator, OperatorOutcome, ResumePoint } from './operator.js';
import { PythonException } from '../python/exceptions.js';
import { isEligibleToRetry, retryDelaySeconds } from './retry-policy.js';
import type { TaskLogMasker } from './task-log-masker.js';
import type { TaskLogger } from './task-log.js';
import { buildTemplateContext } from './template-context.js';
import { renderTemplateFields, TemplateFieldError, templateSearchPath } from './template-renderer.js';
import { storedDate } from '../runs/stored-date.js';

export interface AttemptOptions {
  clock: Clock;
  dag: DagSpec;
  task: TaskSpec;
  run: DagRunRecord;
  /** 1-based attempt number. */
  tryNumber: number;
  /** The mapped instance's map index; -1 (the default) for a task that is not mapped. */
  mapIndex?: number;
  operators: readonly Operator[];
  connections: ConnectionLookup;
  profile: AirflowProfile;
  dagsDir: string;
  stateDir: string;
  log: TaskLogger;
  masker: TaskLogMasker;
  hostname: string;
  pid: number;
  jobId: number;
  /** Airflow 3's task instance id of this try (its JSON log records carry it); made up when absent. */
  tiId?: string;
  /** The agent's environment (AIRFLOW_VAR_*, BashOperator's inherited env). */
  env: Readonly<Record<string, string | undefined>>;
  getVariable?: (key: string) => string | undefined;
  /** Variables through every backend (secrets backend, environment, store); replaces `env`/`getVariable` lookups. */
  variables?: VariableLookup;
  /** The events an asset-triggered run consumed (`triggering_asset_events`). */
  triggeringAssetEvents?: readonly AssetEventRecord[];
  /** The DAG's latest successful run before this one (`prev_*_success`). */
  previousSuccessfulRun?: DagRunRecord | null;
  /**
   * Aborted when the agent stops (the attempt fails as Airflow's does on SIGTERM), or with an
   * {@link ExternalStateChange} reason when the TI or its run was set to another state from outside.
   */
  signal: AbortSignal;
  /**
   * How long a stopped operator may take to end its processes (SIGTERM … SIGKILL, Airflow's
   * killed_task_cleanup_time); the attempt waits that long plus {@link SETTLE_MS} before it fails anyway.
   */
  killGraceMs?: number;
  /** See {@link OperatorContext.maxOutputBytes}. */
  maxOutputBytes?: number | null;
  /** See {@link AttemptFacts.inProcess}. */
  inProcess?: boolean;
  /** A task back from deferral: where it continues; the attempt keeps its try number and first start date. */
  resume?: ResumePoint | null;
  /** The attempt's first start date when it resumes after deferral (Airflow keeps it). */
  startDate?: string | null;
  pushXCom(key: string, value: unknown): void;
}

export interface AttemptResult {
  state: 'success' | 'skipped' | 'failed' | 'up_for_retry' | 'deferred';
  /** What a deferred task waits on. */
  deferral?: Deferral;
  startDate: string;
  endDate: string;
  /** When an up_for_retry attempt may run again. */
  nextRetryAt: string | null;
  /** The failure as Airflow's traceback ends it (`<class>: <message>`), for the agent log. */
  error: string | null;
}

/** Default of {@link AttemptOptions.killGraceMs}: Airflow's `[core] killed_task_cleanup_time` (60 s). */
const KILL_GRACE_MS = 60_000;
/** Time an operator gets after its grace period to report how it ended. */
const SETTLE_MS = 5_000;

/** Abort reason: the TI (or its run) was set to `state` by someone else, e.g. dagrun_timeout or the API. */
export class ExternalStateChange {
  constructor(readonly state: string) {}
}

class AttemptFailure extends PythonException {
  constructor(
    pyClass: string,
    message: string,
    readonly forceFail = false,
  ) {
    super(pyClass, message);
  }
}

/**
 * Provider operators that run no user Python but that mwaa-agent does not run in the emulated version: their
 * failure must not say the task is Python code.
 */
const NOT_YET_RUN: Readonly<Record<string, string>> = {
  SSHRemoteJobOperator: 'the SSH provider of this environment has no SSHRemoteJobOperator (it came with 4.3.0)',
};

function unsupported(task: TaskSpec, operators: readonly Operator[]): AttemptFailure {
  const supported = operators.flatMap((o) => o.operatorNames).join(', ');
  const reason = NOT_YET_RUN[task.operator] ?? 'it never executes Python code from DAG files';
  return new AttemptFailure(
    'airflow.exceptions.AirflowFailException',
    `mwaa-agent cannot run ${task.operator} (task_id: ${task.taskId}): ${reason}; supported operators: ${supported}`,
    true,
  );
}

/**
 * One attempt of one task instance, as LocalTaskJob + `_run_raw_task` do it: the pre-execution lines, template
 * rendering, `execute()` under execution_timeout, XCom return_value, and the closing lines for the outcome.
 * Never throws: every failure becomes a failed/up_for_retry result with its log lines.
 */
export async function runAttempt(o: AttemptOptions): Promise<AttemptResult> {
  const startDate = o.startDate ?? storedDate(o.clock.now());
  const facts: AttemptFacts = {
    profile: o.profile,
    dag: o.dag,
    task: o.task,
    run: o.run,
    tryNumber: o.tryNumber,
    mapIndex: o.mapIndex ?? -1,
    maxAttempts: o.task.retries + 1,
    hostname: o.hostname,
    pid: o.pid,
    jobId: o.jobId,
    startDate,
    tiId: o.tiId ?? timeOrderedUuid(o.clock.now()),
    dagVersionId: dagVersionId(o.dag),
    inProcess: o.inProcess ?? false,
  };
  // The version's run-level lines: Airflow 2's LocalTaskJob text, or Airflow 3's task-runner records.
  const lines = o.profile.taskLog.format === 'json' ? taskRunnerAttemptLog(o.log, facts) : textAttemptLog(o.log, facts);
  lines.started(o.resume != null);
  try {
    const outcome = await execute(o, lines);
    const endDate = storedDate(o.clock.now());
    if (outcome.state === 'deferred') {
      lines.deferred();
      return { state: 'deferred', deferral: outcome.deferral, startDate, endDate, nextRetryAt: null, error: null };
    }
    if (outcome.state === 'skipped') {
      lines.skipped(outcome.reason, endDate);
      return { state: 'skipped', startDate, endDate, nextRetryAt: null, error: null };
    }
    const push = o.task.doXcomPush && outcome.returnValue !== undefined && outcome.returnValue !== null;
    if (push) o.pushXCom('return_value', outcome.returnValue);
    lines.succeeded(endDate, push);
    return { state: 'success', startDate, endDate, nextRetryAt: null, error: null };
  } catch (e) {
    const failure =
      e instanceof PythonException
        ? e
        : new PythonException(pythonClassOf(e) ?? o.profile.tasks.airflowExceptionClass, errorMessage(e));
    const forceFail = failure instanceof AttemptFailure && failure.forceFail;
    const endDate = storedDate(o.clock.now());
    const retry = !forceFail && isEligibleToRetry(o.task, o.tryNumber);
    if (failure instanceof TemplateFieldError) lines.renderFailed(failure.field, failure.template, failure);
    lines.failed({
      pyClass: failure.pyClass,
      message: failure.message,
      state: retry ? 'UP_FOR_RETRY' : 'FAILED',
      endDate,
      forceFail,
    });
    const delay = retry
      ? retryDelaySeconds({
          task: o.task,
          dagId: o.dag.dagId,
          logicalDate: o.run.logicalDate,
          tryNumber: o.tryNumber,
          profile: o.profile,
        })
      : 0;
    return {
      state: retry ? 'up_for_retry' : 'failed',
      startDate,
      endDate,
      nextRetryAt: retry ? storedDate(new Date(new Date(endDate).getTime() + delay * 1000)) : null,
      error: `${failure.pyClass}: ${failure.message}`,
    };
  }
}

/**
 * A trigger that failed or timed out resumes its task in `__fail__` (Airflow's `_execute_task`), which raises
 * before the operator runs again.
 */
function deferralFailure(resume: ResumePoint): AttemptFailure {
  const event = (resume.event ?? {}) as { error?: unknown };
  const error = String(event.error ?? 'Unknown');
  const cls = error === 'Trigger/execution timeout' ? 'TaskDeferralTimeout' : 'TaskDeferralError';
  return new AttemptFailure(`airflow.exceptions.${cls}`, error);
}

/** The Python class an operator's error names (the SSH path's paramiko and OSError classes), if any. */
function pythonClassOf(e: unknown): string | null {
  const cls = (e as { pythonClass?: unknown } | null)?.pythonClass;
  return typeof cls === 'string' ? cls : null;
}

async function execute(o: AttemptOptions, lines: AttemptLog): Promise<OperatorOutcome> {
  const operator = o.operators.find((op) => op.operatorNames.includes(o.task.operator));
  if (!operator) throw unsupported(o.task, o.operators);
  if (o.resume?.method === '__fail__') throw deferralFailure(o.resume);
  const lookups = new AttemptLookups(o.connections, o.variables ?? null);
  const context = buildTemplateContext({
    dag: o.dag,
    task: o.task,
    run: o.run,
    tryNumber: o.tryNumber,
    mapIndex: o.mapIndex,
    profile: o.profile,
    connections: lookups,
    masker: o.masker,
    env: o.env,
    getVariable: o.getVariable,
    variables: o.variables ? (key) => lookups.variable(key) : undefined,
    triggeringAssetEvents: o.triggeringAssetEvents,
    previousSuccessfulRun: o.previousSuccessfulRun,
  });
  const args = await renderWithLookups(lookups, () =>
    renderTemplateFields({
      args: o.task.args,
      fields: operator.templateFields(o.profile),
      templateExt: operator.templateExt(o.profile),
      searchPath: templateSearchPath(o.dag.fileloc),
      context,
    }),
  );
  lines.rendered();

  const kill = new AbortController();
  const timerStop = new AbortController();
  let reason: AttemptFailure | null = null;
  const abort = (failure: AttemptFailure): void => {
    reason ??= failure;
    kill.abort(failure);
  };
  const onStop = (): void => {
    const why: unknown = o.signal.reason;
    lines.terminated(why instanceof ExternalStateChange ? why.state : null);
    abort(new AttemptFailure('airflow.exceptions.AirflowException', 'Task received SIGTERM signal'));
  };
  if (o.signal.aborted) onStop();
  else o.signal.addEventListener('abort', onStop, { once: true });

  const timeoutS = o.task.executionTimeoutSeconds;
  // Back from deferral, execution_timeout counts from the attempt's first start (Airflow's _execute_task).
  const from = o.resume && o.startDate ? new Date(o.startDate).getTime() : o.clock.now().getTime();
  const deadline = timeoutS !== null && timeoutS > 0 ? new Date(from + timeoutS * 1000) : null;
  if (deadline) {
    o.clock.sleepUntil(deadline, timerStop.signal).then(
      () => {
        lines.timedOut(o.pid);
        abort(new AttemptFailure('airflow.exceptions.AirflowTaskTimeout', `Timeout, PID: ${o.pid}`));
      },
      () => undefined,
    );
  }

  const run = operator.execute({
    dag: o.dag,
    task: o.task,
    run: o.run,
    tryNumber: o.tryNumber,
    args,
    log: o.log,
    secrets: o.masker,
    connections: o.connections,
    profile: o.profile,
    dagsDir: o.dagsDir,
    stateDir: o.stateDir,
    signal: kill.signal,
    maxOutputBytes: o.maxOutputBytes ?? null,
    resume: o.resume ?? null,
    pushXCom: o.pushXCom,
  });
  // Once killed, the operator has a grace period to settle; the attempt fails with the kill reason either way.
  const killed = new Promise<never>((_, reject) => {
    kill.signal.addEventListener(
      'abort',
      () => {
        const graceEnd = new Date(o.clock.now().getTime() + (o.killGraceMs ?? KILL_GRACE_MS) + SETTLE_MS);
        o.clock.sleepUntil(graceEnd, timerStop.signal).then(
          () => reject(reason),
          () => reject(reason),
        );
        run.then(
          () => reject(reason),
          () => reject(reason),
        );
      },
      { once: true },
    );
  });
  try {
    const outcome = await Promise.race([run, killed]);
    if (reason) throw reason;
    return outcome;
  } catch (e) {
    throw reason ?? e;
  } finally {
    timerStop.abort();
    o.signal.removeEventListener('abort', onStop);
  }
}
