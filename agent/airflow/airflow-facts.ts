import type { LogSource } from './log-source.js';

/**
 * Everything mwaa-agent reproduces that differs between Airflow versions, as one version's values, grouped
 * by the stage that reads them. A stage reads fields; it never compares version strings. Each field says in
 * its comment when it changed; the values per version are rows of airflow-releases.ts.
 */
export interface AirflowFacts {
  packaging: PackagingFacts;
  defaults: ConfigDefaults;
  configOptions: ConfigOptionFacts;
  dagFiles: DagFileFacts;
  schedule: ScheduleFacts;
  runs: RunFacts;
  libraries: LibraryFacts;
  connections: ConnectionFacts;
  taskLog: TaskLogFacts;
  taskLogSources: TaskLogSources;
  taskRunner: TaskRunnerFacts;
  tasks: TaskFacts;
  templateContext: TemplateContextFacts;
  bashOperator: BashOperatorFacts;
  api: ApiFacts;
  plugins: PluginFacts;
  dagTest: DagTestFacts;
}

/**
 * What `airflow dags test` (`dag.test()`, which runs every task in the CLI's process) prints around the task
 * logs and how it reads its flags. Observed on 2.10.5, 2.11.2 (same source), 3.0.6 and 3.3.1; 2.x before 2.10
 * and 3.1–3.2 are assumed to behave as the nearest observed version.
 */
export interface DagTestFacts {
  /** The optional positional date's name in argparse's errors: `execution_date` (2.x) or `logical_date` (3.x). */
  dateArgument: 'execution_date' | 'logical_date';
  /** `--mark-success-pattern`'s engine: google-re2 (`re2.compile`, 2.x) or Python's `re` (3.x); full match. */
  patternSyntax: 're2' | 'python-re';
  /** `_run_task`'s lines around each attempt, and dag.test()'s own. */
  sources: {
    startingTask: LogSource;
    runningTask: LogSource;
    endTask: LogSource;
    /** dag.test()'s `log.exception("Task failed; ti=%s")` when `_run_task` raised (2.x: every failed attempt). */
    taskFailed: LogSource;
    /** 3.x: `[DAG TEST] Marking success for <task> on <logical date>` instead of running a matched task. */
    markSuccess: LogSource | null;
  };
  /**
   * After a failed attempt: 2.x's `_run_task` lets the task's exception out (dag.test() logs `Task failed;
   * ti=…` and no end line); 3.x's runs the task in-process and logs `end task` as after a success.
   */
  afterFailure: 'task-failed' | 'end-task';
  /** `<TaskInstance: d.t run [scheduled]>` (2.x, 3.0), or 3.3's `[TaskInstanceState.SCHEDULED] ti_id=<uuid>`. */
  tiRepr: 'state-value' | 'state-enum-ti-id';
}

/** How `airflow plugins` describes the plugins it loaded. */
export interface PluginFacts {
  /** `get_plugin_info`'s attributes besides `name` (PLUGINS_ATTRIBUTES_TO_DUMP in 2.x, a set in 3.x). */
  dumpedAttributes: readonly string[];
}

/** What an environment of this version installs, and what MWAA does with requirements.txt (requirements stage). */
export interface PackagingFacts {
  /** Providers are separate distributions (2.0+); 1.10's `apache-airflow[extra]` installs hooks inside Airflow. */
  providerDistributions: boolean;
  /** Provider ids MWAA installs in every environment (smtp and common-io from 2.8.0, fab 2.9.0, standard 3.0.0). */
  preinstalledProviders: readonly string[];
  /** Connection types Airflow core registers itself (fs, package_index until 3.0 moved them to a provider). */
  coreConnectionTypes: readonly string[];
  /** The distributions that make up Airflow itself (3.0 adds apache-airflow-task-sdk). */
  coreDistributions: readonly string[];
  /**
   * apache-airflow-providers-ssh as this version's constraints pin it: the provider that runs when the
   * requirements pin none. 1.10 has no provider; its contrib hook behaves as the first provider, 1.3.0.
   */
  constraintsSshProvider: string;
  /** paramiko as this version's constraints pin it (MWAA's pin); the SSH provider may need another one. */
  constraintsParamiko: string;
  /** MWAA adds its default constraints when requirements.txt names none (2.7.2+). */
  mwaaForcesConstraints: boolean;
  /** MWAA pins its essential packages (apache-airflow, celery, …) on every install (images 2.9.2+). */
  mwaaEnforcesEssentialPackages: boolean;
  /**
   * glibc of MWAA's image, the newest manylinux wheel tag pip there accepts: Amazon Linux 2023's 2.34 in the
   * public images (2.9.2+, their System-Packages-BOM); Amazon Linux 2's 2.26 assumed before.
   */
  mwaaGlibc: string;
}

