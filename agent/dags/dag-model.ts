import type { VariableAnswer } from './parse-variables.js';
/**
 * The DAG model the static parser produces and every later stage consumes. Values are as Airflow would
 * have them after DagBag loaded the file with the emulated version (defaults applied, default_args merged),
 * in UTC. Which timetable a schedule becomes, which names exist and which defaults apply come from the
 * version table (`airflow/`); the model says what came out, so later stages never ask which version it was.
 */

/**
 * A schedule made of time alone: one of Airflow's timetables. `timezone` is the timetable's own, given
 * when the DAG file constructs a timetable object with `timezone=`; absent, the timetable runs in the
 * DAG's timezone (DagSpec.timezone), as a schedule given as a string does.
 */
export type TimeScheduleSpec =
  /** NullTimetable: `schedule=None` (and Airflow 3's default): manual runs only. */
  | { kind: 'none' }
  /** OnceTimetable: `"@once"`. */
  | { kind: 'once' }
  /** ContinuousTimetable: `"@continuous"`. */
  | { kind: 'continuous' }
  /**
   * CronDataIntervalTimetable: a cron string or preset on Airflow 2 (`[scheduler] create_cron_data_intervals`
   * True), or the class itself. `expression` is the cron form ("@daily" → "0 0 * * *"); 5 or 6 fields.
   */
  | { kind: 'cron'; expression: string; timezone?: string }
  /**
   * DeltaDataIntervalTimetable: a timedelta schedule on Airflow 2, the class itself, and Airflow 2's default
   * (1 day) when no schedule argument is given.
   */
  | { kind: 'delta'; seconds: number }
  /**
   * CronTriggerTimetable: a cron string or preset on Airflow 3 (`create_cron_data_intervals` False), or the
   * class itself. Runs at each fire time; `intervalSeconds` (`interval=`, default 0) is the length of the
   * data interval that ends at the fire time. `runImmediately` (3.x `run_immediately=`): false, true, or
   * a number of seconds (a timedelta).
   */
  | {
      kind: 'cron-trigger';
      expression: string;
      intervalSeconds: number;
      runImmediately: boolean | number;
      timezone?: string;
    }
  /** MultipleCronTriggerTimetable (3.x): fires at every time any of `expressions` fires. */
  | {
      kind: 'multiple-cron-trigger';
      expressions: string[];
      intervalSeconds: number;
      runImmediately: boolean | number;
      timezone?: string;
    }
  /**
   * DeltaTriggerTimetable: a timedelta schedule on Airflow 3, or the class itself. Runs every `seconds`;
   * `intervalSeconds` as for cron-trigger.
   */
  | { kind: 'delta-trigger'; seconds: number; intervalSeconds: number };

/** How a DAG is scheduled, after Airflow's `create_timetable` mapping. */
export type ScheduleSpec =
  | TimeScheduleSpec
  /**
   * AssetTriggeredTimetable (3.x) / DatasetTriggeredTimetable (2.4+): a run each time `condition` is met
   * by asset events. `schedule=[a, b]` is `all` of them.
   */
  | { kind: 'assets'; condition: AssetCondition }
  /** AssetOrTimeSchedule (3.x) / DatasetOrTimeSchedule (2.9+): the timetable's runs and the asset-triggered ones. */
  | { kind: 'asset-or-time'; condition: AssetCondition; timetable: TimeScheduleSpec };

/**
 * An asset (Airflow 3) or dataset (Airflow 2.4+) as the emulated version identifies it: 3.x by name and
 * URI (`AssetUniqueKey`), 2.x by URI.
 */
export interface AssetRef {
  /** Airflow's class: 'Asset', 'AssetDefinition' (`@asset`), or 'Dataset' (2.x). */
  className: string;
  /** `Asset.name`; the URI when not given (Airflow's own default), and for a 2.x Dataset (which has none). */
  name: string;
  /** The URI as Airflow normalised it. */
  uri: string;
  /** `Asset.group`, 'asset' by default; '' for a 2.x Dataset. */
  group: string;
}

/** An asset alias: the task adds the events' assets at run time (`outlet_events[alias].add(...)`). */
export interface AssetAliasRef {
  /** 'AssetAlias' (3.x) or 'DatasetAlias' (2.10). */
  className: string;
  name: string;
  group: string;
}

/** A condition over asset events, as Airflow's `as_expression()` structures it. */
export type AssetCondition =
  | { kind: 'asset'; asset: AssetRef }
  | { kind: 'alias'; alias: AssetAliasRef }
  /** `a & b` and `schedule=[a, b]`: every one has a new event. */
  | { kind: 'all'; of: AssetCondition[] }
  /** `a | b`: any one has a new event. */
  | { kind: 'any'; of: AssetCondition[] };

/** A task outlet: the asset gets an event when the task succeeds; an alias gets the ones the task adds. */
export type OutletSpec = { kind: 'asset'; asset: AssetRef } | { kind: 'alias'; alias: AssetAliasRef };

/** The timetable as Airflow names and summarises it (the UI's "Schedule", `timetable_summary`). */
export interface TimetableInfo {
  /** The class name the emulated version uses: CronTriggerTimetable, DatasetTriggeredTimetable, … */
  type: string;
  /** `Timetable.summary`: "0 0 * * *", "1:30:00", "None", "@once", "Asset", "Asset or 0 1 * * 3", … */
  summary: string;
}

