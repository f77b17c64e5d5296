import type {
  AirflowFacts,
  DagFileFacts,
  FactsDelta,
  MissingVariableFacts,
  TaskLogSources,
  TaskRunnerSources,
} from './airflow-facts.js';
import { MWAA_CLI_COMMANDS_2, MWAA_CLI_COMMANDS_3 } from './mwaa-cli-commands.js';
import { IMPORTS_3_0_6, IMPORTS_3_2_1, IMPORTS_3_3_1 } from './airflow-imports.js';
import { at } from './log-source.js';

/**
 * The version table: Airflow versions at which a fact changes, and the versions MWAA offers. A version's
 * facts are the first row's, with every later row up to it applied in order; a version between two rows
 * behaves as the earlier row says. To add a version, add a row with what changes there (and `mwaa` when
 * MWAA offers it); to add a fact, add a field to AirflowFacts, its value in AIRFLOW_BASE and a row where
 * it changes.
 *
 * Sources: ../shared/reference/mwaa.md §2.2 (MWAA versions, Python, pins), airflow-ssh.md (connection and
 * paramiko lines), the Airflow source of each version (task-log lines: 2.2.2 from the MWAA guide, later
 * ones from 2.10's source unless a row says otherwise), config.yml of Airflow 2.10.5 and 3.0.6.
 */
export interface AirflowRelease {
  version: string;
  /** MWAA offers this version: its Python and the pins mwaa-agent ships for it (offline checks). */
  mwaa?: MwaaOffer;
  changes?: FactsDelta<AirflowFacts>;
}

export interface MwaaOffer {
  python: string;
  /** Extra pins known offline (canonical name → version), e.g. sshtunnel, MWAA's essential packages. */
  extraPins?: Readonly<Record<string, string>>;
}

/** MWAA's essential packages for 2.10.3 (amazon-mwaa-docker-images `etc/mwaa_essential_constraints.txt`). */
export const ESSENTIAL_2_10_3: Readonly<Record<string, string>> = {
  'flask-appbuilder': '4.5.2',
  'flask-babel': '2.0.0',
  'flask-bcrypt': '1.0.1',
  'flask-caching': '2.3.0',
  'flask-jwt-extended': '4.6.0',
  'flask-limiter': '3.8.0',
  'flask-login': '0.6.3',
  'flask-sqlalchemy': '2.5.1',
  'flask-session': '0.5.0',
  'flask-wtf': '1.2.2',
  flask: '2.2.5',
  gunicorn: '23.0.0',
  billiard: '4.2.1',
  celery: '5.4.0',
  gevent: '24.10.3',
  greenlet: '3.1.1',
  kombu: '5.4.2',
  vine: '5.1.0',
  'sqlalchemy-jsonfield': '1.0.2',
  'sqlalchemy-utils': '0.41.2',
  sqlalchemy: '1.4.54',
  statsd: '4.0.1',
  watchtower: '3.3.1',
  'fluent-logger': '0.11.1',
};

const ESSENTIAL_3_0_6: Readonly<Record<string, string>> = {
  ...ESSENTIAL_2_10_3,
  'flask-appbuilder': '4.6.3',
  'flask-jwt-extended': '4.7.1',
  'flask-limiter': '3.12',
  celery: '5.5.2',
  gevent: '25.5.1',
  greenlet: '3.2.4',
  kombu: '5.5.4',
  watchtower: '3.4.0',
};

/** Lines of Airflow 2.2's task runner (the MWAA guide's log and 2.2.2's source). */
const TASK_LOG_SOURCES_2_2: TaskLogSources = {
  dependenciesMet: at('taskinstance.py', 1035),
  attemptRuleBefore: at('taskinstance.py', 1241),
  startingAttempt: at('taskinstance.py', 1242),
  // The deferral lines are Airflow 2.10.5's for every 2.x version (its other 2.2 lines were read, these were not).
  resumingAfterDeferral: at('taskinstance.py', 2865),
  pausingAsDeferred: at('taskinstance.py', 290),
  deferralExit: at('local_task_job_runner.py', 260),
  attemptRuleAfter: at('taskinstance.py', 1243),
  executing: at('taskinstance.py', 1262),
  startedProcess: at('standard_task_runner.py', 52),
  runningCommand: at('standard_task_runner.py', 76),
  jobSubtask: at('standard_task_runner.py', 77),
  runningOnHost: at('logging_mixin.py', 109),
  exportingEnvVars: at('taskinstance.py', 1427),
  preExecutionGroup: null,
  preExecutionGroupEnd: null,
  postExecutionGroup: null,
  postExecutionGroupEnd: null,
  markingSuccess: at('taskinstance.py', 1280),
  markingFailure: at('taskinstance.py', 1280),
  exitCode: at('local_task_job.py', 154),
  downstreamScheduled: at('local_task_job.py', 264),
  taskFailed: at('taskinstance.py', 1703),
  tracebackExecuteTaskLine: 1332,
  failedToExecuteJob: at('standard_task_runner.py', 92),
  skipped: at('taskinstance.py', 1364),
  sigterm: at('taskinstance.py', 1410),
  zombieDetected: at('taskinstance.py', 1703),
};

/** Lines of the task runner from 2.3 on, as Airflow 2.10's source has them. */
const TASK_LOG_SOURCES_2_3: Partial<TaskLogSources> = {
  dependenciesMet: at('taskinstance.py', 1165),
  attemptRuleBefore: null,
  startingAttempt: at('taskinstance.py', 2866),
  attemptRuleAfter: null,
  executing: at('taskinstance.py', 2889),
  startedProcess: at('standard_task_runner.py', 72),
  runningCommand: at('standard_task_runner.py', 104),
  jobSubtask: at('standard_task_runner.py', 105),
  runningOnHost: at('task_command.py', 467),
  exportingEnvVars: at('taskinstance.py', 3132),
  markingSuccess: at('taskinstance.py', 352),
  markingFailure: at('taskinstance.py', 1227),
  exitCode: at('local_task_job_runner.py', 266),
  downstreamScheduled: at('taskinstance.py', 3895),
  taskFailed: at('taskinstance.py', 3311),
  tracebackExecuteTaskLine: 465,
  failedToExecuteJob: at('standard_task_runner.py', 124),
  skipped: at('taskinstance.py', 2651),
  sigterm: at('taskinstance.py', 2611),
};

/**
 * Options MWAA's 2.x images set after the user's (amazon-mwaa-docker-images 2.10.1/2.10.3
 * `mwaa/config/airflow.py` `get_essential_airflow_config`, CeleryExecutor). The images before 2.9.2 are not
 * public; the table assumes the same list.
 */