/** `airflow.cfg` defaults the agent applies where the user's configuration says nothing. */
export interface ConfigDefaults {
  /** `[scheduler] catchup_by_default` (False from 3.0). */
  catchupByDefault: boolean;
  /** `[core] dag_ignore_file_syntax` (glob from 3.0). */
  dagIgnoreFileSyntax: 'regexp' | 'glob';
  /** `[core] dags_are_paused_at_creation`. */
  dagsArePausedAtCreation: boolean;
  /** `[core] parallelism`: task instances running at once. */
  parallelism: number;
  /** `[core] max_active_runs_per_dag`: a DAG's `max_active_runs` when it sets none. */
  maxActiveRunsPerDag: number;
  /** `[core] max_active_tasks_per_dag` (`dag_concurrency` before 2.2): a DAG's `max_active_tasks` when it sets none. */
  maxActiveTasksPerDag: number;
  /** `[core] dag_discovery_safe_mode`: only files containing both "airflow" and "dag" are read. */
  dagDiscoverySafeMode: boolean;
  /** `[core] dagbag_import_timeout`: seconds one DAG file may take to import. */
  dagbagImportTimeout: number;
  /** `[core] killed_task_cleanup_time`: seconds between SIGTERM and SIGKILL of a stopped task. */
  killedTaskCleanupTime: number;
  /** `[core] max_map_length`: the most items a value pushed for mapped dependants may have (1024). */
  maxMapLength: number;
  /**
   * `[scheduler] create_cron_data_intervals` (2.9+; False from 3.0): a cron string becomes a
   * CronDataIntervalTimetable (True) or a CronTriggerTimetable (False); on 3.x a timedelta follows it too
   * (see DagFileFacts.deltaFollowsCronDataIntervals).
   */
  createCronDataIntervals: boolean;
  /**
   * `[scheduler] scheduler_health_check_threshold`: seconds without a heartbeat after which another agent on
   * the shared database counts an agent as dead (30).
   */
  schedulerHealthCheckThreshold: number;
  /** `[scheduler] orphaned_tasks_check_interval`: seconds between looks for dead agents' task instances (300). */
  orphanedTasksCheckInterval: number;
  /**
   * `[triggerer] triggerer_health_check_threshold` (2.7+; 30 s before it too, then fixed in trigger.py): seconds
   * without a heartbeat after which another agent takes over an agent's triggers.
   */
  triggererHealthCheckThreshold: number;
}

/**
 * What an environment does with Airflow configuration options besides Airflow's own defaults: MWAA's image
 * sets some options itself (amazon-mwaa-docker-images `mwaa/config/airflow.py`), and Airflow still reads
 * some options under an older name.
 */
export interface ConfigOptionFacts {
  /**
   * `section.key` options MWAA's image sets after the user's ("essential configuration … cannot be
   * overridden by the customer"): a value the user gives never applies.
   */
  mwaaEssential: readonly string[];
  /** MWAA's own defaults that a user's option replaces ("opinionated configuration"), `section.key` → value. */
  mwaaDefaults: Readonly<Record<string, string>>;
  /** Old names Airflow still reads (`deprecated_options`): current `section.key` → old `section.key`. */
  deprecatedNames: Readonly<Record<string, string>>;
  /**
   * Environment variables a startup script cannot change (`setup_environment.py` `_is_protected_os_environ`;
   * a trailing `*` is a prefix). The options of `mwaaEssential` cannot be changed through their variables
   * either.
   */
  mwaaProtectedVariables: readonly string[];
}

