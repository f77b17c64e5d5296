/**
 * Records kept by the run store. Dates are ISO 8601 strings in UTC with `+00:00`, as Airflow's API shows them,
 * all written by `storedDate` (stored-date.ts).
 */

export type DagRunState = 'queued' | 'running' | 'success' | 'failed';
export type DagRunType = 'manual' | 'scheduled' | 'backfill';

export type TaskInstanceState =
  | 'scheduled'
  | 'queued'
  | 'running'
  | 'success'
  | 'failed'
  | 'up_for_retry'
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
  /** = execution_date. */
  logicalDate: string;
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