const MWAA_ESSENTIAL_2 = [
  'celery.broker_url',
  'celery.celery_config_options',
  'celery.result_backend',
  'celery.worker_enable_remote_control',
  'celery_broker_transport_options.visibility_timeout',
  'core.executor',
  'core.fernet_key',
  'core.load_examples',
  'database.sql_alchemy_conn',
  'logging.logging_config_class',
  'operators.default_queue',
  'scheduler.standalone_dag_processor',
  'webserver.config_file',
  'webserver.secret_key',
];

/** `_is_protected_os_environ` of the 2.10.3 image (`setup_environment.py`). */
const MWAA_PROTECTED_2 = [
  'MWAA__*',
  'AIRFLOW_ENV_ID',
  'AIRFLOW_ENV_NAME',
  'AIRFLOW_HOME',
  'AIRFLOW_TASK_REVISION_ID',
  'AIRFLOW_VERSION',
  'AIRFLOW__AWS_MWAA__REDIRECT_URL',
  'JWT_PUBLIC_KEY',
  'AIRFLOW__WEBSERVER__BASE_URL',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'CUSTOMER_ACCOUNT_ID',
  'ECS_AGENT_URI',
  'ECS_CONTAINER_METADATA_URI',
  'ECS_CONTAINER_METADATA_URI_V4',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_EXECUTION_ENV',
  'PYTHONPATH',
  'PYTHONUNBUFFERED',
  'WATCHTOWER_VERSION',
];

/** MWAA's defaults that a user's option replaces (`get_opinionated_airflow_config`, 2.10.1/2.10.3 images). */
const MWAA_DEFAULTS_2: Readonly<Record<string, string>> = {
  'core.execute_tasks_new_python_interpreter': 'True',
  'scheduler.schedule_after_task_execution': 'False',
  'scheduler.task_queued_timeout': '1800.0',
  'secrets.backend_kwargs': '{"connections_lookup_pattern": "^(?!aws_default$).*$"}',
  'usage_data_collection.enabled': 'False',
};

/**
 * Options MWAA's 3.0.6 image sets after the user's (amazon-mwaa-docker-images 3.0.6 `mwaa/config/airflow.py`,
 * CeleryExecutor): the API server's secret, JWT and execution-API settings replace the webserver's.
 */
const MWAA_ESSENTIAL_3_0 = [
  ...MWAA_ESSENTIAL_2.filter((k) => !k.startsWith('webserver.')),
  'api.secret_key',
  'api_auth.jwt_algorithm',
  'api_auth.jwt_secret',
  'core.execution_api_server_url',
  'execution_api.jwt_expiration_time',
  'fab.config_file',
  'logging.colored_console_log',
];

/**
 * The 3.2.1 and 3.3.1 images: the broker's transport options move into `[celery] extra_celery_config`,
 * multi-team mode and triggerer queues are MWAA's.
 */
const MWAA_ESSENTIAL_3_2 = [
  ...MWAA_ESSENTIAL_3_0.filter((k) => k !== 'celery_broker_transport_options.visibility_timeout'),
  'celery.extra_celery_config',
  'core.multi_team',
  'triggerer.queues_enabled',
];

/** `_is_protected_os_environ` of the 3.x images (3.0.6, 3.2.1, 3.3.1 `setup_environment.py`). */
const MWAA_PROTECTED_3 = [
  ...MWAA_PROTECTED_2,
  'AIRFLOW__API__BASE_URL',
  'USE_NON_CRITICAL_LOGGING',
  'AIRFLOW__CORE__DATABASE_ACCESS_ISOLATION',
];

/** `get_opinionated_airflow_config` of the 3.0.6 image: the workers' backend kwargs too. */
const MWAA_DEFAULTS_3_0: Readonly<Record<string, string>> = {
  ...MWAA_DEFAULTS_2,
  'workers.secrets_backend_kwargs': '{"connections_lookup_pattern": "^(?!aws_default$).*$"}',
};

/** The 3.3.1 image's opinionated configuration (3.2.1 also sets `[api] workers` to 2). */
const MWAA_DEFAULTS_3_3: Readonly<Record<string, string>> = {
  ...MWAA_DEFAULTS_3_0,
  'core.sensitive_var_conn_names': 'proxy,proxies',
  'api.server_type': 'gunicorn',
  'api.worker_refresh_interval': '43200',
  'api.worker_refresh_batch_size': '1',
  'database.sql_alchemy_connect_args': 'mwaa.config.database.MWAA_CONNECT_ARGS',
};

const words = (s: string): string[] => s.split(' ');

/** DAG.__init__ of Airflow 2.10 (the reader applies it to every 2.x version). */
const DAG_PARAMS_2 = words(
  'dag_id description schedule schedule_interval timetable start_date end_date full_filepath template_searchpath ' +
    'template_undefined user_defined_macros user_defined_filters default_args concurrency max_active_tasks ' +
    'max_active_runs max_consecutive_failed_dag_runs dagrun_timeout sla_miss_callback default_view orientation ' +
    'catchup on_success_callback on_failure_callback doc_md params access_control is_paused_upon_creation ' +
    'jinja_environment_kwargs render_template_as_native_obj tags owner_links auto_register fail_stop dag_display_name',
);

/** BaseOperator.__init__ of Airflow 2.10. */
const BASE_OPERATOR_PARAMS_2 = words(
  'task_id owner email email_on_retry email_on_failure retries retry_delay retry_exponential_backoff ' +
    'max_retry_delay start_date end_date depends_on_past ignore_first_depends_on_past ' +
    'wait_for_past_depends_before_skipping wait_for_downstream dag params default_args priority_weight weight_rule ' +
    'queue pool pool_slots sla execution_timeout on_execute_callback on_failure_callback on_success_callback ' +
    'on_retry_callback on_skipped_callback pre_execute post_execute trigger_rule resources run_as_user ' +
    'task_concurrency map_index_template max_active_tis_per_dag max_active_tis_per_dagrun executor executor_config ' +
    'do_xcom_push multiple_outputs inlets outlets task_group doc doc_md doc_json doc_yaml doc_rst task_display_name ' +
    'logger_name allow_nested_operators',
);

/** The SDK's DAG (3.0.6 airflow/sdk/definitions/dag.py; attrs fields in order). */
const DAG_PARAMS_3_0 = words(
  'dag_id description default_args start_date end_date schedule template_searchpath template_undefined ' +
    'user_defined_macros user_defined_filters max_active_tasks max_active_runs max_consecutive_failed_dag_runs ' +
    'dagrun_timeout sla_miss_callback catchup on_success_callback on_failure_callback doc_md params access_control ' +
    'is_paused_upon_creation jinja_environment_kwargs render_template_as_native_obj tags owner_links auto_register ' +
    'fail_fast dag_display_name task_group disable_bundle_versioning',
);