/** A user's setting of a ConfigDefaults field; null (or absent) takes the emulated version's default. */
export type ConfigOverrides = { readonly [K in keyof ConfigDefaults]?: ConfigDefaults[K] | null };

/**
 * The defaults in effect: the user's settings over the version's. The one place overrides are resolved;
 * pass several override sets lowest first (Airflow configuration options, then mwaa-agent's own flags).
 */
export function withConfigOverrides(defaults: ConfigDefaults, ...layers: ConfigOverrides[]): ConfigDefaults {
  const overrides: ConfigOverrides = Object.assign(
    {},
    ...layers.map((l) => Object.fromEntries(Object.entries(l).filter(([, v]) => v !== null && v !== undefined))),
  );
  return {
    catchupByDefault: overrides.catchupByDefault ?? defaults.catchupByDefault,
    dagIgnoreFileSyntax: overrides.dagIgnoreFileSyntax ?? defaults.dagIgnoreFileSyntax,
    dagsArePausedAtCreation: overrides.dagsArePausedAtCreation ?? defaults.dagsArePausedAtCreation,
    parallelism: overrides.parallelism ?? defaults.parallelism,
    maxActiveRunsPerDag: overrides.maxActiveRunsPerDag ?? defaults.maxActiveRunsPerDag,
    maxActiveTasksPerDag: overrides.maxActiveTasksPerDag ?? defaults.maxActiveTasksPerDag,
    dagDiscoverySafeMode: overrides.dagDiscoverySafeMode ?? defaults.dagDiscoverySafeMode,
    dagbagImportTimeout: overrides.dagbagImportTimeout ?? defaults.dagbagImportTimeout,
    killedTaskCleanupTime: overrides.killedTaskCleanupTime ?? defaults.killedTaskCleanupTime,
    maxMapLength: overrides.maxMapLength ?? defaults.maxMapLength,
    createCronDataIntervals: overrides.createCronDataIntervals ?? defaults.createCronDataIntervals,
    schedulerHealthCheckThreshold: overrides.schedulerHealthCheckThreshold ?? defaults.schedulerHealthCheckThreshold,
    orphanedTasksCheckInterval: overrides.orphanedTasksCheckInterval ?? defaults.orphanedTasksCheckInterval,
    triggererHealthCheckThreshold: overrides.triggererHealthCheckThreshold ?? defaults.triggererHealthCheckThreshold,
  };
}

/**
 * How DagBag reads a DAG file (dags stage): which imports exist, the constructors' parameters, the defaults
 * a DAG gets and the texts of the errors and warnings. Values from each version's installed package (the
 * DAG-file differential tests run them).
 */
