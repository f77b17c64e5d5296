/**
 * The DAG model the static parser produces and every later stage consumes. Values are as Airflow would
 * have them after DagBag loaded the file (defaults applied, default_args merged), in UTC.
 */

/** How a DAG is scheduled, after Airflow's `create_timetable` mapping. */
export type ScheduleSpec =
  | { kind: 'none' } // schedule=None: manual runs only
  | { kind: 'once' } // "@once"
  | { kind: 'continuous' } // "@continuous"
  /** Cron string or preset. `expression` is the cron form ("@daily" → "0 0 * * *"); 5 or 6 fields. */
  | { kind: 'cron'; expression: string }
  /** timedelta schedule, and the implicit default (1 day) when no schedule argument is given. */
  | { kind: 'delta'; seconds: number };

export const TRIGGER_RULES = [
  'all_success',
  'all_failed',
  'all_done',
  'all_skipped',
  'one_success',
  'one_failed',
  'one_done',
  'none_failed',
  'none_failed_min_one_success',
  'none_skipped',
  'always',
] as const;
export type TriggerRule = (typeof TRIGGER_RULES)[number];

export interface TaskSpec {
  /** Full id, with TaskGroup prefixes (`group.task`). */
  taskId: string;
  /** Operator class name as written in the DAG file: SSHOperator, BashOperator, EmptyOperator, PythonOperator, … */
  operator: string;
  /** Sorted task ids. */
  upstream: string[];
  /** Sorted task ids. */
  downstream: string[];
  triggerRule: TriggerRule;
  retries: number;
  retryDelaySeconds: number;
  retryExponentialBackoff: boolean;
  maxRetryDelaySeconds: number | null;
  executionTimeoutSeconds: number | null;
  dependsOnPast: boolean;
  doXcomPush: boolean;
  /**
   * Operator-specific arguments as evaluated: for SSHOperator ssh_conn_id, command, remote_host, cmd_timeout,
   * conn_timeout, environment, get_pty, banner_timeout, skip_on_exit_code; for BashOperator bash_command, env,
   * append_env, cwd, skip_on_exit_code. Python values map to JSON (None → null, timedelta → seconds).
   */
  args: Record<string, unknown>;
  /** 1-based line of the operator call in the DAG file. */
  line: number;
}

export interface DagSpec {
  dagId: string;
  /** Absolute path of the file that defines the DAG. */
  fileloc: string;
  /** Path relative to the DAG folder, with `/` separators. */
  relativeFileloc: string;
  /** 1-based line of the DAG(...) call or @dag decorator. */
  line: number;
  schedule: ScheduleSpec;
  /** The schedule as written (e.g. "@daily"), { timedelta_seconds } for a timedelta, or null for None. */
  scheduleAsWritten: string | { timedelta_seconds: number } | null;
  /** ISO 8601 UTC, or null. */
  startDate: string | null;
  endDate: string | null;
  /** IANA name from the start_date's tz, else "UTC". */
  timezone: string;
  catchup: boolean;
  maxActiveRuns: number;
  maxActiveTasks: number;
  dagrunTimeoutSeconds: number | null;
  isPausedUponCreation: boolean | null;
  description: string | null;
  tags: string[];
  params: Record<string, unknown>;
  /** Sorted by taskId. */
  tasks: TaskSpec[];
}

/** A file Airflow would show in the "Broken DAG" banner. */
export interface DagImportError {
  /** Path relative to the DAG folder. */
  filename: string;
  line: number | null;
  column: number | null;
  message: string;
}

export interface DagParseResult {
  dags: DagSpec[];
  importErrors: DagImportError[];
}