/** What the DAG parameters 3.0 removed became (mwaa-agent's hint after Airflow's TypeError). */
const REMOVED_DAG_PARAMS_3_0: Readonly<Record<string, string>> = {
  schedule_interval: 'schedule',
  timetable: 'schedule',
  concurrency: 'max_active_tasks',
  fail_stop: 'fail_fast',
  default_view: '',
  orientation: '',
  full_filepath: '',
};

/** `BaseOperator.partial`'s keyword parameters: airflow/models/baseoperator.py (2.10), airflow/sdk/bases/operator.py (3.x). */
const PARTIAL_PARAMS = words(
  'task_id dag task_group start_date end_date owner email params resources trigger_rule depends_on_past ' +
    'ignore_first_depends_on_past wait_for_past_depends_before_skipping wait_for_downstream retries queue pool ' +
    'pool_slots execution_timeout max_retry_delay retry_delay retry_exponential_backoff priority_weight weight_rule ' +
    'sla map_index_template max_active_tis_per_dag max_active_tis_per_dagrun on_execute_callback ' +
    'on_failure_callback on_success_callback on_retry_callback on_skipped_callback run_as_user executor ' +
    'executor_config inlets outlets doc doc_md doc_json doc_yaml doc_rst task_display_name logger_name ' +
    'allow_nested_operators',
);

const BASE_OPERATOR_PARAMS_3_0 = BASE_OPERATOR_PARAMS_2.filter((p) => p !== 'task_concurrency');

const TRIGGER_RULES_2 = words(
  'all_success all_failed all_done all_done_setup_success one_success one_failed one_done none_failed ' +
    'none_failed_or_skipped none_skipped dummy always none_failed_min_one_success all_skipped',
);

/** Airflow 2.10's DAG-file facts, which the reader applies to every version before 3.0. */
/** The Task SDK's frames of a missing variable (3.0.6: task-sdk 1.0.6, observed). */
const SDK_MISSING_VARIABLE_3_0: MissingVariableFacts = {
  frames: [
    {
      file: 'airflow/sdk/definitions/variable.py',
      line: 54,
      name: 'get',
      source: 'return _get_variable(key, deserialize_json=deserialize_json)',
      carets: '       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
    },
    {
      file: 'airflow/sdk/execution_time/context.py',
      line: 212,
      name: '_get_variable',
      source: 'raise AirflowRuntimeError(msg)',
      carets: null,
    },
  ],
  exception: "airflow.sdk.exceptions.AirflowRuntimeError: VARIABLE_NOT_FOUND: {'key': ⟨{key}⟩}",
};

/** 3.3.1 (task-sdk 1.3.1, observed): `_get_variable` raises the not-found error itself, with a message. */
const SDK_MISSING_VARIABLE_3_3: MissingVariableFacts = {
  frames: [
    SDK_MISSING_VARIABLE_3_0.frames[0]!,
    {
      file: 'airflow/sdk/execution_time/context.py',
      line: 343,
      name: '_get_variable',
      source: 'raise AirflowRuntimeError(',
      carets: null,
    },
  ],
  exception: "airflow.sdk.exceptions.AirflowRuntimeError: VARIABLE_NOT_FOUND: {'message': ⟨Variable {key} not found⟩}",
};

/** `airflow.models.Variable.get` hands over to the Task SDK's while a file is parsed (3.x). */
function modelsThroughSdk(
  line: number,
  source: string,
  carets: string,
  sdk: MissingVariableFacts,
): MissingVariableFacts {
  return {
    frames: [{ file: 'airflow/models/variable.py', line, name: 'get', source, carets }, ...sdk.frames],
    exception: sdk.exception,
  };
}

const MODELS_GET_WARNING_3 =
  'Using Variable.get from `airflow.models` is deprecated.Please use `get` on Variable from sdk(`airflow.sdk.Variable`) instead';

/**
 * `Variable.get`'s `raise KeyError` in airflow/models/variable.py: line 143 in 2.8.1 and 2.9.2, 145 in 2.10.1,
 * 2.10.3, 2.10.5, 2.11.0 and 2.11.2 (read in each package). Older MWAA versions run Python 3.7/3.10, whose
 * tracebacks the agent does not write.
 */
function missingVariable2(line: number): MissingVariableFacts {
  return {
    frames: [
      {
        file: 'airflow/models/variable.py',
        line,
        name: 'get',
        source: 'raise KeyError(f"Variable {key} does not exist")',
        carets: null,
      },
    ],
    exception: 'KeyError: ⟨Variable {key} does not exist⟩',
  };
}

const DAG_FILES_2: DagFileFacts = {
  dagParams: DAG_PARAMS_2,
  // 2.x's DAG.__init__ has no `*`: every parameter binds by position; there is no airflow.sdk.
  dagPositionalParams: { models: DAG_PARAMS_2, sdk: [] },
  removedDagParams: {},
  baseOperatorParams: BASE_OPERATOR_PARAMS_2,
  // Dynamic task mapping came with 2.3.0 (its row turns it on).
  taskMapping: false,
  partialParams: PARTIAL_PARAMS,
  neverMappedWarning: true,
  removedOperatorParams: {},
  invalidOperatorArgsError: 'AirflowException',
  taskGroupParams: words(
    'group_id prefix_group_id parent_group dag default_args tooltip ui_color ui_fgcolor add_suffix_on_collision',
  ),
  defaultSchedule: 'one-day',
  deltaFollowsCronDataIntervals: false,
  timetableScheduleShownAs: 'summary',
  startDateRequired: 'when-scheduled',
  cycleNoun: 'DAG',
  duplicateDagIds: 'import-error',
  triggerRules: TRIGGER_RULES_2,
  triggerRuleAliases: { dummy: 'always', none_failed_or_skipped: 'none_failed_min_one_success' },
  datasetClass: 'Dataset',
  assetUriUserInfo: {
    when: 'user-info',
    warning:
      'A dataset URI should not contain auth info (e.g. username or password). It has been automatically dropped.',
  },
  dagSlaWarning: null,
  scheduleIntervalWarning: null,
  taskSlaWarning: null,
  imports: null,
  variables: {
    missing: { models: missingVariable2(143), sdk: null },
    modelsGetWarning: null,
    storedJsonWarning: false,
  },
  tagsOrder: 'written',
};