export interface DagFileFacts {
  /** `DAG.__init__` parameters in positional order; any other keyword is Airflow's TypeError. */
  dagParams: readonly string[];
  /**
   * The parameters `DAG(...)` binds by position (its signature's before `*`), for `airflow.sdk`'s DAG class and
   * for the one `airflow.DAG` / `airflow.models.DAG` / `airflow.models.dag.DAG` name (on 3.1+ the same class).
   * More positional arguments are CPython's TypeError; 3.0's models class takes `partial`, `last_loaded` and
   * `max_consecutive_failed_dag_runs` there, so a description given by position is lost, not an error.
   */
  dagPositionalParams: Readonly<{ models: readonly string[]; sdk: readonly string[] }>;
  /**
   * DAG parameters the version removed, with what to write instead: mwaa-agent's one line after Airflow's
   * TypeError (`schedule_interval` → `schedule`, 3.0).
   */
  removedDagParams: Readonly<Record<string, string>>;
  /** `BaseOperator.__init__` parameters (3.0 removed task_concurrency). */
  baseOperatorParams: readonly string[];
  /**
   * Dynamic task mapping exists (2.3+): operators have `partial`, TaskFlow functions `partial`/`expand`/
   * `expand_kwargs`. Before, those names are Python's AttributeError.
   */
  taskMapping: boolean;
  /**
   * The keyword parameters `BaseOperator.partial` names (2.10, 3.0 and 3.3 alike): with the keywords a DAG
   * file gives it, the `partial_kwargs` that `expand(...)` may not map again ("unmappable or already
   * specified argument"). Any other keyword must be a parameter of the operator's `__init__`s.
   */
  partialParams: readonly string[];
  /**
   * DagBag records OperatorPartial's `UserWarning: Task '<id>' was never mapped!` (raised when a partial whose
   * expand() never ran, or failed its checks, is freed): 2.10 and 3.0.6 do; 3.3.1's dag-processor does not
   * (seen in the differential test; the warning is still raised, after the file's capture has ended).
   */
  neverMappedWarning: boolean;
  /** Operator parameters the version removed, with what to write instead (the hint line). */
  removedOperatorParams: Readonly<Record<string, string>>;
  /** The exception of "Invalid arguments were passed to <Operator>": AirflowException, TypeError from 3.0. */
  invalidOperatorArgsError: string;
  /** `TaskGroup.__init__` parameters in positional order (3.0 adds group_display_name second). */
  taskGroupParams: readonly string[];
  /** The schedule of a DAG that names none: `timedelta(days=1)` (2.x) or None (3.0). */
  defaultSchedule: 'one-day' | 'none';
  /**
   * A timedelta schedule follows `[scheduler] create_cron_data_intervals` like a cron string (3.0:
   * DeltaTriggerTimetable by default), instead of always being a DeltaDataIntervalTimetable (2.x).
   */
  deltaFollowsCronDataIntervals: boolean;
  /**
   * When a DAG needs a start_date: whenever it is scheduled (2.x: "DAG is missing the start_date
   * parameter"), or only with catchup=True (3.0: "start_date is required when catchup=True").
   */
  startDateRequired: 'when-scheduled' | 'when-catchup';
  /**
   * What a DAG's schedule given as a timetable object or assets reads as: the timetable's summary (2.x
   * `schedule_interval`: "Dataset", "Dataset or 0 1 * * 3") or, on 3.x (which has no schedule_interval),
   * the object itself ({ timetable, summary } / { assets }).
   */
  timetableScheduleShownAs: 'summary' | 'object';
  /** The noun of the cycle error: "Cycle detected in DAG: …", "… in Dag: …" (3.2). */
  cycleNoun: 'DAG' | 'Dag';
  /**
   * A dag_id defined by two files: the later file's import error (2.x, one DagBag for the folder), or no
   * error (3.0: the dag-processor parses each file in its own bag; the database keeps one of them).
   */
  duplicateDagIds: 'import-error' | 'each-file-alone';
  /** The trigger rules `trigger_rule=` accepts (3.0 drops dummy and none_failed_or_skipped, 3.1 adds all_done_min_one_success). */
  triggerRules: readonly string[];
  /** Deprecated trigger-rule names and the rule they stand for (2.x: dummy → always). */
  triggerRuleAliases: Readonly<Record<string, string>>;
  /** What `airflow.datasets.Dataset` / `DatasetAlias` make: Datasets (2.4–2.11) or, on 3.0, Assets. */
  datasetClass: 'Dataset' | 'Asset';
  /**
   * The UserWarning when an asset URI carries user info, which Airflow drops: for any user info (2.x
   * datasets, 3.0) or only with a password (3.1+).
   */
  assetUriUserInfo: { when: 'user-info' | 'password'; warning: string };
  /** The UserWarning of a DAG's `sla_miss_callback=` (accepted but removed in 3.0); null: SLAs exist. */
  dagSlaWarning: string | null;
  /**
   * The warning (category, message) `schedule_interval` given to a DAG raises, whatever its value (2.4–2.x:
   * RemovedInAirflow3Warning; 3.0 removed the argument).
   */
  scheduleIntervalWarning: { category: string; message: string } | null;
  /** The UserWarning of a task's `sla=` (also through default_args); null: SLAs exist. */
  taskSlaWarning: string | null;
  /** What importing Airflow's modules and names does (null: every `airflow.*` import path exists, as before 3.0). */
  imports: ImportFacts | null;
  /** What a DAG file's `Variable.get` does while the file is parsed. */
  variables: ParseVariableFacts;
  /** Tags as the metadata database and the API keep them: as written (2.x, a list) or sorted (3.x, a set). */
  tagsOrder: 'written' | 'sorted';
}