export const TRIGGER_RULES = [
  'all_success',
  'all_failed',
  'all_done',
  'all_done_min_one_success',
  'all_done_setup_success',
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

/**
 * A reference to an upstream task's pushed value in a mapping (`.output`, a TaskFlow call's result) and
 * what `.map(f)`, `.zip(...)`, `.concat(...)` make of such references: the JSON Airflow's XComArg classes
 * serialize to in the differential oracle.
 */
export type XComArgJson =
  | { xcom_arg: { task_id: string; key: string } }
  | { xcom_arg_map: { arg: XComArgJson; callables: number } }
  | { xcom_arg_zip: XComArgJson[] }
  | { xcom_arg_concat: XComArgJson[] };

/** A mapped task's expansion, as written (`.expand(...)` / `.expand_kwargs(...)`). */
export interface TaskMapping {
  /** Airflow's expand input: `expand(**kw)` is DictOfListsExpandInput, `expand_kwargs(v)` ListOfDictsExpandInput. */
  input: 'DictOfListsExpandInput' | 'ListOfDictsExpandInput';
  /**
   * The expand keywords as a dict (DictOfLists) or expand_kwargs's argument (ListOfDicts), as JSON; an
   * XComArg anywhere in it is an XComArgJson.
   */
  value: unknown;
  /** A mapped TaskFlow task (Airflow's DecoratedMappedOperator). */
  decorated: boolean;
  /** The arguments `partial(...)` was given (those Airflow shows for a mapped task), sorted. */
  partialArgs: string[];
}

export interface TaskSpec {
  /** Full id, with TaskGroup prefixes (`group.task`). */
  taskId: string;
  /** Operator class name as Airflow reports it: SSHOperator, BashOperator, EmptyOperator, _PythonDecoratedOperator, … */
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
  /** `BaseOperator.owner` ("airflow" unless given or in default_args); the DAG's owners are its tasks'. */
  owner: string;
  /** Assets and aliases the task updates when it succeeds (`outlets=`), in the order written. */
  outlets: OutletSpec[];
  /** `@setup` / `.as_setup()`. */
  isSetup: boolean;
  /** `@teardown` / `.as_teardown()` (its trigger rule is then all_done_setup_success). */
  isTeardown: boolean;
  /**
   * Operator-specific arguments as evaluated: for SSHOperator ssh_conn_id, command, remote_host, cmd_timeout,
   * conn_timeout, environment, get_pty, banner_timeout, skip_on_exit_code; for BashOperator bash_command, env,
   * append_env, cwd, skip_on_exit_code. Python values map to JSON (None → null, timedelta → seconds).
   */
  args: Record<string, unknown>;
  /** 1-based line of the operator call in the DAG file. */
  line: number;
  /** `max_active_tis_per_dag`: instances of this task running at once across the DAG's runs (absent: no limit). */
  maxActiveTisPerDag?: number;
  /** `max_active_tis_per_dagrun`: instances of this task running at once in one run (absent: no limit). */
  maxActiveTisPerDagrun?: number;
  /** Present for a mapped task: `args` then holds the partial arguments with the operator's defaults. */
  mapping?: TaskMapping;
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
  /** The timetable `schedule` became, named and summarised as the emulated version does. */
  timetable: TimetableInfo;
  /**
   * The schedule as written (e.g. "@daily"), { timedelta_seconds } for a timedelta, null for None; for
   * what is neither, Airflow 2's `schedule_interval` text ("Dataset", "Dataset or 0 1 * * 3") or, on
   * Airflow 3, the timetable object ({ timetable, summary }) or the asset condition ({ assets }).
   */
  scheduleAsWritten:
    | string
    | { timedelta_seconds: number }
    | { timetable: string; summary: string }
    | { assets: unknown }
    | null;
  /** ISO 8601 UTC, or null (Airflow 3 schedules DAGs without one). */
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
  /** Sorted, without duplicates (Airflow 3 keeps a set; its serialized DAG sorts them). */
  tags: string[];
  params: Record<string, unknown>;
  /** Sorted by taskId. */
  tasks: TaskSpec[];
}

/** A file Airflow would show in the "Broken DAG" banner. */
/**
 * `DAG.owner`: the owners of its tasks, comma-joined (Airflow joins a set, whose order is Python's hash
 * order; the agent keeps the order the tasks were defined in). What `dags list` and the API's `owners` show.
 */
export function dagOwner(dag: Pick<DagSpec, 'tasks'>): string {
  return [...new Set(dag.tasks.map((t) => t.owner))].join(', ');
}

export interface DagImportError {
  /** Path relative to the DAG folder. */
  filename: string;
  line: number | null;
  column: number | null;
  message: string;
  /**
   * The text Airflow stores and shows for this error (`import_error.stacktrace`): the traceback its DagBag
   * formats. Absent where the reader cannot know every frame Airflow would show (an error raised inside
   * Airflow's own code); the message stands in for it then.
   */
  stackTrace?: string;
}

/**
 * A warning Airflow's DagBag captures while importing a file (`DagBag.captured_warnings`): a deprecated
 * import path, a removed feature that still loads (`sla=` on 3.x), … The file still loads.
 */
export interface DagWarning {
  /** Path relative to the DAG folder. */
  filename: string;
  /** The line of the DAG file that caused it. */
  line: number | null;
  /** Python's warning category as Airflow prints it: `DeprecationWarning`, `airflow.utils.deprecation_tools.DeprecatedImportWarning`, … */
  category: string;
  message: string;
}

export interface DagParseResult {
  dags: DagSpec[];
  importErrors: DagImportError[];
  /** In file order, then line order. Absent: none. */
  warnings?: DagWarning[];
  /** The variables the files read at parse time, with the answer each got (absent: none). */
  variables?: Record<string, VariableAnswer>;
  /** The parse stopped at a `Variable.get` of this key, which it had no answer for (see ParseVariables). */
  pendingVariable?: string;
}