/** 2.10's `KNOWN_CONTEXT_KEYS` (airflow/utils/context.py), the template context of every 2.x row. */
const CONTEXT_KEYS_2: readonly string[] = [
  'conf',
  'conn',
  'dag',
  'dag_run',
  'data_interval_end',
  'data_interval_start',
  'ds',
  'ds_nodash',
  'execution_date',
  'expanded_ti_count',
  'exception',
  'inlets',
  'inlet_events',
  'logical_date',
  'macros',
  'map_index_template',
  'next_ds',
  'next_ds_nodash',
  'next_execution_date',
  'outlets',
  'outlet_events',
  'params',
  'prev_data_interval_start_success',
  'prev_data_interval_end_success',
  'prev_ds',
  'prev_ds_nodash',
  'prev_execution_date',
  'prev_execution_date_success',
  'prev_start_date_success',
  'prev_end_date_success',
  'reason',
  'run_id',
  'task',
  'task_instance',
  'task_instance_key_str',
  'test_mode',
  'templates_dict',
  'ti',
  'tomorrow_ds',
  'tomorrow_ds_nodash',
  'triggering_dataset_events',
  'ts',
  'ts_nodash',
  'ts_nodash_with_tz',
  'try_number',
  'var',
  'yesterday_ds',
  'yesterday_ds_nodash',
];

/** Keys 3.x's `RuntimeTaskInstance.get_template_context` sets only when the run has a logical date. */
const LOGICAL_DATE_KEYS_3: readonly string[] = [
  'logical_date',
  'ds',
  'ds_nodash',
  'ts',
  'ts_nodash',
  'ts_nodash_with_tz',
  'data_interval_end',
  'data_interval_start',
  'prev_data_interval_start_success',
  'prev_data_interval_end_success',
];

/**
 * The keys 3.0.6's (and 3.2.1's) `get_template_context` sets (test_mode, try_number, start_date and the
 * other `Context` fields it declares are never set): no conf, execution_date, next_ds, prev_ds, tomorrow_ds,
 * yesterday_ds, triggering_dataset_events, … any more.
 */
const CONTEXT_KEYS_3_0: readonly string[] = [
  'dag',
  'inlets',
  'map_index_template',
  'outlets',
  'run_id',
  'task',
  'task_instance',
  'ti',
  'outlet_events',
  'inlet_events',
  'macros',
  'params',
  'var',
  'conn',
  'dag_run',
  'triggering_asset_events',
  'task_instance_key_str',
  'task_reschedule_count',
  'prev_start_date_success',
  'prev_end_date_success',
  ...LOGICAL_DATE_KEYS_3,
];

const SUBPROCESS_HOOK = 'airflow.task.hooks.airflow.providers.standard.hooks.subprocess.SubprocessHook';

/** SubprocessHook's lines in apache-airflow-providers-standard 1.12.3 and 1.17.0 (3.2.1 and 3.3.1 pin them). */
const SUBPROCESS_SOURCES_STANDARD_1_12 = {
  tmpDir: at('subprocess.py', 78, SUBPROCESS_HOOK),
  runningCommand: at('subprocess.py', 80, SUBPROCESS_HOOK),
  output: at('subprocess.py', 92, SUBPROCESS_HOOK),
  outputLine: at('subprocess.py', 99, SUBPROCESS_HOOK),
  exitCode: at('subprocess.py', 103, SUBPROCESS_HOOK),
};

/** The task runner of task-sdk 1.0.6 (Airflow 3.0.6): no groups; 3.0 records carry no filename/lineno. */
const TASK_RUNNER_3_0: TaskRunnerSources = {
  preExecuteGroup: null,
  bundlesLoaded: at('manager.py', 122, 'airflow.dag_processing.bundles.manager.DagBundlesManager'),
  fillingDagBag: at('dagbag.py', 585, 'airflow.models.dagbag.DagBag'),
  workerStartup: null,
  preExecuteGroupEnd: null,
  renderError: at('abstractoperator.py', 389, 'airflow.sdk.definitions._internal.abstractoperator'),
  taskFailed: {
    failFast: at('task_runner.py', 961, 'task'),
    airflow: at('task_runner.py', 972, 'task'),
    other: at('task_runner.py', 994, 'task'),
  },
  postExecuteGroup: null,
  skipping: at('task_runner.py', 945, 'task'),
  pausingAsDeferred: at('task_runner.py', 844, 'task'),
  pushingXcom: at('task_runner.py', 1260, 'task'),
  timedOut: at('timeout.py', 43, 'airflow.utils.timeout.TimeoutPosix'),
  timedOutPidField: false,
  postExecuteGroupEnd: null,
};

/** Task-sdk 1.2.1 (Airflow 3.2.1), read from its source: the same records as 3.0, with callsites. */
const TASK_RUNNER_3_2: TaskRunnerSources = {
  ...TASK_RUNNER_3_0,
  bundlesLoaded: at('manager.py', 209, 'airflow.dag_processing.bundles.manager.DagBundlesManager'),
  fillingDagBag: at('dagbag.py', 469, 'airflow.dag_processing.dagbag.BundleDagBag'),
  renderError: at('abstractoperator.py', 331, 'airflow.sdk.definitions._internal.abstractoperator'),
  taskFailed: {
    failFast: at('task_runner.py', 1314, 'task'),
    airflow: at('task_runner.py', 1325, 'task'),
    other: at('task_runner.py', 1347, 'task'),
  },
  skipping: at('task_runner.py', 1298, 'task'),
  // pausingAsDeferred stays 3.0's line: task-sdk 1.2.1's was not read (no 3.2.1 virtualenv here).
  pushingXcom: at('task_runner.py', 1724, 'task'),
  timedOut: at('timeout.py', 37, 'task'),
  timedOutPidField: true,
};