/**
 * `Variable.get(key)` of a variable that exists nowhere, with no default, while a file is parsed: the frames
 * Airflow's code adds below the DAG file's call (outermost first) and the exception line. In the exception
 * line `{key}` is the key and `⟨…⟩` the Python repr of the text inside (after `{key}` is replaced).
 */
export interface MissingVariableFacts {
  frames: readonly TracebackFrameFacts[];
  exception: string;
}

/** One traceback frame of Airflow's own code: its file under site-packages, line, function, source and carets. */
export interface TracebackFrameFacts {
  file: string;
  line: number;
  name: string;
  source: string;
  /** The caret line under `source` (aligned to it), or null when Python prints none. */
  carets: string | null;
}

export interface ParseVariableFacts {
  /** `airflow.models.Variable.get` (every version) and `airflow.sdk.Variable.get` (3.x; null before). */
  missing: { models: MissingVariableFacts; sdk: MissingVariableFacts | null };
  /** The DeprecationWarning `airflow.models.Variable.get` gives while a file is parsed (3.x), or null. */
  modelsGetWarning: string | null;
  /**
   * 3.0: a stored variable read with `deserialize_json=True` whose JSON is not a string makes pydantic warn
   * (`VariableResult.value` is typed `str`; 3.3 deserializes after the model).
   */
  storedJsonWarning: boolean;
}

/**
 * What `from M import N` does in a DAG file, for the import paths of Airflow 2.10 (the generated tables of
 * airflow-imports.ts).
 */
export interface ImportFacts {
  /** Modules that do not exist, with everything under them: `ModuleNotFoundError: No module named '<module>'`. */
  missingModules: readonly string[];
  /** Per module, the names it no longer has, space-separated: `ImportError: cannot import name 'N' from 'M' (…)`. */
  missingNames: Readonly<Record<string, string>>;
  /** `M.N` → the warnings DagBag records when a DAG file imports it (`=<target>`: the standard deprecation text). */
  importWarnings: Readonly<Record<string, readonly string[]>>;
}

export interface ScheduleFacts {
  /**
   * A timedelta schedule with catchup=False starts on an epoch-aligned grid (2.8+, #35391). The scheduler
   * can take it (`createTimetable`), but the app does not pass it yet: every version rounds, as before.
   */
  deltaEpochRounded: boolean;
  /**
   * cron_descriptor's sentence for a cron whose day-of-month and day-of-week are both restricted: one
   * sentence ('plain'), or the two read as alternatives, "<dom sentence> (or) <dow sentence>" (3.2+).
   */
  cronDescription: 'plain' | 'dom-or-dow';
}

/**
 * How runs are named, dated and started: scheduled, manual and asset-triggered ones (the scheduler, `dags
 * trigger`, the REST API).
 */
export interface RunFacts {
  /** A run may have no logical date (Airflow 3: manual runs by default, asset-triggered runs always). */
  logicalDateOptional: boolean;
  /**
   * The date in a scheduled run's id: `scheduled__<logical date>` (up to 3.0), or `scheduled__<run_after>`
   * (3.2+: `timetable.generate_run_id(run_after=…)`; they differ when the timetable has an interval).
   */
  scheduledRunIdDate: 'logical-date' | 'run-after';
  /** The date in a manual run's id: the logical date (2.x) or the trigger time, `run_after` (3.x). */
  manualRunIdDate: 'logical-date' | 'run-after';
  /**
   * 3.0's `DagRun.generate_run_id` appends `_<8 random letters and digits>` to a manual run id when the run
   * has no logical date; 3.2+ names manual runs through the timetable, without a suffix.
   */
  manualRunIdRandomSuffix: boolean;
  /** The logical date of a manual run given none: the trigger time (2.x) or none at all (3.x). */
  manualLogicalDateDefault: 'now' | 'none';
  /**
   * The instant a manual run's data interval is inferred at: its logical date (2.x), or the trigger time
   * (3.x, `infer_manual_data_interval(run_after=…)`, whatever the logical date; none without one).
   */
  manualDataIntervalAt: 'logical-date' | 'run-after';
  /**
   * `dags trigger` with a logical date before the start date in default_args: `The execution_date [<d>]
   * should be >= start_date [<s>] from DAG's default_args` (2.x), `Logical date [<d>] …` (3.0), `… from Dag's
   * default_args` (3.3).
   */
  beforeStartDateMessage: 'execution-date' | 'logical-date' | 'logical-date-dag';
  /** A queued run starts once its logical date (2.x, allow_trigger_in_future=False) or its run_after (3.x) has come. */
  startsAfter: 'logical-date' | 'run-after';
  /**
   * Runs for asset schedules: none before 2.4; 'dataset' (2.4+): `dataset_triggered__<logical date>`, the
   * logical date the latest queued event's time, the data interval the source runs'; 'asset' (3.0+):
   * `asset_triggered__<run_after>_<8 random letters and digits>`, no logical date nor data interval.
   */
  assetTriggered: 'none' | 'dataset' | 'asset';
}

