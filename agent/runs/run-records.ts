/**
 * Records kept by the run store. Dates are ISO 8601 strings in UTC with `+00:00`, as Airflow's API shows them,
 * all written by `storedDate` (stored-date.ts).
 */

export type DagRunState = 'queued' | 'running' | 'success' | 'failed';
/** Airflow's run types; 'dataset_triggered' is 2.4–2.x's name of an asset-triggered run. */
export type DagRunType = 'manual' | 'scheduled' | 'backfill' | 'dataset_triggered' | 'asset_triggered';

export type TaskInstanceState =
  | 'scheduled'
  | 'queued'
  | 'running'
  | 'success'
  | 'failed'
  | 'up_for_retry'
  | 'deferred'
  | 'skipped'
  | 'upstream_failed'
  | 'removed';

export const FINISHED_TI_STATES: ReadonlySet<TaskInstanceState> = new Set([
  'success',
  'failed',
  'skipped',
  'upstream_failed',
  'removed',
]);

export interface DagRecord {
  dagId: string;
  isPaused: boolean;
  /**
   * The DAG file of the last parse that produced the DAG, relative to the DAG folder (`DagSpec.fileloc` is
   * the absolute path; `DagSpec.relativeFileloc` is this).
   */
  relativeFileloc: string;
  /** False once the DAG's file no longer defines it (history is kept, as in Airflow). */
  isActive: boolean;
  hasImportErrors: boolean;
  lastParsedTime: string | null;
  /** Data-interval end of the latest automated (scheduled/backfill) run: the scheduling watermark. */
  lastAutomatedDataIntervalEnd: string | null;
}

export interface DagRunRecord {
  dagId: string;
  runId: string;
  runType: DagRunType;
  state: DagRunState;
  /** = execution_date; null for an Airflow 3 run without one (manual by default, asset-triggered). */
  logicalDate: string | null;
  dataIntervalStart: string | null;
  dataIntervalEnd: string | null;
  conf: Record<string, unknown>;
  externalTrigger: boolean;
  queuedAt: string | null;
  startDate: string | null;
  endDate: string | null;
  lastSchedulingDecision: string | null;
  note: string | null;
  /** Who triggered a manual run through the API (Airflow 3's `triggering_user_name`); null otherwise. */
  triggeringUserName: string | null;
  /**
   * Airflow 3's `run_after`: the run is not started before it (the fire time of a scheduled run, the trigger
   * time of a manual one, the triggering event's time of an asset-triggered one). Runs stored before it
   * existed have Airflow's migration value, `coalesce(data_interval_end, logical_date)`.
   */
  runAfter: string;
}

export interface TaskInstanceRecord {
  dagId: string;
  runId: string;
  taskId: string;
  mapIndex: number;
  state: TaskInstanceState | null;
  /** Attempt number of the current/last attempt (1-based); 0 before the first attempt. */
  tryNumber: number;
  /** = retries (Airflow's max_tries). */
  maxTries: number;
  operator: string;
  startDate: string | null;
  endDate: string | null;
  /** Seconds, or null. */
  duration: number | null;
  queuedWhen: string | null;
  /** When an up_for_retry task may run again. */
  nextRetryAt: string | null;
  hostname: string;
  unixname: string;
  pid: number | null;
  /** A user's note on the task instance (Airflow's `note`). */
  note: string | null;
  /**
   * A deferred task's trigger (Airflow's trigger row: the class and the arguments it is re-created from), kept
   * until the trigger fires; a restarted agent's trigger loop starts it again from this.
   */
  trigger: TriggerSpec | null;
  /** When a deferred task fails unless its trigger fired (Airflow's `trigger_timeout`). */
  triggerTimeout: string | null;
  /**
   * The method a deferred task resumes in (`execute_complete`) and its arguments, `event` being the trigger's
   * payload (Airflow's `next_method` / `next_kwargs`); null for a task that was not deferred.
   */
  nextMethod: string | null;
  nextKwargs: Record<string, unknown> | null;
}

/** A trigger as Airflow stores it: `classpath` and the `kwargs` of its `serialize()`. */
export interface TriggerSpec {
  classpath: string;
  kwargs: Record<string, unknown>;
  /** When the task deferred (Airflow's trigger `created_date`). */
  createdAt: string;
}

export interface XComRecord {
  dagId: string;
  runId: string;
  taskId: string;
  mapIndex: number;
  key: string;
  /** JSON-encoded value. */
  value: string;
  timestamp: string;
}