/** Task-sdk 1.3.1 (Airflow 3.3.1): the Pre/Post Execute groups and the worker's parse timings. */
const TASK_RUNNER_3_3: TaskRunnerSources = {
  preExecuteGroup: at('task_runner.py', 2412, 'task'),
  bundlesLoaded: at('manager.py', 304, 'airflow.dag_processing.bundles.manager.DagBundlesManager'),
  fillingDagBag: at('dagbag.py', 460, 'airflow.dag_processing.dagbag.BundleDagBag'),
  workerStartup: at('task_runner.py', 1073, 'task'),
  preExecuteGroupEnd: at('task_runner.py', 2232, 'task'),
  renderError: at('templater.py', 196, 'airflow.sdk.definitions._internal.templater'),
  taskFailed: {
    failFast: at('task_runner.py', 1639, 'task'),
    airflow: at('task_runner.py', 1651, 'task'),
    other: at('task_runner.py', 1676, 'task'),
  },
  postExecuteGroup: {
    success: at('task_runner.py', 1580, 'task'),
    skipped: at('task_runner.py', 1620, 'task'),
    failFast: at('task_runner.py', 1640, 'task'),
    airflow: at('task_runner.py', 1652, 'task'),
    other: at('task_runner.py', 1677, 'task'),
  },
  skipping: at('task_runner.py', 1622, 'task'),
  pausingAsDeferred: at('task_runner.py', 1466, 'task'),
  pushingXcom: at('task_runner.py', 2280, 'task'),
  timedOut: at('timeout.py', 38, 'task'),
  timedOutPidField: true,
  postExecuteGroupEnd: at('task_runner.py', 2379, 'task'),
};

/** The logger of Airflow 3's `dag.test()` lines. */
const DAG_TEST_LOGGER = 'airflow.sdk.definitions.dag';

const MWAA_BASE_PROVIDERS = ['amazon', 'celery', 'common-sql', 'ftp', 'http', 'imap', 'postgres', 'sqlite'];

/** The facts of the oldest version the table knows (Airflow 1.10.12), which later rows change. */
export const AIRFLOW_BASE: AirflowFacts = {
  packaging: {
    providerDistributions: false,
    preinstalledProviders: [],
    coreConnectionTypes: ['fs', 'package_index'],
    coreDistributions: ['apache-airflow'],
    constraintsSshProvider: '1.3.0',
    constraintsParamiko: '2.7.1',
    mwaaForcesConstraints: false,
    mwaaEnforcesEssentialPackages: false,
    mwaaGlibc: '2.26',
  },
  defaults: {
    catchupByDefault: true,
    dagIgnoreFileSyntax: 'regexp',
    dagsArePausedAtCreation: true,
    parallelism: 32,
    maxActiveRunsPerDag: 16,
    maxActiveTasksPerDag: 16,
    dagDiscoverySafeMode: true,
    dagbagImportTimeout: 30,
    killedTaskCleanupTime: 60,
    maxMapLength: 1024,
    createCronDataIntervals: true,
    schedulerHealthCheckThreshold: 30,
    orphanedTasksCheckInterval: 300,
    triggererHealthCheckThreshold: 30,
  },
  configOptions: {
    mwaaEssential: MWAA_ESSENTIAL_2,
    mwaaDefaults: MWAA_DEFAULTS_2,
    deprecatedNames: {},
    mwaaProtectedVariables: MWAA_PROTECTED_2,
  },
  dagFiles: DAG_FILES_2,
  schedule: { deltaEpochRounded: false, cronDescription: 'plain' },
  runs: {
    logicalDateOptional: false,
    scheduledRunIdDate: 'logical-date',
    manualRunIdDate: 'logical-date',
    manualRunIdRandomSuffix: false,
    manualLogicalDateDefault: 'now',
    manualDataIntervalAt: 'logical-date',
    beforeStartDateMessage: 'execution-date',
    startsAfter: 'logical-date',
    assetTriggered: 'none',
  },
  libraries: { pendulumMajor: 2 },
  connections: { logStyle: 'v2.0', logSource: at('base.py', 79), shortSecretWarning: null },
  taskLog: {
    asctime: 'python-default',
    dependencyLines: 'plain',
    envVarsLine: 'one-per-line',
    markingIncludesRunId: false,
    failedJobDetail: false,
    zombieMessage: 'detected-as-zombie',
    format: 'text',
    jsonTimestamp: 'naive',
    jsonCallsite: false,
    jsonTaskKeys: false,
    apiSourceHeader: null,
  },
  taskLogSources: TASK_LOG_SOURCES_2_2,
  taskRunner: { sources: null, tiRepr: 'v3.0' },
  templateContext: {
    keys: CONTEXT_KEYS_2,
    logicalDateKeys: [],
    dagRunClass: null,
    assetEventPartitionKey: false,
    runTypeRendering: 'value',
  },
  tasks: {
    airflowExceptionClass: 'airflow.exceptions.AirflowException',
    contextTryNumber: false,
    contextDateVar: 'AIRFLOW_CTX_EXECUTION_DATE',
    maxTaskRetryDelaySeconds: null,
    retryHashTryOffset: 1,
  },
  bashOperator: {
    templateFields: ['bash_command', 'env'],
    tmpDirOnNextLine: true,
    bashPath: 'bash',
    sources: {
      tmpDir: at('subprocess.py', 62),
      runningCommand: at('subprocess.py', 74),
      output: at('subprocess.py', 85),
      outputLine: at('subprocess.py', 89),
      exitCode: at('subprocess.py', 93),
    },
  },
  api: { generation: 'v1', mwaaCliCommands: MWAA_CLI_COMMANDS_2 },
  // Airflow 2.10.5's dag.py (models/dag.py; 2.11.2's lines are the same).
  dagTest: {
    dateArgument: 'execution_date',
    patternSyntax: 're2',
    sources: {
      startingTask: at('dag.py', 4396),
      runningTask: at('dag.py', 4399),
      endTask: at('dag.py', 4410),
      taskFailed: at('dag.py', 3090),
      markSuccess: null,
    },
    afterFailure: 'task-failed',
    tiRepr: 'state-value',
  },
  // Airflow 2.10.5's PLUGINS_ATTRIBUTES_TO_DUMP (plugins_manager.py); earlier versions are assumed the same.
  plugins: {
    dumpedAttributes: [
      'hooks',
      'executors',
      'macros',
      'admin_views',
      'flask_blueprints',
      'menu_links',
      'appbuilder_views',
      'appbuilder_menu_items',
      'global_operator_extra_links',
      'operator_extra_links',
      'source',
      'ti_deps',
      'timetables',
      'listeners',
      'priority_weight_strategies',
    ],
  },
};