/** Facts of the libraries a version's constraints pin. */
export interface LibraryFacts {
  /** pendulum's major version: `str(DateTime)` is `isoformat('T')` in 2, `isoformat(' ')` in 3 (Airflow 2.8+). */
  pendulumMajor: 2 | 3;
}

/** How `BaseHook.get_connection` announces a connection in the task log. */
export interface ConnectionFacts {
  /**
   * 'v2.0': fields with password and extra as XXXXXXXX; 'v2.1': fields with the extra as a Python dict
   * (only for a connection with a host); 'v2.3': `Using connection ID '…' for task execution.`;
   * 'v2.10': `Retrieving connection '…'`; 'v3.0': `Connection Retrieved '…'` (logger airflow.hooks.base);
   * 'none': the Task SDK's BaseHook logs it at DEBUG only (3.3.1 observed; from 3.1.0 assumed).
   */
  logStyle: 'v2.0' | 'v2.1' | 'v2.3' | 'v2.10' | 'v3.0' | 'none';
  logSource: LogSource;
  /**
   * 3.x's secrets masker registers every value of a connection's extras and warns once per task process,
   * "Skipping masking for a secret as it's too short (<5 chars)", when one is shorter than 5 characters
   * (e.g. `"no_host_key_check": "true"`); null where the masker does not (2.x).
   */
  shortSecretWarning: LogSource | null;
}

/** The task runner's log format and wording around an attempt. */
export interface TaskLogFacts {
  /** `%(asctime)s`: logging's default `2022-07-12 20:09:15,123`, or the TimezoneAware formatter's (2.3.4+). */
  asctime: 'python-default' | 'timezone-aware';
  /** "Dependencies all met for <ti>" or, from 2.6, "… for dep_context=non-requeueable deps ti=<ti>". */
  dependencyLines: 'plain' | 'dep-context';
  /** `Exporting the following env vars:` one per line (2.2), or `Exporting env vars: K='v' …` (2.3+). */
  envVarsLine: 'one-per-line' | 'inline-repr';
  /** The marking line names the run: `run_id=…` (2.9.1+). */
  markingIncludesRunId: boolean;
  /** "Failed to execute job N for task T" ends with `(<message>; <pid>)` (2.3+). */
  failedJobDetail: boolean;
  /** The zombie line: 'Detected as zombie' (< 2.6), a dict of the TI (2.6), the dict with a docs link (2.8+). */
  zombieMessage: 'detected-as-zombie' | 'details' | 'details-with-link';
  /**
   * 'text': `[<asctime>] {<file>:<line>} <LEVEL> - <message>` lines (2.x); 'json': one structlog record per
   * line, `{"timestamp", "level", "event", …, "logger"}` (3.x, the Task SDK's supervisor writes them).
   */
  format: 'text' | 'json';
  /** JSON records' timestamp: naive ISO (3.0: `2026-12-07T12:52:46.433983`) or with `Z` (3.2+). */
  jsonTimestamp: 'naive' | 'zulu';
  /** JSON records carry `filename` and `lineno` (3.2+: `[logging] log_format` gives the callsite). */
  jsonCallsite: boolean;
  /** JSON records after start-up carry the task instance: run_id, task_id, map_index, dag_id, try_number, ti_id (3.3+). */
  jsonTaskKeys: boolean;
  /**
   * What the v2 API's log response starts with: one `{"event": "::group::Log message source details",
   * "sources": [<paths>]}` (3.0), or the group with one `{"event": <path>}` item per source (3.2+);
   * then `{"event": "::endgroup::"}`. Null on 2.x (the v1 API answers text).
   */
  apiSourceHeader: 'sources-field' | 'source-items' | null;
}

/**
 * `{file:line}` of each task-log line around an attempt. A null source means the version prints no such
 * line (the dashed rules of 2.2, the `::group::` markers before 2.9).
 */
export interface TaskLogSources {
  dependenciesMet: LogSource;
  attemptRuleBefore: LogSource | null;
  startingAttempt: LogSource;
  /** "Resuming after deferral", where a task back from its trigger would say "Starting attempt". */
  resumingAfterDeferral: LogSource;
  /** `_run_raw_task`'s "Pausing task as DEFERRED. dag_id=…". */
  pausingAsDeferred: LogSource;
  /** LocalTaskJob's "Task exited with return code 100 (task deferral)". */
  deferralExit: LogSource;
  attemptRuleAfter: LogSource | null;
  executing: LogSource;
  startedProcess: LogSource;
  runningCommand: LogSource;
  jobSubtask: LogSource;
  runningOnHost: LogSource;
  exportingEnvVars: LogSource;
  preExecutionGroup: LogSource | null;
  preExecutionGroupEnd: LogSource | null;
  postExecutionGroup: LogSource | null;
  postExecutionGroupEnd: LogSource | null;
  markingSuccess: LogSource;
  markingFailure: LogSource;
  exitCode: LogSource;
  downstreamScheduled: LogSource;
  taskFailed: LogSource;
  /** The line of `_execute_task` in taskinstance.py that the short traceback shows. */
  tracebackExecuteTaskLine: number;
  failedToExecuteJob: LogSource;
  skipped: LogSource;
  sigterm: LogSource;
  zombieDetected: LogSource;
}

/**
 * Records of Airflow 3's task runner (`airflow/sdk/execution_time/task_runner.py` of the task SDK the
 * version pins) and of what it calls while starting a task; null on 2.x, whose runner lines are
 * TaskLogSources. A null record is one the version does not write (the groups before 3.3).
 */
export interface TaskRunnerFacts {
  sources: TaskRunnerSources | null;
  /**
   * `RuntimeTaskInstance`'s repr in "Pushing xcom": 3.0 ends with `log_url`; 3.2+ has dag_version_id, queue
   * and sentry_integration instead.
   */
  tiRepr: 'v3.0' | 'v3.3';
}

export interface TaskRunnerSources {
  /** `::group::Pre Execute`, the first record (no task keys yet). */
  preExecuteGroup: LogSource | null;
  /** `DAG bundles loaded: dags-folder` (DagBundlesManager). */
  bundlesLoaded: LogSource;
  /** `Filling up the DagBag from <file>` (3.0 airflow.models.dagbag.DagBag, 3.2+ BundleDagBag). */
  fillingDagBag: LogSource;
  /** `Worker startup parse complete` with the bundle and parse timings (3.3+). */
  workerStartup: LogSource | null;
  /** `::endgroup::` once templates are rendered, before execute(). */
  preExecuteGroupEnd: LogSource | null;
  /** `Exception rendering Jinja template for task …` (templater or abstractoperator). */
  renderError: LogSource;
  /** `Task failed with exception`: for AirflowFailException, for AirflowException/AirflowTaskTimeout, for any other. */
  taskFailed: { failFast: LogSource; airflow: LogSource; other: LogSource };
  /** `::group::Post Execute` after success, after a skip, and after each kind of failure (3.3+). */
  postExecuteGroup: {
    success: LogSource;
    skipped: LogSource;
    failFast: LogSource;
    airflow: LogSource;
    other: LogSource;
  } | null;
  /** `Skipping task.` with the reason. */
  skipping: LogSource;
  /** `Pausing task as DEFERRED. ` with dag_id, task_id, run_id (`_defer_task`). */
  pausingAsDeferred: LogSource;
  /** `Pushing xcom` with the task instance. */
  pushingXcom: LogSource;
  /** `Process timed out, PID: <pid>` (3.0, airflow.utils.timeout) or `Process timed out` with a `pid` field (3.2+). */
  timedOut: LogSource;
  timedOutPidField: boolean;
  /** `::endgroup::`, the last record (finalize). */
  postExecuteGroupEnd: LogSource | null;
}