/** In version order. Rows without `mwaa` are versions MWAA skipped where a fact changes. */
export const AIRFLOW_RELEASES: readonly AirflowRelease[] = [
  { version: '1.10.12', mwaa: { python: '3.7', extraPins: { sshtunnel: '0.1.5' } } },
  {
    version: '2.0.0',
    changes: { packaging: { providerDistributions: true, preinstalledProviders: MWAA_BASE_PROVIDERS } },
  },
  { version: '2.0.2', mwaa: { python: '3.7' }, changes: ssh('1.3.0', '2.7.2') },
  { version: '2.1.0', changes: { connections: { logStyle: 'v2.1', logSource: at('base.py', 80) } } },
  {
    version: '2.2.0',
    changes: {
      connections: { logSource: at('base.py', 79) },
      configOptions: { deprecatedNames: { 'core.max_active_tasks_per_dag': 'core.dag_concurrency' } },
    },
  },
  { version: '2.2.2', mwaa: { python: '3.7' }, changes: ssh('2.3.0', '2.8.0') },
  {
    version: '2.3.0',
    changes: {
      dagFiles: { taskMapping: true },
      connections: { logStyle: 'v2.3', logSource: at('base.py', 73) },
      taskLog: { envVarsLine: 'inline-repr', failedJobDetail: true },
      taskLogSources: TASK_LOG_SOURCES_2_3,
      bashOperator: {
        tmpDirOnNextLine: false,
        sources: {
          tmpDir: at('subprocess.py', 70),
          runningCommand: at('subprocess.py', 88),
          output: at('subprocess.py', 99),
          outputLine: at('subprocess.py', 106),
          exitCode: at('subprocess.py', 110),
        },
      },
    },
  },
  { version: '2.3.4', changes: { taskLog: { asctime: 'timezone-aware' } } },
  {
    version: '2.4.0',
    changes: {
      runs: { assetTriggered: 'dataset' },
      // models/dag.py of 2.4.3 … 2.11.2 (read in each release's package)
      dagFiles: {
        scheduleIntervalWarning: {
          category: 'airflow.exceptions.RemovedInAirflow3Warning',
          message:
            'Param `schedule_interval` is deprecated and will be removed in a future release. Please use `schedule` instead. ',
        },
      },
    },
  },
  { version: '2.4.3', mwaa: { python: '3.10' }, changes: ssh('3.2.0', '2.12.0') },
  { version: '2.5.0', changes: { tasks: { contextTryNumber: true } } },
  { version: '2.5.1', mwaa: { python: '3.10' }, changes: ssh('3.4.0', '2.12.0') },
  {
    version: '2.6.0',
    changes: {
      taskLog: { dependencyLines: 'dep-context', zombieMessage: 'details' },
      taskLogSources: { dependenciesMet: at('taskinstance.py', 2613) },
      tasks: { maxTaskRetryDelaySeconds: 86_400 },
      bashOperator: { templateFields: ['bash_command', 'env', 'cwd'] },
    },
  },
  { version: '2.6.3', mwaa: { python: '3.10' }, changes: ssh('3.7.1', '3.2.0') },
  { version: '2.7.0', changes: { connections: { logSource: at('base.py', 83) } } },
  {
    version: '2.7.2',
    mwaa: { python: '3.11' },
    changes: {
      packaging: { constraintsSshProvider: '3.7.3', constraintsParamiko: '3.3.1', mwaaForcesConstraints: true },
    },
  },
  {
    version: '2.8.0',
    changes: {
      libraries: { pendulumMajor: 3 },
      schedule: { deltaEpochRounded: true },
      taskLog: { zombieMessage: 'details-with-link' },
      taskLogSources: { zombieDetected: at('scheduler_job_runner.py', 1808) },
      packaging: { preinstalledProviders: [...MWAA_BASE_PROVIDERS, 'common-io', 'smtp'] },
    },
  },
  { version: '2.8.1', mwaa: { python: '3.11' }, changes: ssh('3.10.0', '3.4.0') },
  {
    version: '2.9.0',
    changes: {
      taskLogSources: {
        preExecutionGroup: at('local_task_job_runner.py', 123),
        preExecutionGroupEnd: at('taskinstance.py', 731),
        postExecutionGroup: at('taskinstance.py', 340),
        postExecutionGroupEnd: at('local_task_job_runner.py', 245),
      },
      packaging: { preinstalledProviders: [...MWAA_BASE_PROVIDERS, 'common-io', 'smtp', 'fab'] },
    },
  },
  { version: '2.9.1', changes: { taskLog: { markingIncludesRunId: true } } },
  {
    version: '2.9.2',
    mwaa: { python: '3.11' },
    changes: {
      packaging: {
        constraintsSshProvider: '3.11.1',
        constraintsParamiko: '3.4.0',
        mwaaEnforcesEssentialPackages: true,
        mwaaGlibc: '2.34',
      },
    },
  },
  {
    version: '2.10.0',
    changes: {
      connections: { logStyle: 'v2.10', logSource: at('base.py', 84, 'airflow.hooks.base') },
      tasks: { retryHashTryOffset: 0 },
      dagFiles: {
        variables: {
          missing: { models: missingVariable2(145), sdk: null },
          modelsGetWarning: null,
          storedJsonWarning: false,
        },
      },
    },
  },
  { version: '2.10.1', mwaa: { python: '3.11' }, changes: ssh('3.13.1', '3.4.1') },
  {
    version: '2.10.3',
    mwaa: { python: '3.11', extraPins: ESSENTIAL_2_10_3 },
    changes: ssh('3.14.0', '3.5.0'),
  },
  // BashOperator runs `shutil.which("bash") or "bash"` from 2.10.4 (2.10.3 runs "bash"; seen in both wheels).
  { version: '2.10.4', changes: { bashOperator: { bashPath: 'which' } } },
  { version: '2.11.0', mwaa: { python: '3.12' }, changes: ssh('4.1.0', '3.5.1') },
  { version: '2.11.2', mwaa: { python: '3.12' }, changes: ssh('4.3.1', '3.5.1') },
  {
    // What is known of Airflow 3 so far (airflow3.md, config.yml of 3.0.6); the Airflow-3 work completes it.
    version: '3.0.0',
    changes: {
      // airflow/sdk/definitions/dag.py of 3.0.6; 3.0.0–3.0.5 are assumed the same.
      dagTest: {
        dateArgument: 'logical_date',
        patternSyntax: 'python-re',
        sources: {
          startingTask: at('dag.py', 1230, DAG_TEST_LOGGER),
          runningTask: at('dag.py', 1233, DAG_TEST_LOGGER),
          endTask: at('dag.py', 1286, DAG_TEST_LOGGER),
          taskFailed: at('dag.py', 1207, DAG_TEST_LOGGER),
          markSuccess: at('dag.py', 1203, DAG_TEST_LOGGER),
        },
        afterFailure: 'end-task',
      },
      packaging: {
        preinstalledProviders: [...MWAA_BASE_PROVIDERS, 'common-io', 'smtp', 'fab', 'standard'],
        coreConnectionTypes: [],
        coreDistributions: ['apache-airflow', 'apache-airflow-task-sdk'],
      },
      defaults: { catchupByDefault: false, dagIgnoreFileSyntax: 'glob', createCronDataIntervals: false },
      // Airflow 3 no longer reads [core] dag_concurrency (config_command.py lists it as renamed).
      configOptions: {
        mwaaEssential: MWAA_ESSENTIAL_3_0,
        mwaaDefaults: MWAA_DEFAULTS_3_0,
        deprecatedNames: {},
        mwaaProtectedVariables: MWAA_PROTECTED_3,
      },
      // Airflow 3.0.6's package (installed by infra/setup.d/21-airflow3.sh); 3.0.0–3.0.5 are assumed alike.
      dagFiles: {
        dagParams: DAG_PARAMS_3_0,
        scheduleIntervalWarning: null,
        // 3.0's airflow.models.dag.DAG (what airflow.DAG names) is an attrs subclass whose own fields come
        // first; airflow.sdk's DAG makes everything after dag_id keyword-only.
        dagPositionalParams: {
          models: words('dag_id partial last_loaded max_consecutive_failed_dag_runs'),
          sdk: ['dag_id'],
        },
        removedDagParams: REMOVED_DAG_PARAMS_3_0,
        baseOperatorParams: BASE_OPERATOR_PARAMS_3_0,
        taskMapping: true,
        partialParams: PARTIAL_PARAMS,
        neverMappedWarning: true,
        removedOperatorParams: { task_concurrency: 'max_active_tis_per_dag', provide_context: '' },
        invalidOperatorArgsError: 'TypeError',
        taskGroupParams: words(
          'group_id group_display_name prefix_group_id parent_group dag default_args tooltip ui_color ui_fgcolor ' +
            'add_suffix_on_collision',
        ),
        defaultSchedule: 'none',
        deltaFollowsCronDataIntervals: true,
        timetableScheduleShownAs: 'object',
        startDateRequired: 'when-catchup',
        duplicateDagIds: 'each-file-alone',
        triggerRules: TRIGGER_RULES_2.filter((r) => r !== 'dummy' && r !== 'none_failed_or_skipped'),
        triggerRuleAliases: {},
        datasetClass: 'Asset',
        assetUriUserInfo: {
          when: 'user-info',
          warning:
            'An Asset URI should not contain auth info (e.g. username or password). It has been automatically dropped.',
        },
        dagSlaWarning: 'The SLA feature is removed in Airflow 3.0, to be replaced with a new implementation in >=3.1',
        taskSlaWarning: 'The SLA feature is removed in Airflow 3.0, to be replaced with a new implementation in >=3.1',
        imports: IMPORTS_3_0_6,
        variables: {
          missing: {
            models: modelsThroughSdk(
              156,
              'var_val = TaskSDKVariable.get(',
              '          ^^^^^^^^^^^^^^^^^^^^',
              SDK_MISSING_VARIABLE_3_0,
            ),
            sdk: SDK_MISSING_VARIABLE_3_0,
          },
          modelsGetWarning: MODELS_GET_WARNING_3,
          storedJsonWarning: true,
        },
        tagsOrder: 'sorted',
      },
      api: { generation: 'v2', mwaaCliCommands: MWAA_CLI_COMMANDS_3 },
      runs: {
        logicalDateOptional: true,
        manualRunIdDate: 'run-after',
        manualRunIdRandomSuffix: true,
        manualLogicalDateDefault: 'none',
        manualDataIntervalAt: 'run-after',
        beforeStartDateMessage: 'logical-date',
        startsAfter: 'run-after',
        assetTriggered: 'asset',
      },
      taskLog: { format: 'json', apiSourceHeader: 'sources-field' },
      tasks: { contextDateVar: 'AIRFLOW_CTX_LOGICAL_DATE' },
      taskRunner: { sources: TASK_RUNNER_3_0 },
      templateContext: {
        keys: CONTEXT_KEYS_3_0,
        logicalDateKeys: LOGICAL_DATE_KEYS_3,
        dagRunClass: 'airflow.sdk.api.datamodels._generated.DagRun',
        runTypeRendering: 'enum-name',
      },
      bashOperator: {
        // apache-airflow-providers-standard 1.6.0 (3.0.6 pins it); 3.0 records show no line.
        bashPath: 'which',
        sources: {
          tmpDir: at('subprocess.py', 78, SUBPROCESS_HOOK),
          runningCommand: at('subprocess.py', 88, SUBPROCESS_HOOK),
          output: at('subprocess.py', 99, SUBPROCESS_HOOK),
          outputLine: at('subprocess.py', 106, SUBPROCESS_HOOK),
          exitCode: at('subprocess.py', 110, SUBPROCESS_HOOK),
        },
      },
      // 3.0.6's airflow/hooks/base.py:65 (its structured records carry no filename/lineno).
      connections: {
        logStyle: 'v3.0',
        logSource: at('base.py', 65, 'airflow.hooks.base'),
        shortSecretWarning: at('secrets_masker.py', 497, 'airflow.sdk.execution_time.secrets_masker'),
      },
    },
  },
  {
    version: '3.0.6',
    mwaa: { python: '3.12', extraPins: ESSENTIAL_3_0_6 },
    changes: ssh('4.1.3', '3.5.1'),
  },
  {
    // 3.3.1's (observed); 3.1 and 3.2 are assumed to behave as 3.3.1.
    version: '3.1.0',
    changes: {
      connections: {
        logStyle: 'none',
        shortSecretWarning: at('secrets_masker.py', 605, 'airflow.sdk._shared.secrets_masker.secrets_masker'),
      },
      tasks: { airflowExceptionClass: 'airflow.sdk.exceptions.AirflowException' },
      // From 3.1 (3.1.0's and 3.2.1's packages read) airflow.DAG and airflow.models.DAG are airflow.sdk's DAG.
      dagFiles: { dagPositionalParams: { models: ['dag_id'], sdk: ['dag_id'] } },
    },
  },
  {
    // Airflow 3.1 and 3.2 (3.2.1's package): Deadline Alerts replace SLAs, "Dag" in messages, new DAG and
    // operator parameters and trigger rule, airflow.datasets gone. The run, log and task-runner facts come from
    // 3.2.1's source (apache-airflow-core 3.2.1, task-sdk 1.2.1, standard 1.12.3), not run.
    version: '3.2.1',
    mwaa: { python: '3.12' },
    changes: {
      ...ssh('5.0.0', '3.5.1'),
      // amazon-mwaa-docker-images 3.2.1 `mwaa/config/airflow.py`.
      configOptions: {
        mwaaEssential: MWAA_ESSENTIAL_3_2,
        mwaaDefaults: { ...MWAA_DEFAULTS_3_3, 'api.workers': '2' },
      },
      dagFiles: {
        dagParams: words(
          'dag_id description default_args start_date end_date schedule template_searchpath template_undefined ' +
            'user_defined_macros user_defined_filters max_active_tasks max_active_runs ' +
            'max_consecutive_failed_dag_runs dagrun_timeout deadline sla_miss_callback catchup on_success_callback ' +
            'on_failure_callback doc_md params access_control is_paused_upon_creation jinja_environment_kwargs ' +
            'render_template_as_native_obj tags owner_links auto_register fail_fast allowed_run_types ' +
            'dag_display_name task_group disable_bundle_versioning',
        ),
        baseOperatorParams: [...BASE_OPERATOR_PARAMS_3_0, 'render_template_as_native_obj'],
        cycleNoun: 'Dag',
        triggerRules: [
          ...TRIGGER_RULES_2.filter((r) => r !== 'dummy' && r !== 'none_failed_or_skipped'),
          'all_done_min_one_success',
        ],
        datasetClass: 'Asset',
        assetUriUserInfo: {
          when: 'password',
          warning: 'An Asset URI should not contain a password. User info has been automatically dropped.',
        },
        dagSlaWarning: 'The SLA feature is removed in Airflow 3.0, and replaced with a Deadline Alerts in >=3.1',
        taskSlaWarning: 'The SLA feature is removed in Airflow 3.0, replaced with Deadline Alerts in >=3.1',
        imports: IMPORTS_3_2_1,
      },
      schedule: { cronDescription: 'dom-or-dow' },
      runs: { scheduledRunIdDate: 'run-after', manualRunIdRandomSuffix: false },
      taskLog: { jsonTimestamp: 'zulu', jsonCallsite: true },
      taskRunner: { sources: TASK_RUNNER_3_2, tiRepr: 'v3.3' },
      bashOperator: { sources: SUBPROCESS_SOURCES_STANDARD_1_12 },
    },
  },
  {
    version: '3.3.1',
    mwaa: { python: '3.12' },
    changes: {
      ...ssh('6.0.1', '5.0.0'),
      // amazon-mwaa-docker-images 3.3.1 `mwaa/config/airflow.py` (the essential options as 3.2.1's).
      configOptions: { mwaaDefaults: MWAA_DEFAULTS_3_3 },
      // Airflow 3.3.1's get_plugin_info (plugins_manager.py): no hooks/executors/ti_deps, the FastAPI and React parts.
      plugins: {
        dumpedAttributes: [
          'macros',
          'admin_views',
          'flask_blueprints',
          'fastapi_apps',
          'fastapi_root_middlewares',
          'external_views',
          'react_apps',
          'menu_links',
          'appbuilder_views',
          'appbuilder_menu_items',
          'global_operator_extra_links',
          'operator_extra_links',
          'source',
          'timetables',
          'listeners',
          'priority_weight_strategies',
        ],
      },
      dagFiles: {
        dagParams: words(
          'dag_id description default_args start_date end_date schedule template_searchpath template_undefined ' +
            'user_defined_macros user_defined_filters max_active_tasks max_active_runs ' +
            'max_consecutive_failed_dag_runs dagrun_timeout deadline sla_miss_callback catchup on_success_callback ' +
            'on_failure_callback doc_md params access_control is_paused_upon_creation jinja_environment_kwargs ' +
            'render_template_as_native_obj tags owner_links auto_register fail_fast allowed_run_types ' +
            'dag_display_name task_group disable_bundle_versioning rerun_with_latest_version',
        ),
        baseOperatorParams: words(
          'task_id owner email email_on_retry email_on_failure retries retry_delay retry_exponential_backoff ' +
            'max_retry_delay retry_policy start_date end_date depends_on_past ignore_first_depends_on_past ' +
            'wait_for_past_depends_before_skipping wait_for_downstream dag params default_args priority_weight ' +
            'weight_rule queue pool pool_slots sla execution_timeout on_execute_callback on_failure_callback ' +
            'on_success_callback on_retry_callback on_skipped_callback pre_execute post_execute trigger_rule ' +
            'resources run_as_user map_index_template max_active_tis_per_dag max_active_tis_per_dagrun executor ' +
            'executor_config do_xcom_push multiple_outputs inlets outlets task_group doc doc_md doc_json doc_yaml ' +
            'doc_rst task_display_name logger_name allow_nested_operators render_template_as_native_obj',
        ),
        taskGroupParams: words(
          'group_id group_display_name prefix_group_id parent_group dag default_args tooltip doc_md ui_color ' +
            'ui_fgcolor add_suffix_on_collision',
        ),
        neverMappedWarning: false,
        imports: IMPORTS_3_3_1,
        variables: {
          missing: {
            models: modelsThroughSdk(
              179,
              'var_val = TaskSDKVariable.get(key, deserialize_json=deserialize_json, **default_kwargs)',
              '          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
              SDK_MISSING_VARIABLE_3_3,
            ),
            sdk: SDK_MISSING_VARIABLE_3_3,
          },
          modelsGetWarning: MODELS_GET_WARNING_3,
          storedJsonWarning: false,
        },
      },
      runs: { beforeStartDateMessage: 'logical-date-dag' },
      taskLog: { jsonTaskKeys: true, apiSourceHeader: 'source-items' },
      // airflow/sdk/definitions/dag.py of 3.3.1 (3.1 and 3.2 assumed as 3.0.6).
      dagTest: {
        sources: {
          startingTask: at('dag.py', 1501, DAG_TEST_LOGGER),
          runningTask: at('dag.py', 1504, DAG_TEST_LOGGER),
          endTask: at('dag.py', 1563, DAG_TEST_LOGGER),
          taskFailed: at('dag.py', 1468, DAG_TEST_LOGGER),
          markSuccess: at('dag.py', 1464, DAG_TEST_LOGGER),
        },
        tiRepr: 'state-enum-ti-id',
      },
      taskRunner: { sources: TASK_RUNNER_3_3, tiRepr: 'v3.3' },
      templateContext: {
        keys: [...CONTEXT_KEYS_3_0, 'task_state_store', 'partition_key', 'partition_date'],
        assetEventPartitionKey: true,
      },
    },
  },
];

/** The change of an MWAA row: the SSH provider and paramiko its constraints pin. */
function ssh(provider: string, paramiko: string): FactsDelta<AirflowFacts> {
  return { packaging: { constraintsSshProvider: provider, constraintsParamiko: paramiko } };
}