/** The template context a task's Jinja templates see. */
export interface TemplateContextFacts {
  /** The keys of the context (2.10's KNOWN_CONTEXT_KEYS; 3.x's `get_template_context`). A key outside is undefined. */
  keys: readonly string[];
  /** Keys present only when the run has a logical date (3.x: none for manual runs without one, asset-triggered runs). */
  logicalDateKeys: readonly string[];
  /**
   * `dag_run`'s class, which names attribute errors (`'<class> object' has no attribute …`): the execution
   * API's model on 3.x; null renders it as the agent always has on 2.x (a mapping).
   */
  dagRunClass: string | null;
  /** `triggering_asset_events` prints its events with `partition_key` (3.3+). */
  assetEventPartitionKey: boolean;
  /** `{{ dag_run.run_type }}`: the value (`manual`, 2.x's str enum) or the enum's name (`DagRunType.MANUAL`, 3.x). */
  runTypeRendering: 'value' | 'enum-name';
}

export interface TaskFacts {
  /** The AirflowException operators raise: `airflow.exceptions.…`, or the Task SDK's from 3.1 (3.3.1 observed). */
  airflowExceptionClass: string;
  /** AIRFLOW_CTX_TRY_NUMBER is exported (2.5+). */
  contextTryNumber: boolean;
  /** The variable with the run's logical date (`AIRFLOW_CTX_LOGICAL_DATE` from 3.0; absent without one). */
  contextDateVar: 'AIRFLOW_CTX_EXECUTION_DATE' | 'AIRFLOW_CTX_LOGICAL_DATE';
  /** `[core] max_task_retry_delay` caps an exponential backoff (2.6+: 86400 s); null when there is no cap. */
  maxTaskRetryDelaySeconds: number | null;
  /**
   * Added to the failed attempt's try number in the exponential-backoff hash: before 2.10 try_number already
   * counted the next attempt when the delay was computed (1), from 2.10 it does not (0).
   */
  retryHashTryOffset: 0 | 1;
}

export interface BashOperatorFacts {
  /** BashOperator.template_fields (cwd from 2.6). */
  templateFields: readonly string[];
  /** `Tmp dir root location:` followed by a new line and a space (before 2.3). */
  tmpDirOnNextLine: boolean;
  /**
   * The shell in `Running command: [...]`: 'bash' as the agent has always shown it on 2.x, or the path on PATH
   * (`shutil.which("bash")`, 3.x; 2.10 does the same, unverified for earlier 2.x, so 2.x rows keep 'bash').
   */
  bashPath: 'bash' | 'which';
  /** Lines of subprocess.py's SubprocessHook. */
  sources: {
    tmpDir: LogSource;
    runningCommand: LogSource;
    output: LogSource;
    outputLine: LogSource;
    exitCode: LogSource;
  };
}

export interface ApiFacts {
  /**
   * The REST API Airflow serves: the stable `/api/v1` with basic auth (2.x) or `/api/v2` with JWTs from
   * `/auth/token` (3.0+). The API stage serves the one the emulated version has.
   */
  generation: 'v1' | 'v2';
  /** The Airflow CLI commands MWAA runs through `/aws_mwaa/cli` ("dags trigger", "version", …). */
  mwaaCliCommands: readonly string[];
}

/** The facts that change at a version: per group, the fields that change (nested objects are replaced whole). */
export type FactsDelta<T> = { readonly [G in keyof T]?: Readonly<Partial<T[G]>> };

/** `base` with `delta` applied group by group. */
export function applyDelta<T extends object>(base: T, delta: FactsDelta<T>): T {
  const out = { ...base };
  for (const group of Object.keys(delta) as (keyof T)[]) out[group] = { ...base[group], ...delta[group] } as T[keyof T];
  return out;
}
