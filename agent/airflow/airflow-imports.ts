import type { ImportFacts } from './airflow-facts.js';

/*
 * What `from M import N` does in a DAG file on each Airflow 3 version MWAA runs, for the import paths of
 * Airflow 2.10 (every public module and name, and the virtual modules of its deprecation tables) and the
 * names the newest `airflow.sdk` exports: the modules that are gone, the names that are gone (or not there
 * yet), and the warnings DagBag records. Generated from the real
 * packages by test/integration/dags/airflow_imports_dump.py (`probe … --typescript <CONST>`); the
 * import-table differential test keeps them equal. A module's missing names are one space-separated
 * string; a warning written `=<target>` is Airflow's standard text: "airflow.utils.deprecation_tools.
 * DeprecatedImportWarning: The `M.N` attribute is deprecated. Please use `'<target>'`."
 */

/** apache-airflow 3.0.6 with the task SDK and the standard provider MWAA pins for it. */
export const IMPORTS_3_0_6: ImportFacts = {
  missingModules: [
    'airflow.api.auth',
    'airflow.api.client.api_client',
    'airflow.api.client.json_client',
    'airflow.api.common.experimental',
    'airflow.api_connexion',
    'airflow.api_internal',
    'airflow.auth',
    'airflow.cli.commands.internal_api_command',
    'airflow.cli.commands.webserver_command',
    'airflow.compat',
    'airflow.config_templates.default_celery',
    'airflow.contrib',
    'airflow.datasets.manager',
    'airflow.decorators.bash',
    'airflow.decorators.branch_external_python',
    'airflow.decorators.branch_python',
    'airflow.decorators.branch_virtualenv',
    'airflow.decorators.condition',
    'airflow.decorators.external_python',
    'airflow.decorators.python',
    'airflow.decorators.python_virtualenv',
    'airflow.decorators.sensor',
    'airflow.decorators.setup_teardown',
    'airflow.decorators.short_circuit',
    'airflow.decorators.task_group',
    'airflow.executors.celery_executor',
    'airflow.executors.celery_kubernetes_executor',
    'airflow.executors.dask_executor',
    'airflow.executors.debug_executor',
    'airflow.executors.kubernetes_executor',
    'airflow.executors.kubernetes_executor_types',
    'airflow.executors.kubernetes_executor_utils',
    'airflow.executors.local_kubernetes_executor',
    'airflow.executors.sequential_executor',
    'airflow.hooks.S3_hook',
    'airflow.hooks.base_hook',
    'airflow.hooks.dbapi',
    'airflow.hooks.dbapi_hook',
    'airflow.hooks.docker_hook',
    'airflow.hooks.druid_hook',
    'airflow.hooks.hive_hooks',
    'airflow.hooks.http_hook',
    'airflow.hooks.jdbc_hook',
    'airflow.hooks.mssql_hook',
    'airflow.hooks.mysql_hook',
    'airflow.hooks.oracle_hook',
    'airflow.hooks.pig_hook',
    'airflow.hooks.postgres_hook',
    'airflow.hooks.presto_hook',
    'airflow.hooks.samba_hook',
    'airflow.hooks.slack_hook',
    'airflow.hooks.sqlite_hook',
    'airflow.hooks.webhdfs_hook',
    'airflow.hooks.zendesk_hook',
    'airflow.io.store',
    'airflow.io.utils',
    'airflow.jobs.backfill_job_runner',
    'airflow.jobs.local_task_job_runner',
    'airflow.kubernetes',
    'airflow.lineage.backend',
    'airflow.lineage.entities',
    'airflow.listeners.spec.dataset',
    'airflow.macros.hive',
    'airflow.models.dagparam',
    'airflow.models.dagpickle',
    'airflow.models.dataset',
    'airflow.models.slamiss',
    'airflow.models.taskfail',
    'airflow.operators.bash_operator',
    'airflow.operators.branch_operator',
    'airflow.operators.check_operator',
    'airflow.operators.dagrun_operator',
    'airflow.operators.docker_operator',
    'airflow.operators.druid_check_operator',
    'airflow.operators.dummy',
    'airflow.operators.dummy_operator',
    'airflow.operators.email_operator',
    'airflow.operators.gcs_to_s3',
    'airflow.operators.google_api_to_s3_transfer',
    'airflow.operators.hive_operator',
    'airflow.operators.hive_stats_operator',
    'airflow.operators.hive_to_druid',
    'airflow.operators.hive_to_mysql',
    'airflow.operators.hive_to_samba_operator',
    'airflow.operators.http_operator',
    'airflow.operators.jdbc_operator',
    'airflow.operators.latest_only_operator',
    'airflow.operators.mssql_operator',
    'airflow.operators.mssql_to_hive',
    'airflow.operators.mysql_operator',
    'airflow.operators.mysql_to_hive',
    'airflow.operators.oracle_operator',
    'airflow.operators.papermill_operator',
    'airflow.operators.pig_operator',
    'airflow.operators.postgres_operator',
    'airflow.operators.presto_check_operator',
    'airflow.operators.presto_to_mysql',
    'airflow.operators.python_operator',
    'airflow.operators.redshift_to_s3_operator',
    'airflow.operators.s3_file_transform_operator',
    'airflow.operators.s3_to_hive_operator',
    'airflow.operators.s3_to_redshift_operator',
    'airflow.operators.slack_operator',
    'airflow.operators.sql',
    'airflow.operators.sql_branch_operator',
    'airflow.operators.sqlite_operator',
    'airflow.operators.subdag',
    'airflow.operators.subdag_operator',
    'airflow.sensors.base_sensor_operator',
    'airflow.sensors.date_time_sensor',
    'airflow.sensors.external_task_sensor',
    'airflow.sensors.hive_partition_sensor',
    'airflow.sensors.http_sensor',
    'airflow.sensors.metastore_partition_sensor',
    'airflow.sensors.named_hive_partition_sensor',
    'airflow.sensors.s3_key_sensor',
    'airflow.sensors.sql',
    'airflow.sensors.sql_sensor',
    'airflow.sensors.time_delta_sensor',
    'airflow.sensors.web_hdfs_sensor',
    'airflow.serialization.pydantic',
    'airflow.task.task_runner',
    'airflow.template',
    'airflow.templates',
    'airflow.ti_deps.deps.dagrun_backfill_dep',
    'airflow.utils.airflow_flask_app',
    'airflow.utils.compression',
    'airflow.utils.configuration',
    'airflow.utils.empty_set',
    'airflow.utils.jwt_signer',
    'airflow.utils.log.secrets_masker',
    'airflow.utils.log.task_context_logger',
    'airflow.utils.log.trigger_handler',
    'airflow.utils.mixins',
    'airflow.utils.pydantic',
    'airflow.utils.python_virtualenv',
    'airflow.utils.sensor_helper',
    'airflow.utils.template',
    'airflow.utils.weekday',
  ],
  missingNames: {
    airflow: 'annotations api_internal compat',
    'airflow.configuration':
      'Dict Set Tuple WEBSERVER_CONFIG as_dict create_pre_2_7_defaults get getboolean getfloat getint getsection has_option providers_configuration_loaded re2 remove_option set write_webserver_configuration_if_needed',
    'airflow.datasets':
      'Any BaseDataset Callable ClassVar DagDependency DatasetAliasEvent DatasetAny Iterable Iterator NEW_SESSION TYPE_CHECKING TypedDict attr cast conf extract_event_key internal_api_call manager normalize_noop os provide_session select urllib',
    'airflow.datasets.metadata': 'Any DatasetAlias TYPE_CHECKING attrs extract_event_key',
    'airflow.decorators':
      'Any Callable ProvidersManager bash bash_task branch_external_python branch_external_python_task branch_python branch_task branch_virtualenv branch_virtualenv_task condition external_python external_python_task python python_task python_virtualenv run_if sensor sensor_task setup_task setup_teardown short_circuit short_circuit_task skip_if teardown_task virtualenv_task',
    'airflow.decorators.base':
      'Any BaseOperator Callable ClassVar Collection DEFAULT_RETRIES DEFAULT_RETRY_DELAY DagContext Dataset DictOfListsExpandInput EXPAND_INPUT_EMPTY ExpandableFactory FParams FReturn Generic Iterator KNOWN_CONTEXT_KEYS ListOfDictsExpandInput MappedOperator Mapping NOTSET OperatorSubclass ParamSpec Pool Protocol Sequence TYPE_CHECKING Task TaskGroupContext TriggerRule TypeVar XComArg annotations attr cached_property cast coerce_resources coerce_timedelta ensure_xcomarg_return_value get_merged_defaults inspect is_mappable itertools overload parse_retries prevent_duplicates re2 remove_task_decorator textwrap timezone typing_extensions warnings',
    'airflow.exceptions':
      'AirflowDagInconsistent BackfillUnfinished DagConcurrencyLimitReached FailStopDagInvalidTriggerRule NoAvailablePoolSlot RemovedInAirflow3Warning TaskConcurrencyLimitReached UnmappableOperator',
    'airflow.hooks.base': 'RemovedInAirflow3Warning warnings',
    'airflow.hooks.filesystem': 'Any BaseHook Path annotations',
    'airflow.hooks.package_index': 'Any BaseHook annotations quote subprocess urlparse',
    'airflow.hooks.subprocess':
      'BaseHook Iterator PIPE Popen STDOUT SubprocessResult TemporaryDirectory annotations contextlib gettempdir namedtuple os signal working_directory',
    'airflow.io': 'store utils',
    'airflow.io.path':
      'Any CloudPath LoggingMixin Mapping PT TrackingFileWrapper attach contextlib default get_hook_lineage_collector get_upath_class os shutil stat_result stringify_path typing urlsplit',
    'airflow.io.typedef': 'Dict',
    'airflow.lineage':
      'AUTO Any Callable LineageBackend PIPELINE_INLETS PIPELINE_OUTLETS T TYPE_CHECKING TypeVar annotations apply_lineage backend cast conf create_session get_backend log logging prepare_lineage wraps',
    'airflow.lineage.hook': 'Dataset DatasetLineageInfo',
    'airflow.macros': 'Any LC_TIME Locale TYPE_CHECKING add_deprecated_classes format_datetime',
    'airflow.models': 'DagPickle SlaMiss TaskFail dagpickle dataset slamiss taskfail',
    'airflow.models.abstractoperator':
      'AirflowException Any ArgNotSet Callable ClassVar Collection Context DAGNode DEFAULT_EXECUTOR DEFAULT_IGNORE_FIRST_DEPENDS_ON_PAST DEFAULT_POOL_SLOTS DEFAULT_PRIORITY_WEIGHT DEFAULT_RETRIES DEFAULT_RETRY_DELAY DEFAULT_TRIGGER_RULE DEFAULT_WAIT_FOR_PAST_DEPENDS_BEFORE_SKIPPING DEFAULT_WEIGHT_RULE DependencyMixin Iterable Iterator MAX_RETRY_DELAY MappedTaskGroup NOTSET NotFullyPopulated Sequence SetupTeardownContext State TYPE_CHECKING TaskInstanceState Templater TriggerRule WeightRule abstractproperty annotations cached_property conf datetime db_safe_priority exists_query inspect methodtools redact select with_row_locks',
    'airflow.models.baseoperator':
      'AbstractOperator AirflowException AttributeRemoved BASEOPERATOR_ARGS_EXPECTED_TYPES BaseOperatorMeta Callable Chainable Context DEFAULT_EXECUTOR DEFAULT_IGNORE_FIRST_DEPENDS_ON_PAST DEFAULT_OWNER DEFAULT_POOL_SLOTS DEFAULT_PRIORITY_WEIGHT DEFAULT_QUEUE DEFAULT_RETRIES DEFAULT_RETRY_DELAY DEFAULT_TASK_EXECUTION_TIMEOUT DEFAULT_TRIGGER_RULE DEFAULT_WAIT_FOR_PAST_DEPENDS_BEFORE_SKIPPING DEFAULT_WEIGHT_RULE DependencyMixin EdgeModifier ExecutionCallableRunner ExecutorSafeguard FailStopDagInvalidTriggerRule FunctionType NOTSET NoReturn OperatorPartial ParamsDict Pool PriorityWeightStrategy RemovedInAirflow3Warning Resources ScheduleInterval Sequence SetupTeardownContext T TaskDeferralError TaskDeferred TaskPostExecuteHook TaskPreExecuteHook TriggerRule TypeVar Union abc apply_lineage attr cast coerce_resources coerce_timedelta collections conf context_get_outlet_events contextlib copy fixup_decorator_warning_stack inspect local parse_retries partial prepare_lineage relativedelta sys timedelta total_ordering validate_and_load_priority_weight_strategy validate_instance_args validate_key validate_mapping_kwargs warnings wraps',
    'airflow.models.baseoperatorlink': 'ABCMeta ClassVar TYPE_CHECKING abstractmethod annotations attr',
    'airflow.models.connection': 'RemovedInAirflow3Warning parse_netloc_to_hostname re2',
    'airflow.models.dag':
      'AbstractOperator AirflowDagInconsistent ArgNotSet BaseDataset Container ContinuousTimetable CronTriggerTimetable DAG_ARGS_EXPECTED_TYPES DEFAULT_SCHEDULE_INTERVAL DEFAULT_VIEW_PRESETS DagCode DagContext DagParam DagPickle Dataset DatasetAlias DatasetAliasModel DatasetAll DatasetDagRunQueue DatasetModel DatasetTriggeredTimetable DuplicateTaskIdFound EdgeInfoType ExitStack FAB_VERSION FailStopDagInvalidTriggerRule Interval Iterator List LocalFilesystemBackend NOTSET ORIENTATION_PRESETS ParamValidationError ParamsDict Pattern RemovedInAirflow3Warning SLAMissCallback ScheduleIntervalArg State Stats TaskDeferred TaskNotFound TaskStateChangeCallback TriggerRule abc airflow asyncio at_most_one create_timetable cron_presets dataset_manager deque exactly_one fixup_decorator_warning_stack get_dataset_triggered_next_run_info internal_api_call itertools jinja2 joinedload not_ os pathlib permissions pickle re2 run_job secrets_backend_list signature sys time traceback tuple_in_condition urlsplit utils_date_range validate_instance_args validate_key warnings weakref',
    'airflow.models.dagbag':
      'AirflowTaskTimeout MAX_DB_RETRIES OperationalError RemovedInAirflow3Warning run_with_db_retries warnings',
    'airflow.models.dagcode':
      'AirflowException BigInteger Collection Iterable correct_maybe_zipped datetime delete internal_api_call os struct',
    'airflow.models.dagrun':
      'Boolean NotFullyPopulated PickleType RemovedInAirflow3Warning internal_api_call re2 settings true tuple_in_condition warnings',
    'airflow.models.dagwarning': 'false internal_api_call',
    'airflow.models.errors': 'RemovedInAirflow3Warning warnings',
    'airflow.models.expandinput':
      'Dict EXPAND_INPUT_EMPTY ExpandInput Mapping NEW_SESSION NamedTuple ResolveMixin Sequence attr collections get_map_type_key provide_session',
    'airflow.models.mappedoperator':
      'AbstractOperator ClassVar Collection DEFAULT_EXECUTOR DEFAULT_IGNORE_FIRST_DEPENDS_ON_PAST DEFAULT_OWNER DEFAULT_POOL_SLOTS DEFAULT_PRIORITY_WEIGHT DEFAULT_QUEUE DEFAULT_RETRIES DEFAULT_RETRY_DELAY DEFAULT_TRIGGER_RULE DEFAULT_WAIT_FOR_PAST_DEPENDS_BEFORE_SKIPPING DEFAULT_WEIGHT_RULE DagAttributeTypes DictOfListsExpandInput Iterable Iterator ListOfDictsExpandInput Literal MappedTaskIsExpanded Mapping NOTSET NotMapped OperatorPartial Pool PriorityWeightStrategy Sequence Union UnmappableOperator ValidationSource XCOM_RETURN_KEY attr collections context_update_for_unmapped contextlib copy ensure_xcomarg_return_value get_current_task_instance_session is_container is_mappable methodtools validate_and_load_priority_weight_strategy validate_mapping_kwargs warnings',
    'airflow.models.param':
      'AirflowException Any ArgNotSet ClassVar DagParam ItemsView Iterable MutableMapping NOTSET ParamValidationError RemovedInAirflow3Warning ResolveMixin TYPE_CHECKING ValuesView annotations contextlib copy datetime json logger logging parse_iso8601 process_params timezone warnings',
    'airflow.models.renderedtifields': 'internal_api_call',
    'airflow.models.serialized_dag':
      'BigInteger Collection Index MIN_SERIALIZED_DAG_UPDATE_INTERVAL and_ internal_api_call or_',
    'airflow.models.skipmixin':
      'AirflowException GeneratorType Iterable LoggingMixin NEW_SESSION RemovedInAirflow3Warning Sequence TYPE_CHECKING TaskInstance TaskInstanceState XCOM_SKIPMIXIN_FOLLOWED XCOM_SKIPMIXIN_KEY XCOM_SKIPMIXIN_SKIPPED internal_api_call provide_session select timezone tuple_in_condition update warnings',
    'airflow.models.taskinstance':
      'AirflowException AirflowFailException AirflowRescheduleException AirflowSensorTimeout AirflowSkipException AirflowTaskTerminated AirflowTaskTimeout AttributeRemoved Callable ConnectionAccessor Context DagBag DagRunNotFound Dataset DatasetAlias DatasetAliasModel DatasetModel DateTime Enum ExecutionCallableRunner InletEventsAccessors InternalApiConfig JobState MappedTaskGroup Mapping OutletEventAccessors RemovedInAirflow3Warning SandboxedEnvironment Sentry TaskFail TaskReturnCode TemplateAssertionError Trace Tuple UndefinedError UnmappableXComLengthPushed UnmappableXComTypePushed VariableAccessor XCom XComForMappingNotPushed collections context_get_outlet_events context_merge context_to_airflow_vars dataset_manager deprecated get_serialized_template_fields internal_api_call nullcontext pendulum process_params set_current_task_instance_session signal timeout traceback tuple_in_condition warnings with_row_locks',
    'airflow.models.taskmixin':
      'ABCMeta AirflowException Any Iterable NOTSET RemovedInAirflow3Warning Sequence TaskMixin abstractmethod warnings',
    'airflow.models.taskreschedule':
      'COLLATION_ARGS ForeignKeyConstraint ID_LEN Index NEW_SESSION RemovedInAirflow3Warning TaskInstanceDependencies association_proxy provide_session text warnings',
    'airflow.models.trigger': 'internal_api_call',
    'airflow.models.variable': 'internal_api_call provide_session',
    'airflow.models.xcom':
      'LONGBLOB LargeBinary LoggingMixin NoResultFound RemovedInAirflow3Warning conf exactly_one inspect internal_api_call overload pickle reconstructor resolve_xcom_backend warnings wraps',
    'airflow.models.xcom_arg':
      'AbstractOperator AirflowException Callable ConcatXComArg DependencyMixin Iterable Iterator MapCallables MapXComArg Mapping NEW_SESSION PlainXComArg ResolveMixin SetupTeardownContext TaskInstance TriggerRule Union XComNotFound ZipXComArg contextlib inspect internal_api_call itertools overload provide_session serialize_xcom_arg',
    'airflow.notifications.basenotifier': 'Sequence TYPE_CHECKING Templater abstractmethod annotations context_merge',
    'airflow.operators': 'subdag',
    'airflow.operators.bash':
      'AirflowException AirflowSkipException Any ArgNotSet BaseOperator Callable Container RemovedInAirflow3Warning Sequence SubprocessHook SubprocessResult TYPE_CHECKING annotations cached_property cast context_to_airflow_vars os shutil tempfile warnings working_directory',
    'airflow.operators.branch': 'BaseOperator Iterable SkipMixin TYPE_CHECKING annotations',
    'airflow.operators.datetime':
      'AirflowException BaseBranchOperator Iterable RemovedInAirflow3Warning TYPE_CHECKING annotations datetime target_times_as_dates timezone warnings',
    'airflow.operators.email': 'Any BaseOperator Sequence TYPE_CHECKING annotations send_email',
    'airflow.operators.empty': 'BaseOperator TYPE_CHECKING annotations',
    'airflow.operators.generic_transfer': 'BaseHook BaseOperator Sequence TYPE_CHECKING annotations',
    'airflow.operators.latest_only': 'BaseBranchOperator Iterable TYPE_CHECKING annotations pendulum',
    'airflow.operators.python':
      'ABCMeta AirflowConfigException AirflowException AirflowSkipException Any BaseOperator BranchMixIn Callable Collection Container DeserializingResultError ExecutionCallableRunner Iterable KeywordParameters Literal Mapping NamedTuple Path RemovedInAirflow3Warning Sequence SkipMixin TYPE_CHECKING TemporaryDirectory Variable abstractmethod annotations cache cast context_copy_partial context_get_outlet_events context_merge execute_in_subprocess get_unique_dag_module_name hashlib_wrapper importlib inspect is_venv_installed json lazy_object_proxy log logging os prepare_virtualenv shutil subprocess sys task textwrap types warnings write_python_script',
    'airflow.operators.smooth': 'BaseOperator TYPE_CHECKING annotations',
    'airflow.operators.trigger_dagrun':
      'AirflowException AirflowSkipException Any BaseOperator BaseOperatorLink DagBag DagModel DagNotFound DagRun DagRunAlreadyExists DagRunState DagRunType DagStateTrigger InternalApiConfig NoResultFound RemovedInAirflow3Warning Sequence TYPE_CHECKING TriggerDagRunLink XCOM_LOGICAL_DATE_ISO XCOM_RUN_ID XCom annotations build_airflow_url_with_query cast conf datetime json provide_session select time timezone trigger_dag warnings',
    'airflow.operators.weekday':
      'BaseBranchOperator Iterable RemovedInAirflow3Warning TYPE_CHECKING WeekDay annotations timezone warnings',
    'airflow.sdk':
      'AllowedKeyMapper AssetAccessControl AssetOrTimeSchedule AsyncCallback BaseAsyncOperator BaseBranchOperator BaseHook BaseXCom BranchMixIn ChainMapper CronDataIntervalTimetable CronPartitionTimetable CronTriggerTimetable DagRunState DayWindow DeadlineAlert DeadlineReference DeltaDataIntervalTimetable DeltaTriggerTimetable EventsTimetable ExceptionRetryPolicy FanOutMapper FixedKeyMapper HourWindow IdentityMapper MinimumCount MonthWindow MultipleCronTriggerTimetable NEVER_EXPIRE ParamsDict PartitionMapper PartitionedAssetTimetable PartitionedAtRuntime ProductMapper QuarterWindow ResumableJobMixin RetryAction RetryDecision RetryPolicy RetryRule RollupMapper SegmentWindow SkipMixin StartOfDayMapper StartOfHourMapper StartOfMonthMapper StartOfQuarterMapper StartOfWeekMapper StartOfYearMapper SyncCallback TaskInstance TaskInstanceState TriggerRule WaitForAll WeekWindow WeightRule Window YearWindow conf lineage literal macros result',
    'airflow.secrets.base_secrets': 'RemovedInAirflow3Warning warnings',
    'airflow.secrets.environment_variables': 'RemovedInAirflow3Warning warnings',
    'airflow.secrets.local_filesystem': 'RemovedInAirflow3Warning load_connections warnings',
    'airflow.secrets.metastore': 'RemovedInAirflow3Warning internal_api_call warnings',
    'airflow.sensors.base':
      'AirflowException AirflowFailException AirflowRescheduleException AirflowSensorTimeout AirflowSkipException AirflowTaskTimeout Any BaseOperator Callable ExecutorLoader InternalApiConfig Iterable NEW_SESSION ReadyToRescheduleDep SkipMixin TYPE_CHECKING TaskDeferralError TaskReschedule apply_defaults conf datetime functools hashlib internal_api_call provide_session select settings time timedelta timezone traceback',
    'airflow.sensors.bash':
      'AirflowFailException BaseSensorOperator NamedTemporaryFile PIPE Popen STDOUT Sequence TYPE_CHECKING TemporaryDirectory annotations gettempdir os',
    'airflow.sensors.date_time':
      'Any BaseSensorOperator DateTimeTrigger NoReturn Sequence StartTriggerArgs TYPE_CHECKING annotations datetime timezone',
    'airflow.sensors.external_task':
      'AirflowException AirflowSkipException Any BaseOperatorLink BaseSensorOperator Callable Collection DagBag DagModel EmptyOperator ExternalTaskSensorLink Iterable NEW_SESSION RemovedInAirflow3Warning State TYPE_CHECKING TaskInstance TaskInstanceState WorkflowTrigger annotations attr build_airflow_url_with_query conf correct_maybe_zipped datetime os provide_session warnings',
    'airflow.sensors.filesystem':
      'AirflowException Any BaseSensorOperator FSHook FileTrigger Sequence StartTriggerArgs TYPE_CHECKING annotations cached_property conf datetime glob os',
    'airflow.sensors.python':
      'Any BaseSensorOperator Callable Mapping PokeReturnValue Sequence TYPE_CHECKING annotations context_merge determine_kwargs',
    'airflow.sensors.time_delta':
      'AirflowSkipException Any BaseSensorOperator DateTimeTrigger NoReturn TYPE_CHECKING annotations timezone',
    'airflow.sensors.time_sensor':
      'Any BaseSensorOperator DateTimeTrigger NoReturn StartTriggerArgs TYPE_CHECKING annotations datetime timezone',
    'airflow.sensors.weekday':
      'BaseSensorOperator Iterable RemovedInAirflow3Warning TYPE_CHECKING WeekDay annotations timezone warnings',
    'airflow.timetables.base': 'BaseDataset warn',
    'airflow.timetables.datasets':
      'AirflowTimetableInvalid BaseDataset DagRunType DatasetAll DatasetTriggeredSchedule typing',
    'airflow.timetables.interval': 'AirflowTimetableInvalid convert_to_utc',
    'airflow.timetables.simple': 'Collection DatasetAlias DatasetTriggeredTimetable',
    'airflow.timetables.trigger': 'timezone',
    'airflow.triggers.base':
      'DatabaseCallbackSink NEW_SESSION SimpleTaskInstance TYPE_CHECKING TaskCallbackRequest logging provide_session',
    'airflow.triggers.external_task':
      'Any BaseTrigger DagRun NEW_SESSION RemovedInAirflow3Warning TaskInstance TaskInstanceState TaskStateTrigger TriggerEvent annotations asyncio deprecated func provide_session sync_to_async typing utcnow',
    'airflow.triggers.file': 'Any BaseTrigger TriggerEvent annotations asyncio datetime glob os typing warnings',
    'airflow.triggers.temporal':
      'Any AsyncIterator BaseTrigger TaskSuccessEvent TriggerEvent annotations asyncio datetime pendulum timezone',
    'airflow.utils':
      'airflow_flask_app configuration empty_set jwt_signer mixins pydantic python_virtualenv sensor_helper weekday',
    'airflow.utils.cli':
      'InternalApiConfig NEW_SESSION RemovedInAirflow3Warning get_dag_by_pickle provide_session re2 select should_ignore_depends_on_past',
    'airflow.utils.cli_action_loggers': 'internal_api_call',
    'airflow.utils.context':
      'AirflowContextDeprecationWarning Dataset DatasetAlias DatasetAliasEvent DatasetAliasModel DatasetEvent DatasetModel InletEventsAccessors ItemsView Iterator KeysView LazyDatasetEventSelectSequence LazySelectSequence Mapping MutableMapping OutletEventAccessor RemovedInAirflow3Warning SupportsIndex ValuesView attrs context_get_outlet_events context_update_for_unmapped contextlib copy extract_event_key functools lazy_mapping_from_context lazy_object_proxy warnings',
    'airflow.utils.dag_cycle_tester': 'RemovedInAirflow3Warning test_cycle',
    'airflow.utils.dag_parsing_context': 'AirflowParsingContext NamedTuple contextmanager os',
    'airflow.utils.dates':
      'Collection Literal RemovedInAirflow3Warning TimeUnit croniter date_range datetime days_ago infer_time_unit parse_execution_date relativedelta round_time scale_time_units timedelta timezone warnings',
    'airflow.utils.db':
      'and_ bootstrap_dagbag check_bad_references check_conn_id_duplicates check_conn_type_null check_run_id_null check_table_for_duplicates check_username_duplicates column create_session dataclass delete table tuple_',
    'airflow.utils.db_cleanup': 'false',
    'airflow.utils.decorators': 'RemovedInAirflow3Warning apply_defaults cast deque warnings wraps',
    'airflow.utils.docs': 'get_doc_url_for_provider get_project_url_from_metadata metadata sys',
    'airflow.utils.edgemodifier': 'DAGNode DependencyMixin EdgeModifier Sequence TaskGroup',
    'airflow.utils.email': 'AirflowConfigException RemovedInAirflow3Warning re2 warnings',
    'airflow.utils.entry_points': 'Tuple',
    'airflow.utils.file': 'RemovedInAirflow3Warning TemporaryDirectory mkdirs re2',
    'airflow.utils.hashlib_wrapper': 'sys',
    'airflow.utils.helpers':
      'RemovedInAirflow3Warning alchemy_to_dict as_tuple build_airflow_url_with_query chain cross_downstream datetime import_string reduce reduce_in_chunks validate_group_key validate_instance_args warnings',
    'airflow.utils.json':
      'AirflowJsonEncoder AirflowJsonProvider DATA Decimal JSONProvider WebEncoder convert_to_utc date datetime is_naive',
    'airflow.utils.net': 'conf lru_cache',
    'airflow.utils.operator_helpers':
      'AIRFLOW_VAR_NAME_FORMAT_MAPPING Context DEFAULT_FORMAT_PREFIX ENV_VAR_FORMAT_PREFIX ExecutionCallableRunner TYPE_CHECKING context_to_airflow_vars datetime lazy_mapping_from_context logging settings',
    'airflow.utils.serve_logs': 'JWTSigner setproctitle',
    'airflow.utils.session': 'InternalApiConfig SASession TracebackSession TracebackSessionForTests os',
    'airflow.utils.sqlalchemy':
      'Interval Iterable json overload relativedelta tuple_ tuple_in_condition tuple_not_in_condition',
    'airflow.utils.task_group':
      'AirflowDagCycleException AirflowException Any DAGNode DagAttributeTypes DuplicateTaskIdFound Generator Iterator Sequence TASKGROUP_ARGS_EXPECTED_TYPES TaskAlreadyInTaskGroup TaskGroupContext TriggerRule copy functools methodtools operator re2 validate_group_key validate_instance_args weakref',
    'airflow.utils.task_instance_session': 'InternalApiConfig TracebackSession',
    'airflow.utils.timeout': 'ContextManager',
    'airflow.utils.types': 'AttributeRemoved',
  },
  importWarnings: {},
};

/** apache-airflow 3.2.1 with the task SDK and the standard provider MWAA pins for it. */
export const IMPORTS_3_2_1: ImportFacts = {
  missingModules: [
    'airflow.api.auth',
    'airflow.api.client.api_client',
    'airflow.api.client.json_client',
    'airflow.api.common.experimental',
    'airflow.api_connexion',
    'airflow.api_internal',
    'airflow.auth',
    'airflow.callbacks.pipe_callback_sink',
    'airflow.cli.commands.internal_api_command',
    'airflow.cli.commands.webserver_command',
    'airflow.compat',
    'airflow.config_templates.default_celery',
    'airflow.contrib',
    'airflow.datasets',
    'airflow.decorators.bash',
    'airflow.decorators.branch_external_python',
    'airflow.decorators.branch_python',
    'airflow.decorators.branch_virtualenv',
    'airflow.decorators.condition',
    'airflow.decorators.external_python',
    'airflow.decorators.python',
    'airflow.decorators.python_virtualenv',
    'airflow.decorators.sensor',
    'airflow.decorators.setup_teardown',
    'airflow.decorators.short_circuit',
    'airflow.decorators.task_group',
    'airflow.executors.celery_executor',
    'airflow.executors.celery_kubernetes_executor',
    'airflow.executors.dask_executor',
    'airflow.executors.debug_executor',
    'airflow.executors.kubernetes_executor',
    'airflow.executors.kubernetes_executor_types',
    'airflow.executors.kubernetes_executor_utils',
    'airflow.executors.local_kubernetes_executor',
    'airflow.executors.sequential_executor',
    'airflow.hooks.S3_hook',
    'airflow.hooks.base_hook',
    'airflow.hooks.dbapi',
    'airflow.hooks.dbapi_hook',
    'airflow.hooks.docker_hook',
    'airflow.hooks.druid_hook',
    'airflow.hooks.hive_hooks',
    'airflow.hooks.http_hook',
    'airflow.hooks.jdbc_hook',
    'airflow.hooks.mssql_hook',
    'airflow.hooks.mysql_hook',
    'airflow.hooks.oracle_hook',
    'airflow.hooks.pig_hook',
    'airflow.hooks.postgres_hook',
    'airflow.hooks.presto_hook',
    'airflow.hooks.samba_hook',
    'airflow.hooks.slack_hook',
    'airflow.hooks.sqlite_hook',
    'airflow.hooks.webhdfs_hook',
    'airflow.hooks.zendesk_hook',
    'airflow.io.store',
    'airflow.io.utils',
    'airflow.jobs.backfill_job_runner',
    'airflow.jobs.local_task_job_runner',
    'airflow.kubernetes',
    'airflow.lineage.backend',
    'airflow.lineage.entities',
    'airflow.listeners.spec.dataset',
    'airflow.listeners.spec.lifecycle',
    'airflow.listeners.spec.taskinstance',
    'airflow.macros.hive',
    'airflow.metrics',
    'airflow.models.dagparam',
    'airflow.models.dagpickle',
    'airflow.models.dataset',
    'airflow.models.mappedoperator',
    'airflow.models.slamiss',
    'airflow.models.taskfail',
    'airflow.operators.bash_operator',
    'airflow.operators.branch_operator',
    'airflow.operators.check_operator',
    'airflow.operators.dagrun_operator',
    'airflow.operators.docker_operator',
    'airflow.operators.druid_check_operator',
    'airflow.operators.dummy',
    'airflow.operators.dummy_operator',
    'airflow.operators.email_operator',
    'airflow.operators.gcs_to_s3',
    'airflow.operators.google_api_to_s3_transfer',
    'airflow.operators.hive_operator',
    'airflow.operators.hive_stats_operator',
    'airflow.operators.hive_to_druid',
    'airflow.operators.hive_to_mysql',
    'airflow.operators.hive_to_samba_operator',
    'airflow.operators.http_operator',
    'airflow.operators.jdbc_operator',
    'airflow.operators.latest_only_operator',
    'airflow.operators.mssql_operator',
    'airflow.operators.mssql_to_hive',
    'airflow.operators.mysql_operator',
    'airflow.operators.mysql_to_hive',
    'airflow.operators.oracle_operator',
    'airflow.operators.papermill_operator',
    'airflow.operators.pig_operator',
    'airflow.operators.postgres_operator',
    'airflow.operators.presto_check_operator',
    'airflow.operators.presto_to_mysql',
    'airflow.operators.python_operator',
    'airflow.operators.redshift_to_s3_operator',
    'airflow.operators.s3_file_transform_operator',
    'airflow.operators.s3_to_hive_operator',
    'airflow.operators.s3_to_redshift_operator',
    'airflow.operators.slack_operator',
    'airflow.operators.sql',
    'airflow.operators.sql_branch_operator',
    'airflow.operators.sqlite_operator',
    'airflow.operators.subdag',
    'airflow.operators.subdag_operator',
    'airflow.sensors.base_sensor_operator',
    'airflow.sensors.date_time_sensor',
    'airflow.sensors.external_task_sensor',
    'airflow.sensors.hive_partition_sensor',
    'airflow.sensors.http_sensor',
    'airflow.sensors.metastore_partition_sensor',
    'airflow.sensors.named_hive_partition_sensor',
    'airflow.sensors.s3_key_sensor',
    'airflow.sensors.sql',
    'airflow.sensors.sql_sensor',
    'airflow.sensors.time_delta_sensor',
    'airflow.sensors.web_hdfs_sensor',
    'airflow.sentry',
    'airflow.serialization.pydantic',
    'airflow.serialization.serializers.bignum',
    'airflow.serialization.serializers.builtin',
    'airflow.serialization.serializers.datetime',
    'airflow.serialization.serializers.deltalake',
    'airflow.serialization.serializers.iceberg',
    'airflow.serialization.serializers.kubernetes',
    'airflow.serialization.serializers.numpy',
    'airflow.serialization.serializers.pandas',
    'airflow.serialization.serializers.timezone',
    'airflow.task.task_runner',
    'airflow.template',
    'airflow.templates',
    'airflow.ti_deps.deps.dagrun_backfill_dep',
    'airflow.timetables.datasets',
    'airflow.traces',
    'airflow.utils.airflow_flask_app',
    'airflow.utils.compression',
    'airflow.utils.configuration',
    'airflow.utils.dag_parsing_context',
    'airflow.utils.empty_set',
    'airflow.utils.jwt_signer',
    'airflow.utils.log.secrets_masker',
    'airflow.utils.log.task_context_logger',
    'airflow.utils.log.trigger_handler',
    'airflow.utils.mixins',
    'airflow.utils.module_loading',
    'airflow.utils.pydantic',
    'airflow.utils.python_virtualenv',
    'airflow.utils.sensor_helper',
    'airflow.utils.singleton',
    'airflow.utils.task_instance_session',
    'airflow.utils.template',
    'airflow.utils.warnings',
    'airflow.utils.weekday',
  ],
  missingNames: {
    airflow: 'annotations api_internal compat datasets',
    'airflow.configuration':
      'Dict FERNET_KEY Generator Iterable JSONDecodeError NoOptionError NoSectionError Set Tuple Union WEBSERVER_CONFIG as_dict contextlib contextmanager create_pre_2_7_defaults datetime deepcopy functools get getboolean getfloat getint getsection has_option itertools json multiprocessing parse_version providers_configuration_loaded re2 remove_option set write_webserver_configuration_if_needed',
    'airflow.decorators':
      'Any Callable ProvidersManager TaskDecorator TaskDecoratorCollection bash bash_task branch_external_python branch_external_python_task branch_python branch_task branch_virtualenv branch_virtualenv_task condition external_python external_python_task python python_task python_virtualenv run_if sensor sensor_task setup_task setup_teardown short_circuit short_circuit_task skip_if teardown_task virtualenv_task',
    'airflow.decorators.base':
      'Any BaseOperator Callable ClassVar Collection DEFAULT_RETRIES DEFAULT_RETRY_DELAY DagContext Dataset DictOfListsExpandInput EXPAND_INPUT_EMPTY ExpandableFactory FParams FReturn Generic Iterator KNOWN_CONTEXT_KEYS ListOfDictsExpandInput MappedOperator Mapping NOTSET OperatorSubclass ParamSpec Pool Protocol Sequence TYPE_CHECKING Task TaskGroupContext TriggerRule TypeVar XComArg annotations attr cached_property cast coerce_resources coerce_timedelta ensure_xcomarg_return_value get_merged_defaults inspect is_mappable itertools overload parse_retries prevent_duplicates re2 remove_task_decorator textwrap timezone typing_extensions warnings',
    'airflow.exceptions':
      'AirflowDagInconsistent AirflowWebServerTimeout Any BackfillUnfinished DagConcurrencyLimitReached DagFileExists FailStopDagInvalidTriggerRule NoAvailablePoolSlot RemovedInAirflow3Warning TaskConcurrencyLimitReached TriggerRule UnmappableOperator UnmappableXComLengthPushed UnmappableXComTypePushed XComForMappingNotPushed warnings',
    'airflow.hooks.base':
      'Any DiscoverableHook LoggingMixin Protocol RemovedInAirflow3Warning TYPE_CHECKING annotations log logging warnings',
    'airflow.hooks.filesystem': 'Any BaseHook Path annotations',
    'airflow.hooks.package_index': 'Any BaseHook annotations quote subprocess urlparse',
    'airflow.hooks.subprocess':
      'BaseHook Iterator PIPE Popen STDOUT SubprocessResult TemporaryDirectory annotations contextlib gettempdir namedtuple os signal working_directory',
    'airflow.io':
      'Callable LocalFileSystem Mapping ProvidersManager Stats TYPE_CHECKING cache import_string inspect log logging store utils',
    'airflow.io.path':
      'Any CloudPath LoggingMixin Mapping PT TrackingFileWrapper annotations attach contextlib default get_hook_lineage_collector get_upath_class os shutil stat_result stringify_path typing urlsplit',
    'airflow.io.typedef': 'Dict annotations',
    'airflow.lineage':
      'AUTO Any Callable LineageBackend PIPELINE_INLETS PIPELINE_OUTLETS T TYPE_CHECKING TypeVar apply_lineage backend cast conf create_session get_backend log logging prepare_lineage wraps',
    'airflow.lineage.hook': 'Dataset DatasetLineageInfo ProvidersManager Union',
    'airflow.macros': 'LC_TIME Locale format_datetime',
    'airflow.models': 'DagPickle Operator SlaMiss TaskFail dagpickle dataset mappedoperator slamiss taskfail',
    'airflow.models.abstractoperator':
      'AirflowException Any ArgNotSet Callable ClassVar Collection Context DAGNode DEFAULT_EXECUTOR DEFAULT_IGNORE_FIRST_DEPENDS_ON_PAST DEFAULT_POOL_SLOTS DEFAULT_PRIORITY_WEIGHT DEFAULT_RETRIES DEFAULT_RETRY_DELAY DEFAULT_TRIGGER_RULE DEFAULT_WAIT_FOR_PAST_DEPENDS_BEFORE_SKIPPING DEFAULT_WEIGHT_RULE DependencyMixin Iterable Iterator MAX_RETRY_DELAY MappedTaskGroup NOTSET NotFullyPopulated NotMapped Sequence SetupTeardownContext State TYPE_CHECKING TaskInstanceState Templater TriggerRule WeightRule abstractproperty annotations cached_property conf datetime db_safe_priority exists_query inspect methodtools redact select with_row_locks',
    'airflow.models.base': 'Column',
    'airflow.models.baseoperator':
      'AbstractOperator AirflowException Any AttributeRemoved BASEOPERATOR_ARGS_EXPECTED_TYPES BaseOperatorMeta Callable Chainable Collection Context DEFAULT_EXECUTOR DEFAULT_IGNORE_FIRST_DEPENDS_ON_PAST DEFAULT_OWNER DEFAULT_POOL_SLOTS DEFAULT_PRIORITY_WEIGHT DEFAULT_QUEUE DEFAULT_RETRIES DEFAULT_RETRY_DELAY DEFAULT_TASK_EXECUTION_TIMEOUT DEFAULT_TRIGGER_RULE DEFAULT_WAIT_FOR_PAST_DEPENDS_BEFORE_SKIPPING DEFAULT_WEIGHT_RULE DagAttributeTypes DependencyMixin EdgeModifier ExecutionCallableRunner ExecutorSafeguard FailStopDagInvalidTriggerRule FunctionType Iterable MappedTaskUpstreamDep NEW_SESSION NOTSET NoResultFound NoReturn NotInRetryPeriodDep NotPreviouslySkippedDep OperatorPartial ParamsDict Pool PrevDagrunDep PriorityWeightStrategy RemovedInAirflow3Warning Resources ScheduleInterval Sequence SetupTeardownContext T TYPE_CHECKING TaskDeferralError TaskDeferred TaskInstance TaskPostExecuteHook TaskPreExecuteHook TriggerRule TriggerRuleDep TypeVar Union XCOM_RETURN_KEY abc annotations apply_lineage attr cast clear_task_instances coerce_resources coerce_timedelta collections conf context_get_outlet_events contextlib copy datetime fixup_decorator_warning_stack functools get_merged_defaults inspect local logger logging parse_retries partial pendulum prepare_lineage provide_session relativedelta select sys timedelta timezone total_ordering validate_and_load_priority_weight_strategy validate_instance_args validate_key validate_mapping_kwargs warnings wraps',
    'airflow.models.baseoperatorlink': 'ABCMeta ClassVar TYPE_CHECKING abstractmethod annotations attr',
    'airflow.models.connection':
      'Column RemovedInAirflow3Warning SecretCache ensure_secrets_loaded parse_netloc_to_hostname re2',
    'airflow.models.crypto': 'NullFernet',
    'airflow.models.dag':
      'AbstractOperator AirflowDagInconsistent ArgNotSet BaseDataset BaseOperator Column Container Context ContinuousTimetable CronTriggerTimetable DAG_ARGS_EXPECTED_TYPES DEFAULT_SCHEDULE_INTERVAL DEFAULT_VIEW_PRESETS DagCode DagContext DagParam DagPickle DagRunInfo DagStateChangeCallback Dataset DatasetAlias DatasetAliasModel DatasetAll DatasetDagRunQueue DatasetModel DatasetTriggeredTimetable DuplicateTaskIdFound EdgeInfoType ExecutorLoader ExitStack FAB_VERSION FailStopDagInvalidTriggerRule Generator Interval Iterable Iterator List LocalFilesystemBackend LogTemplate LoggingMixin NOTSET ORIENTATION_PRESETS ParamValidationError ParamsDict Pattern RUN_ID_REGEX RemovedInAirflow3Warning SLAMissCallback ScheduleArg ScheduleInterval ScheduleIntervalArg Select Sequence State Stats TaskDeferred TaskInstance TaskInstanceKey TaskInstanceState TaskNotFound TaskStateChangeCallback TimeRestriction TriggerRule Union UnknownExecutorException abc airflow asyncio at_most_one check_cycle clear_task_instances copy create_timetable cron_presets dataset_manager deque exactly_one fixup_decorator_warning_stack functools get_dataset_triggered_next_run_info internal_api_call itertools jinja2 json lock_rows logging not_ os overload packaging_version pathlib permissions pickle re2 run_job secrets_backend_list signature sqlalchemy_jsonfield sys time traceback tuple_in_condition update urlsplit utils utils_date_range validate_instance_args validate_key warnings weakref',
    'airflow.models.dagbag':
      'AirflowClusterPolicyError AirflowClusterPolicySkipDag AirflowClusterPolicyViolation AirflowDagCycleException AirflowDagDuplicatedIdException AirflowException AirflowTaskTimeout Column LoggingMixin MAX_DB_RETRIES NEW_SESSION NOTSET NamedTuple OperationalError Path RemovedInAirflow3Warning Stats capture_with_reraise check_cycle conf correct_maybe_zipped datetime get_docs_url get_listener_manager get_unique_dag_module_name importlib list_py_file_paths might_contain_dag os provide_session run_with_db_retries settings sys tabulate textwrap timedelta timeout timezone traceback warnings zipfile',
    'airflow.models.dagcode':
      'AirflowException BigInteger Collection Column Iterable correct_maybe_zipped delete internal_api_call os struct',
    'airflow.models.dagrun':
      'Boolean Column NotFullyPopulated PickleType RemovedInAirflow3Warning Trace datetime_to_nano internal_api_call re2 settings true tuple_in_condition warnings',
    'airflow.models.dagwarning': 'Column false internal_api_call',
    'airflow.models.db_callback_request':
      'Base Column ExtendedJSON Integer String TYPE_CHECKING UtcDateTime import_module timezone',
    'airflow.models.errors': 'Column RemovedInAirflow3Warning warnings',
    'airflow.models.expandinput':
      'Dict DictOfListsExpandInput EXPAND_INPUT_EMPTY ExpandInput ListOfDictsExpandInput MappedArgument Mapping NEW_SESSION NamedTuple OperatorExpandArgument OperatorExpandKwargsArgument ResolveMixin Sequence Union attr collections get_map_type_key is_mappable provide_session',
    'airflow.models.log': 'Column',
    'airflow.models.operator': 'MappedOperator Operator Union annotations',
    'airflow.models.param':
      'AirflowException Any ArgNotSet ClassVar DagParam ItemsView Iterable MutableMapping NOTSET ParamValidationError RemovedInAirflow3Warning ResolveMixin TYPE_CHECKING ValuesView annotations contextlib copy datetime json logger logging parse_iso8601 process_params timezone warnings',
    'airflow.models.pool': 'Column exists_query',
    'airflow.models.renderedtifields': 'Column exists internal_api_call json sqlalchemy_jsonfield text',
    'airflow.models.serialized_dag':
      'BigInteger COMPRESS_SERIALIZED_DAGS Collection Column Index MIN_SERIALIZED_DAG_UPDATE_INTERVAL SerializedDAG TaskNotFound and_ exc internal_api_call or_ sqlalchemy_jsonfield',
    'airflow.models.skipmixin':
      'AirflowException GeneratorType Iterable LoggingMixin NEW_SESSION RemovedInAirflow3Warning Sequence TYPE_CHECKING TaskInstance TaskInstanceState XCOM_SKIPMIXIN_FOLLOWED XCOM_SKIPMIXIN_KEY XCOM_SKIPMIXIN_SKIPPED annotations internal_api_call provide_session select timezone tuple_in_condition update warnings',
    'airflow.models.taskinstance':
      'AirflowException AirflowFailException AirflowRescheduleException AirflowSensorTimeout AirflowSkipException AirflowTaskTerminated AirflowTaskTimeout AttributeRemoved Callable Column ConnectionAccessor Context DagBag DagRunNotFound Dataset DatasetAlias DatasetAliasModel DatasetModel DateTime Enum ExecutionCallableRunner Generator InletEventsAccessors InternalApiConfig JobState MappedTaskGroup Mapping OutletEventAccessors RemovedInAirflow3Warning SandboxedEnvironment Sentry SimpleTaskInstance TaskDeferralError TaskDeferred TaskFail TaskInstanceStateType TaskReturnCode TemplateAssertionError Trace Tuple UndefinedError UnmappableXComLengthPushed UnmappableXComTypePushed VariableAccessor XCom XComForMappingNotPushed cache collections context_get_outlet_events context_merge context_to_airflow_vars contextlib dataset_manager deprecated get_serialized_template_fields integrate_macros_plugins internal_api_call jinja2 lazy_object_proxy nullcontext operator os pendulum process_params render_template_to_string send_email set_current_context set_current_task_instance_session signal timeout traceback tuple_in_condition warnings with_row_locks',
    'airflow.models.taskinstancehistory': 'Column text',
    'airflow.models.tasklog': 'Column',
    'airflow.models.taskmap': 'Column',
    'airflow.models.taskmixin':
      'ABCMeta AirflowException Any Iterable NOTSET RemovedInAirflow3Warning Sequence TaskMixin abstractmethod warnings',
    'airflow.models.taskreschedule':
      'COLLATION_ARGS Column ForeignKeyConstraint ID_LEN NEW_SESSION RemovedInAirflow3Warning String TaskInstanceDependencies asc association_proxy desc provide_session text warnings',
    'airflow.models.trigger': 'Column internal_api_call',
    'airflow.models.variable': 'Column SecretCache internal_api_call',
    'airflow.models.xcom':
      'Column LONGBLOB LargeBinary LoggingMixin MAX_XCOM_SIZE NoResultFound Query RemovedInAirflow3Warning conf exactly_one inspect internal_api_call overload pickle reconstructor resolve_xcom_backend text warnings wraps',
    'airflow.models.xcom_arg':
      'AbstractOperator AirflowException Any ArgNotSet Callable ConcatXComArg DependencyMixin Iterable Iterator MapCallables MapXComArg MappedOperator Mapping NEW_SESSION NOTSET PlainXComArg ResolveMixin Sequence SetupTeardownContext State TYPE_CHECKING TaskInstance TriggerRule Union XCOM_RETURN_KEY XComNotFound ZipXComArg contextlib deserialize_xcom_arg exists_query func inspect internal_api_call itertools or_ overload provide_session select serialize_xcom_arg',
    'airflow.notifications.basenotifier': 'Sequence TYPE_CHECKING Templater abstractmethod annotations context_merge',
    'airflow.operators': 'subdag',
    'airflow.operators.bash':
      'AirflowException AirflowSkipException Any ArgNotSet BaseOperator Callable Container RemovedInAirflow3Warning Sequence SubprocessHook SubprocessResult TYPE_CHECKING annotations cached_property cast context_to_airflow_vars os shutil tempfile warnings working_directory',
    'airflow.operators.branch': 'BaseOperator Iterable SkipMixin TYPE_CHECKING annotations',
    'airflow.operators.datetime':
      'AirflowException BaseBranchOperator Iterable RemovedInAirflow3Warning TYPE_CHECKING annotations datetime target_times_as_dates timezone warnings',
    'airflow.operators.email': 'Any BaseOperator Sequence TYPE_CHECKING annotations send_email',
    'airflow.operators.empty': 'BaseOperator TYPE_CHECKING annotations',
    'airflow.operators.generic_transfer': 'BaseHook BaseOperator Sequence TYPE_CHECKING annotations',
    'airflow.operators.latest_only': 'BaseBranchOperator Iterable TYPE_CHECKING annotations pendulum',
    'airflow.operators.python':
      'ABCMeta AirflowConfigException AirflowException AirflowSkipException Any BaseOperator BranchMixIn Callable Collection Container DeserializingResultError ExecutionCallableRunner Iterable KeywordParameters Literal Mapping NamedTuple Path RemovedInAirflow3Warning Sequence SkipMixin TYPE_CHECKING TemporaryDirectory Variable abstractmethod annotations cache cast context_copy_partial context_get_outlet_events context_merge execute_in_subprocess get_unique_dag_module_name hashlib_wrapper importlib inspect is_venv_installed json lazy_object_proxy log logging os prepare_virtualenv shutil subprocess sys task textwrap types warnings write_python_script',
    'airflow.operators.smooth': 'BaseOperator TYPE_CHECKING annotations',
    'airflow.operators.trigger_dagrun':
      'AirflowException AirflowSkipException Any BaseOperator BaseOperatorLink DagBag DagModel DagNotFound DagRun DagRunAlreadyExists DagRunState DagRunType DagStateTrigger InternalApiConfig NoResultFound RemovedInAirflow3Warning Sequence TYPE_CHECKING TriggerDagRunLink XCOM_LOGICAL_DATE_ISO XCOM_RUN_ID XCom annotations build_airflow_url_with_query cast conf datetime json provide_session select time timezone trigger_dag warnings',
    'airflow.operators.weekday':
      'BaseBranchOperator Iterable RemovedInAirflow3Warning TYPE_CHECKING WeekDay annotations timezone warnings',
    'airflow.sdk':
      'AssetAccessControl DayWindow ExceptionRetryPolicy FanOutMapper FixedKeyMapper HourWindow MinimumCount MonthWindow NEVER_EXPIRE PartitionedAtRuntime QuarterWindow ResumableJobMixin RetryAction RetryDecision RetryPolicy RetryRule RollupMapper SegmentWindow WaitForAll WeekWindow Window YearWindow result',
    'airflow.secrets.base_secrets': 'ABC RemovedInAirflow3Warning TYPE_CHECKING warnings',
    'airflow.secrets.cache': 'annotations conf datetime multiprocessing timezone',
    'airflow.secrets.environment_variables': 'RemovedInAirflow3Warning warnings',
    'airflow.secrets.local_filesystem': 'RemovedInAirflow3Warning load_connections os warnings',
    'airflow.secrets.metastore': 'RemovedInAirflow3Warning internal_api_call warnings',
    'airflow.sensors.base':
      'AirflowException AirflowFailException AirflowRescheduleException AirflowSensorTimeout AirflowSkipException AirflowTaskTimeout Any BaseOperator Callable ExecutorLoader InternalApiConfig Iterable NEW_SESSION ReadyToRescheduleDep SkipMixin TYPE_CHECKING TaskDeferralError TaskReschedule annotations apply_defaults conf datetime functools hashlib internal_api_call provide_session select settings time timedelta timezone traceback',
    'airflow.sensors.bash':
      'AirflowFailException BaseSensorOperator NamedTemporaryFile PIPE Popen STDOUT Sequence TYPE_CHECKING TemporaryDirectory annotations gettempdir os',
    'airflow.sensors.date_time':
      'Any BaseSensorOperator DateTimeTrigger NoReturn Sequence StartTriggerArgs TYPE_CHECKING annotations datetime timezone',
    'airflow.sensors.external_task':
      'AirflowException AirflowSkipException Any BaseOperatorLink BaseSensorOperator Callable Collection DagBag DagModel EmptyOperator ExternalTaskSensorLink Iterable NEW_SESSION RemovedInAirflow3Warning State TYPE_CHECKING TaskInstance TaskInstanceState WorkflowTrigger annotations attr build_airflow_url_with_query conf correct_maybe_zipped datetime os provide_session warnings',
    'airflow.sensors.filesystem':
      'AirflowException Any BaseSensorOperator FSHook FileTrigger Sequence StartTriggerArgs TYPE_CHECKING annotations cached_property conf datetime glob os',
    'airflow.sensors.python':
      'Any BaseSensorOperator Callable Mapping PokeReturnValue Sequence TYPE_CHECKING annotations context_merge determine_kwargs',
    'airflow.sensors.time_delta':
      'AirflowSkipException Any BaseSensorOperator DateTimeTrigger NoReturn TYPE_CHECKING annotations timezone',
    'airflow.sensors.time_sensor':
      'Any BaseSensorOperator DateTimeTrigger NoReturn StartTriggerArgs TYPE_CHECKING annotations datetime timezone',
    'airflow.sensors.weekday':
      'BaseSensorOperator Iterable RemovedInAirflow3Warning TYPE_CHECKING WeekDay annotations timezone warnings',
    'airflow.timetables.base': 'BaseDataset Iterator Sequence warn',
    'airflow.timetables.events': 'Iterable',
    'airflow.timetables.interval': 'AirflowTimetableInvalid Union convert_to_utc',
    'airflow.timetables.simple': 'Collection DatasetAlias DatasetTriggeredTimetable Sequence',
    'airflow.timetables.trigger': 'timezone',
    'airflow.triggers.base':
      'DatabaseCallbackSink NEW_SESSION SimpleTaskInstance TYPE_CHECKING TaskCallbackRequest logging provide_session',
    'airflow.triggers.external_task':
      'Any BaseTrigger DagRun NEW_SESSION RemovedInAirflow3Warning TaskInstance TaskInstanceState TaskStateTrigger TriggerEvent annotations asyncio deprecated func provide_session sync_to_async typing utcnow',
    'airflow.triggers.file': 'Any BaseTrigger TriggerEvent annotations asyncio datetime glob os typing warnings',
    'airflow.triggers.temporal':
      'Any AsyncIterator BaseTrigger TaskSuccessEvent TriggerEvent annotations asyncio datetime pendulum timezone',
    'airflow.utils':
      'airflow_flask_app configuration dag_parsing_context empty_set jwt_signer mixins module_loading pydantic python_virtualenv sensor_helper singleton task_instance_session warnings weekday',
    'airflow.utils.cli':
      'InternalApiConfig NEW_SESSION RemovedInAirflow3Warning get_dag get_dag_by_pickle provide_session re2 select should_hide_value_for_key should_ignore_depends_on_past',
    'airflow.utils.cli_action_loggers': 'internal_api_call',
    'airflow.utils.context':
      'AirflowContextDeprecationWarning Container Dataset DatasetAlias DatasetAliasEvent DatasetAliasModel DatasetEvent DatasetModel InletEventsAccessors ItemsView Iterator KeysView LazyDatasetEventSelectSequence LazySelectSequence Mapping MutableMapping OutletEventAccessor RemovedInAirflow3Warning SupportsIndex TYPE_CHECKING ValuesView attrs context_get_outlet_events context_update_for_unmapped contextlib copy extract_event_key functools lazy_mapping_from_context lazy_object_proxy',
    'airflow.utils.dag_cycle_tester':
      'AirflowDagCycleException CYCLE_DONE CYCLE_IN_PROGRESS CYCLE_NEW RemovedInAirflow3Warning defaultdict deque test_cycle',
    'airflow.utils.dag_edges': 'AbstractOperator',
    'airflow.utils.dates':
      'Collection Literal RemovedInAirflow3Warning TimeUnit croniter date_range datetime days_ago infer_time_unit parse_execution_date relativedelta round_time scale_time_units timedelta timezone warnings',
    'airflow.utils.db':
      'and_ bootstrap_dagbag check_bad_references check_conn_id_duplicates check_conn_type_null check_run_id_null check_table_for_duplicates check_username_duplicates column create_session dataclass delete get_current_task_instance_session table tuple_',
    'airflow.utils.db_cleanup': 'false',
    'airflow.utils.decorators':
      'Callable RemovedInAirflow3Warning T TypeVar annotations apply_defaults cast deque sys warnings wraps',
    'airflow.utils.docs': 'get_doc_url_for_provider get_project_url_from_metadata metadata sys',
    'airflow.utils.edgemodifier': 'DAGNode DependencyMixin EdgeModifier Sequence TaskGroup',
    'airflow.utils.email': 'AirflowConfigException RemovedInAirflow3Warning re2 warnings',
    'airflow.utils.entry_points': 'Tuple',
    'airflow.utils.file':
      'GitWildMatchPattern NamedTuple Pattern Protocol RemovedInAirflow3Warning TemporaryDirectory mkdirs re2',
    'airflow.utils.hashlib_wrapper': 'sys',
    'airflow.utils.helpers':
      'Mapping NOTSET RemovedInAirflow3Warning alchemy_to_dict as_tuple build_airflow_url_with_query cast chain cross_downstream datetime import_string prevent_duplicates reduce reduce_in_chunks render_log_filename render_template_as_native render_template_to_string validate_group_key validate_instance_args warnings',
    'airflow.utils.json':
      'AirflowJsonEncoder AirflowJsonProvider CLASSNAME DATA Decimal JSONProvider SCHEMA_ID WebEncoder convert_to_utc date datetime deserialize is_naive serialize',
    'airflow.utils.net': 'conf lru_cache',
    'airflow.utils.operator_helpers':
      'AIRFLOW_VAR_NAME_FORMAT_MAPPING Any Collection Context DEFAULT_FORMAT_PREFIX ENV_VAR_FORMAT_PREFIX ExecutionCallableRunner Mapping context_to_airflow_vars datetime lazy_mapping_from_context logging settings',
    'airflow.utils.operator_resources': 'AirflowException',
    'airflow.utils.orm_event_handlers': 'get_orm_mapper',
    'airflow.utils.serve_logs':
      'ExpiredSignatureError Flask GunicornOption HTTPException ImmatureSignatureError InvalidAudienceError InvalidIssuedAtError InvalidSignatureError JWTSigner StandaloneGunicornApplication abort conf get_docs_url gunicorn import_string logger logging namedtuple os request send_from_directory setproctitle socket',
    'airflow.utils.session': 'InternalApiConfig SASession TracebackSession TracebackSessionForTests os',
    'airflow.utils.setup_teardown': 'AirflowException TYPE_CHECKING annotations cast',
    'airflow.utils.sqlalchemy':
      'Any Interval Iterable get_orm_mapper is_sqlalchemy_v1 json metadata overload relativedelta tuple_ tuple_in_condition tuple_not_in_condition version',
    'airflow.utils.task_group':
      'AirflowDagCycleException AirflowException Any DAGNode DagAttributeTypes DuplicateTaskIdFound Generator Iterator MappedTaskGroup Sequence TASKGROUP_ARGS_EXPECTED_TYPES TYPE_CHECKING TaskAlreadyInTaskGroup TaskGroupContext TriggerRule annotations copy functools methodtools operator re2 task_group_to_dict validate_group_key validate_instance_args weakref',
    'airflow.utils.timeout':
      'AirflowTaskTimeout ContextManager IS_WINDOWS LoggingMixin TimeoutPosix TimeoutWindows Timer annotations os signal',
    'airflow.utils.timezone':
      'DateTime TYPE_CHECKING dt from_timestamp is_localized is_naive local_timezone make_aware metadata overload parse_timezone pendulum relativedelta td_format utc_epoch version',
    'airflow.utils.types': 'AttributeRemoved EdgeInfoType TYPE_CHECKING TypedDict',
    'airflow.utils.weight_rule': 'Enum annotations methodtools',
    'airflow.utils.xcom': 'MAX_XCOM_SIZE annotations',
  },
  importWarnings: {
    'airflow.decorators.base.DecoratedMappedOperator': ['=airflow.sdk.bases.decorator.DecoratedMappedOperator'],
    'airflow.decorators.base.DecoratedOperator': ['=airflow.sdk.bases.decorator.DecoratedOperator'],
    'airflow.decorators.base.TaskDecorator': ['=airflow.sdk.bases.decorator.TaskDecorator'],
    'airflow.decorators.base.get_unique_task_id': ['=airflow.sdk.bases.decorator.get_unique_task_id'],
    'airflow.decorators.base.task_decorator_factory': ['=airflow.sdk.bases.decorator.task_decorator_factory'],
    'airflow.decorators.dag': ['=airflow.sdk.dag'],
    'airflow.decorators.setup': ['=airflow.sdk.setup'],
    'airflow.decorators.task': ['=airflow.sdk.task'],
    'airflow.decorators.task_group': ['=airflow.sdk.task_group'],
    'airflow.decorators.teardown': ['=airflow.sdk.teardown'],
    'airflow.exceptions.AirflowDagCycleException': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: airflow.exceptions.AirflowDagCycleException is deprecated and will be removed in a future version. Use airflow.sdk.exceptions.AirflowDagCycleException instead.',
    ],
    'airflow.exceptions.AirflowFailException': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: airflow.exceptions.AirflowFailException is deprecated and will be removed in a future version. Use airflow.sdk.exceptions.AirflowFailException instead.',
    ],
    'airflow.exceptions.AirflowSensorTimeout': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: airflow.exceptions.AirflowSensorTimeout is deprecated and will be removed in a future version. Use airflow.sdk.exceptions.AirflowSensorTimeout instead.',
    ],
    'airflow.exceptions.AirflowSkipException': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: airflow.exceptions.AirflowSkipException is deprecated and will be removed in a future version. Use airflow.sdk.exceptions.AirflowSkipException instead.',
    ],
    'airflow.exceptions.AirflowTaskTerminated': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: airflow.exceptions.AirflowTaskTerminated is deprecated and will be removed in a future version. Use airflow.sdk.exceptions.AirflowTaskTerminated instead.',
    ],
    'airflow.exceptions.AirflowTaskTimeout': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: airflow.exceptions.AirflowTaskTimeout is deprecated and will be removed in a future version. Use airflow.sdk.exceptions.AirflowTaskTimeout instead.',
    ],
    'airflow.exceptions.DuplicateTaskIdFound': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: airflow.exceptions.DuplicateTaskIdFound is deprecated and will be removed in a future version. Use airflow.sdk.exceptions.DuplicateTaskIdFound instead.',
    ],
    'airflow.exceptions.ParamValidationError': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: airflow.exceptions.ParamValidationError is deprecated and will be removed in a future version. Use airflow.sdk.exceptions.ParamValidationError instead.',
    ],
    'airflow.exceptions.TaskAlreadyInTaskGroup': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: airflow.exceptions.TaskAlreadyInTaskGroup is deprecated and will be removed in a future version. Use airflow.sdk.exceptions.TaskAlreadyInTaskGroup instead.',
    ],
    'airflow.exceptions.TaskDeferralError': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: airflow.exceptions.TaskDeferralError is deprecated and will be removed in a future version. Use airflow.sdk.exceptions.TaskDeferralError instead.',
    ],
    'airflow.exceptions.TaskDeferred': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: airflow.exceptions.TaskDeferred is deprecated and will be removed in a future version. Use airflow.sdk.exceptions.TaskDeferred instead.',
    ],
    'airflow.exceptions.XComNotFound': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: airflow.exceptions.XComNotFound is deprecated and will be removed in a future version. Use airflow.sdk.exceptions.XComNotFound instead.',
    ],
    'airflow.hooks.base.BaseHook': ['=airflow.sdk.bases.hook.BaseHook'],
    'airflow.hooks.filesystem.FSHook': ['=airflow.providers.standard.hooks.filesystem.FSHook'],
    'airflow.hooks.package_index.PackageIndexHook': [
      '=airflow.providers.standard.hooks.package_index.PackageIndexHook',
    ],
    'airflow.hooks.subprocess.SubprocessHook': ['=airflow.providers.standard.hooks.subprocess.SubprocessHook'],
    'airflow.io.get_fs': ['=airflow.sdk.io.get_fs'],
    'airflow.io.has_fs': ['=airflow.sdk.io.has_fs'],
    'airflow.io.path.ObjectStoragePath': ['=airflow.sdk.ObjectStoragePath'],
    'airflow.io.typedef.Properties': ['=airflow.sdk.io.typedef.Properties'],
    'airflow.lineage.hook': ['=airflow.sdk.lineage'],
    'airflow.lineage.hook.HookLineage': ['=airflow.sdk.lineage.HookLineage'],
    'airflow.lineage.hook.HookLineageCollector': ['=airflow.sdk.lineage.HookLineageCollector'],
    'airflow.lineage.hook.HookLineageReader': ['=airflow.sdk.lineage.HookLineageReader'],
    'airflow.lineage.hook.LoggingMixin': ['=airflow.sdk.lineage.LoggingMixin'],
    'airflow.lineage.hook.NoOpCollector': ['=airflow.sdk.lineage.NoOpCollector'],
    'airflow.lineage.hook.TYPE_CHECKING': ['=airflow.sdk.lineage.TYPE_CHECKING'],
    'airflow.lineage.hook.annotations': ['=airflow.sdk.lineage.annotations'],
    'airflow.lineage.hook.attr': ['=airflow.sdk.lineage.attr'],
    'airflow.lineage.hook.defaultdict': ['=airflow.sdk.lineage.defaultdict'],
    'airflow.lineage.hook.get_hook_lineage_collector': ['=airflow.sdk.lineage.get_hook_lineage_collector'],
    'airflow.lineage.hook.hashlib': ['=airflow.sdk.lineage.hashlib'],
    'airflow.lineage.hook.json': ['=airflow.sdk.lineage.json'],
    'airflow.macros.Any': ['=airflow.sdk.execution_time.macros.Any'],
    'airflow.macros.TYPE_CHECKING': ['=airflow.sdk.execution_time.macros.TYPE_CHECKING'],
    'airflow.macros.datetime': ['=airflow.sdk.execution_time.macros.datetime'],
    'airflow.macros.datetime_diff_for_humans': ['=airflow.sdk.execution_time.macros.datetime_diff_for_humans'],
    'airflow.macros.dateutil': ['=airflow.sdk.execution_time.macros.dateutil'],
    'airflow.macros.ds_add': ['=airflow.sdk.execution_time.macros.ds_add'],
    'airflow.macros.ds_format': ['=airflow.sdk.execution_time.macros.ds_format'],
    'airflow.macros.ds_format_locale': ['=airflow.sdk.execution_time.macros.ds_format_locale'],
    'airflow.macros.json': ['=airflow.sdk.execution_time.macros.json'],
    'airflow.macros.random': ['=airflow.sdk.execution_time.macros.random'],
    'airflow.macros.time': ['=airflow.sdk.execution_time.macros.time'],
    'airflow.macros.timedelta': ['=airflow.sdk.execution_time.macros.timedelta'],
    'airflow.macros.uuid': ['=airflow.sdk.execution_time.macros.uuid'],
    'airflow.macros.yaml': ['=airflow.sdk.execution_time.macros.yaml'],
    'airflow.models.abstractoperator.AbstractOperator': [
      '=airflow.sdk.definitions._internal.abstractoperator.AbstractOperator',
    ],
    'airflow.models.abstractoperator.DEFAULT_OWNER': [
      '=airflow.sdk.definitions._internal.abstractoperator.DEFAULT_OWNER',
    ],
    'airflow.models.abstractoperator.DEFAULT_QUEUE': [
      '=airflow.sdk.definitions._internal.abstractoperator.DEFAULT_QUEUE',
    ],
    'airflow.models.abstractoperator.DEFAULT_TASK_EXECUTION_TIMEOUT': [
      '=airflow.sdk.definitions._internal.abstractoperator.DEFAULT_TASK_EXECUTION_TIMEOUT',
    ],
    'airflow.models.abstractoperator.TaskStateChangeCallback': [
      '=airflow.sdk.definitions._internal.abstractoperator.TaskStateChangeCallback',
    ],
    'airflow.models.baseoperator.BaseOperator': ['=airflow.sdk.bases.operator.BaseOperator'],
    'airflow.models.baseoperator.chain': ['=airflow.sdk.bases.operator.chain'],
    'airflow.models.baseoperator.chain_linear': ['=airflow.sdk.bases.operator.chain_linear'],
    'airflow.models.baseoperator.cross_downstream': ['=airflow.sdk.bases.operator.cross_downstream'],
    'airflow.models.baseoperatorlink.BaseOperatorLink': ['=airflow.sdk.BaseOperatorLink'],
    'airflow.models.dag.DAG': [
      "airflow.utils.deprecation_tools.DeprecatedImportWarning: Import 'DAG' directly from the airflow module is deprecated and will be removed in the future. Please import it from 'airflow.sdk'.",
    ],
    'airflow.models.dag.dag': [
      "airflow.utils.deprecation_tools.DeprecatedImportWarning: Import 'dag' directly from the airflow module is deprecated and will be removed in the future. Please import it from 'airflow.sdk'.",
    ],
    'airflow.models.dagbag.DagBag': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: Importing DagBag from airflow.models.dagbag is deprecated and will be removed in a future release. Please import from airflow.dag_processing.dagbag instead.',
    ],
    'airflow.models.dagbag.FileLoadStat': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: Importing FileLoadStat from airflow.models.dagbag is deprecated and will be removed in a future release. Please import from airflow.dag_processing.dagbag instead.',
    ],
    'airflow.models.operator.BaseOperator': ['=airflow.sdk.BaseOperator'],
    'airflow.models.param.Param': ['=airflow.sdk.Param'],
    'airflow.models.param.ParamsDict': ['=airflow.sdk.definitions.param.ParamsDict'],
    'airflow.models.skipmixin.SkipMixin': ['=airflow.sdk.bases.skipmixin.SkipMixin'],
    'airflow.models.xcom.BaseXCom': [
      "airflow.utils.deprecation_tools.DeprecatedImportWarning: Importing BaseXCom from 'airflow.models.xcom' is deprecated and will be removed in a future version. Please import from 'airflow.sdk.bases.xcom' instead.",
    ],
    'airflow.models.xcom.XCom': [
      "airflow.utils.deprecation_tools.DeprecatedImportWarning: Importing XCom from 'airflow.models.xcom' is deprecated and will be removed in a future version. Please import from 'airflow.sdk.execution_time.xcom' instead.",
    ],
    'airflow.models.xcom_arg': [
      "airflow.utils.deprecation_tools.DeprecatedImportWarning: Importing airflow.models.xcom_arg is deprecated and will be removed in the future. Please import from 'airflow.sdk' instead.",
    ],
    'airflow.notifications.basenotifier.BaseNotifier': ['=airflow.sdk.bases.notifier.BaseNotifier'],
    'airflow.operators.bash.BashOperator': ['=airflow.providers.standard.operators.bash.BashOperator'],
    'airflow.operators.branch.BaseBranchOperator': ['=airflow.sdk.bases.branch.BaseBranchOperator'],
    'airflow.operators.branch.BranchMixIn': ['=airflow.sdk.bases.branch.BranchMixIn'],
    'airflow.operators.datetime.BranchDateTimeOperator': [
      '=airflow.providers.standard.operators.datetime.BranchDateTimeOperator',
    ],
    'airflow.operators.email.EmailOperator': ['=airflow.providers.smtp.operators.smtp.EmailOperator'],
    'airflow.operators.empty.EmptyOperator': ['=airflow.providers.standard.operators.empty.EmptyOperator'],
    'airflow.operators.generic_transfer.GenericTransfer': [
      '=airflow.providers.common.sql.operators.generic_transfer.GenericTransfer',
    ],
    'airflow.operators.latest_only.LatestOnlyOperator': [
      '=airflow.providers.standard.operators.latest_only.LatestOnlyOperator',
    ],
    'airflow.operators.python.BranchExternalPythonOperator': [
      '=airflow.providers.standard.operators.python.BranchExternalPythonOperator',
    ],
    'airflow.operators.python.BranchPythonOperator': [
      '=airflow.providers.standard.operators.python.BranchPythonOperator',
    ],
    'airflow.operators.python.BranchPythonVirtualenvOperator': [
      '=airflow.providers.standard.operators.python.BranchPythonVirtualenvOperator',
    ],
    'airflow.operators.python.ExternalPythonOperator': [
      '=airflow.providers.standard.operators.python.ExternalPythonOperator',
    ],
    'airflow.operators.python.PythonOperator': ['=airflow.providers.standard.operators.python.PythonOperator'],
    'airflow.operators.python.PythonVirtualenvOperator': [
      '=airflow.providers.standard.operators.python.PythonVirtualenvOperator',
    ],
    'airflow.operators.python.ShortCircuitOperator': [
      '=airflow.providers.standard.operators.python.ShortCircuitOperator',
    ],
    'airflow.operators.python.get_current_context': ['=airflow.sdk.get_current_context'],
    'airflow.operators.smooth.SmoothOperator': ['=airflow.providers.standard.operators.smooth.SmoothOperator'],
    'airflow.operators.trigger_dagrun.TriggerDagRunOperator': [
      '=airflow.providers.standard.operators.trigger_dagrun.TriggerDagRunOperator',
    ],
    'airflow.operators.weekday.BranchDayOfWeekOperator': [
      '=airflow.providers.standard.operators.weekday.BranchDayOfWeekOperator',
    ],
    'airflow.secrets.cache.SecretCache': ['=airflow.sdk.execution_time.cache.SecretCache'],
    'airflow.sensors.base.BaseSensorOperator': ['=airflow.sdk.bases.sensor.BaseSensorOperator'],
    'airflow.sensors.base.PokeReturnValue': ['=airflow.sdk.bases.sensor.PokeReturnValue'],
    'airflow.sensors.base.poke_mode_only': ['=airflow.sdk.bases.sensor.poke_mode_only'],
    'airflow.sensors.bash.BashSensor': ['=airflow.providers.standard.sensors.bash.BashSensor'],
    'airflow.sensors.date_time.DateTimeSensor': ['=airflow.providers.standard.sensors.date_time.DateTimeSensor'],
    'airflow.sensors.date_time.DateTimeSensorAsync': [
      '=airflow.providers.standard.sensors.date_time.DateTimeSensorAsync',
    ],
    'airflow.sensors.external_task.ExternalDagLink': [
      '=airflow.providers.standard.sensors.external_task.ExternalDagLink',
    ],
    'airflow.sensors.external_task.ExternalTaskMarker': [
      '=airflow.providers.standard.sensors.external_task.ExternalTaskMarker',
    ],
    'airflow.sensors.external_task.ExternalTaskSensor': [
      '=airflow.providers.standard.sensors.external_task.ExternalTaskSensor',
    ],
    'airflow.sensors.filesystem.FileSensor': ['=airflow.providers.standard.sensors.filesystem.FileSensor'],
    'airflow.sensors.python.PythonSensor': [
      '=airflow.providers.standard.sensors.python.PythonSensor',
      "airflow.utils.deprecation_tools.DeprecatedImportWarning: The `airflow.utils.operator_helpers.determine_kwargs` attribute is deprecated. Please use `'airflow.sdk.bases.decorator.determine_kwargs'`.",
    ],
    'airflow.sensors.time_delta.TimeDeltaSensor': ['=airflow.providers.standard.sensors.time_delta.TimeDeltaSensor'],
    'airflow.sensors.time_delta.TimeDeltaSensorAsync': [
      '=airflow.providers.standard.sensors.time_delta.TimeDeltaSensorAsync',
    ],
    'airflow.sensors.time_sensor.TimeSensor': ['=airflow.providers.standard.sensors.time.TimeSensor'],
    'airflow.sensors.time_sensor.TimeSensorAsync': ['=airflow.providers.standard.sensors.time.TimeSensorAsync'],
    'airflow.sensors.weekday.DayOfWeekSensor': ['=airflow.providers.standard.sensors.weekday.DayOfWeekSensor'],
    'airflow.triggers.external_task.DagStateTrigger': [
      '=airflow.providers.standard.triggers.external_task.DagStateTrigger',
    ],
    'airflow.triggers.external_task.WorkflowTrigger': [
      '=airflow.providers.standard.triggers.external_task.WorkflowTrigger',
    ],
    'airflow.triggers.file.FileTrigger': ['=airflow.providers.standard.triggers.file.FileTrigger'],
    'airflow.triggers.temporal.DateTimeTrigger': ['=airflow.providers.standard.triggers.temporal.DateTimeTrigger'],
    'airflow.triggers.temporal.TimeDeltaTrigger': ['=airflow.providers.standard.triggers.temporal.TimeDeltaTrigger'],
    'airflow.utils.context': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: Module airflow.utils.context is deprecated and will be removed in the future. Use airflow.sdk.execution_time.context if you are using the classes inside an Airflow task.',
    ],
    'airflow.utils.context.Context': ['=airflow.sdk.definitions.context'],
    'airflow.utils.context.KNOWN_CONTEXT_KEYS': ['=airflow.sdk.definitions.context'],
    'airflow.utils.context.context_copy_partial': ['=airflow.sdk.definitions.context'],
    'airflow.utils.context.context_merge': ['=airflow.sdk.definitions.context'],
    'airflow.utils.decorators.fixup_decorator_warning_stack': [
      '=airflow.sdk.definitions._internal.decorators.fixup_decorator_warning_stack',
    ],
    'airflow.utils.decorators.remove_task_decorator': [
      '=airflow.sdk.definitions._internal.decorators.remove_task_decorator',
    ],
    'airflow.utils.entry_points.EPnD': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: The `airflow.utils.entry_points.EPnD` is deprecated and will be removed in a future version.',
    ],
    'airflow.utils.entry_points.Iterator': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: The `airflow.utils.entry_points.Iterator` is deprecated and will be removed in a future version.',
    ],
    'airflow.utils.entry_points.annotations': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: The `airflow.utils.entry_points.annotations` is deprecated and will be removed in a future version.',
    ],
    'airflow.utils.entry_points.defaultdict': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: The `airflow.utils.entry_points.defaultdict` is deprecated and will be removed in a future version.',
    ],
    'airflow.utils.entry_points.entry_points_with_dist': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: The `airflow.utils.entry_points.entry_points_with_dist` is deprecated and will be removed in a future version.',
    ],
    'airflow.utils.entry_points.functools': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: The `airflow.utils.entry_points.functools` is deprecated and will be removed in a future version.',
    ],
    'airflow.utils.entry_points.log': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: The `airflow.utils.entry_points.log` is deprecated and will be removed in a future version.',
    ],
    'airflow.utils.entry_points.logging': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: The `airflow.utils.entry_points.logging` is deprecated and will be removed in a future version.',
    ],
    'airflow.utils.entry_points.metadata': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: The `airflow.utils.entry_points.metadata` is deprecated and will be removed in a future version.',
    ],
    'airflow.utils.entry_points.sys': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: The `airflow.utils.entry_points.sys` is deprecated and will be removed in a future version.',
    ],
    'airflow.utils.file.find_path_from_directory': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: Importing find_path_from_directory from airflow.utils.file is deprecated and will be removed in a future version. Use airflow._shared.module_loading.find_path_from_directory instead.',
    ],
    'airflow.utils.operator_helpers.KeywordParameters': ['=airflow.sdk.bases.decorator.KeywordParameters'],
    'airflow.utils.operator_helpers.determine_kwargs': ['=airflow.sdk.bases.decorator.determine_kwargs'],
    'airflow.utils.operator_resources.CpuResource': ['=airflow.sdk.definitions.operator_resources.CpuResource'],
    'airflow.utils.operator_resources.DiskResource': ['=airflow.sdk.definitions.operator_resources.DiskResource'],
    'airflow.utils.operator_resources.EB': ['=airflow.sdk.definitions.operator_resources.EB'],
    'airflow.utils.operator_resources.GB': ['=airflow.sdk.definitions.operator_resources.GB'],
    'airflow.utils.operator_resources.GpuResource': ['=airflow.sdk.definitions.operator_resources.GpuResource'],
    'airflow.utils.operator_resources.MB': ['=airflow.sdk.definitions.operator_resources.MB'],
    'airflow.utils.operator_resources.PB': ['=airflow.sdk.definitions.operator_resources.PB'],
    'airflow.utils.operator_resources.RamResource': ['=airflow.sdk.definitions.operator_resources.RamResource'],
    'airflow.utils.operator_resources.Resource': ['=airflow.sdk.definitions.operator_resources.Resource'],
    'airflow.utils.operator_resources.Resources': ['=airflow.sdk.definitions.operator_resources.Resources'],
    'airflow.utils.operator_resources.TB': ['=airflow.sdk.definitions.operator_resources.TB'],
    'airflow.utils.operator_resources.annotations': ['=airflow.sdk.definitions.operator_resources.annotations'],
    'airflow.utils.operator_resources.conf': ['=airflow.sdk.definitions.operator_resources.conf'],
    'airflow.utils.setup_teardown.BaseSetupTeardownContext': [
      '=airflow.sdk.definitions._internal.setup_teardown.BaseSetupTeardownContext',
    ],
    'airflow.utils.setup_teardown.SetupTeardownContext': [
      '=airflow.sdk.definitions._internal.setup_teardown.SetupTeardownContext',
    ],
    'airflow.utils.task_group.TaskGroup': ['=airflow.sdk.TaskGroup'],
    'airflow.utils.timeout.timeout': ['=airflow.sdk.execution_time.timeout.timeout'],
    'airflow.utils.timezone.annotations': ['=airflow.sdk.timezone.annotations'],
    'airflow.utils.timezone.coerce_datetime': ['=airflow.sdk.timezone.coerce_datetime'],
    'airflow.utils.timezone.convert_to_utc': ['=airflow.sdk.timezone.convert_to_utc'],
    'airflow.utils.timezone.datetime': ['=airflow.sdk.timezone.datetime'],
    'airflow.utils.timezone.make_naive': ['=airflow.sdk.timezone.make_naive'],
    'airflow.utils.timezone.parse': ['=airflow.sdk.timezone.parse'],
    'airflow.utils.timezone.utc': ['=airflow.sdk.timezone.utc'],
    'airflow.utils.timezone.utcnow': ['=airflow.sdk.timezone.utcnow'],
    'airflow.utils.trigger_rule.Enum': ['=airflow.task.trigger_rule.Enum'],
    'airflow.utils.trigger_rule.TriggerRule': ['=airflow.task.trigger_rule.TriggerRule'],
    'airflow.utils.trigger_rule.annotations': ['=airflow.task.trigger_rule.annotations'],
    'airflow.utils.types.ArgNotSet': ['=airflow.serialization.definitions.notset.ArgNotSet'],
    'airflow.utils.types.NOTSET': ['=airflow.serialization.definitions.notset.ArgNotSet'],
    'airflow.utils.weight_rule.DB_SAFE_MAXIMUM': ['=airflow.sdk.bases.operator.DB_SAFE_MAXIMUM'],
    'airflow.utils.weight_rule.DB_SAFE_MINIMUM': ['=airflow.sdk.bases.operator.DB_SAFE_MINIMUM'],
    'airflow.utils.weight_rule.WeightRule': ['=airflow.task.weight_rule.WeightRule'],
    'airflow.utils.weight_rule.db_safe_priority': ['=airflow.sdk.bases.operator.db_safe_priority'],
    'airflow.utils.xcom.XCOM_RETURN_KEY': ['=airflow.models.xcom.XCOM_RETURN_KEY'],
  },
};

/** apache-airflow 3.3.1 with the task SDK and the standard provider MWAA pins for it. */
export const IMPORTS_3_3_1: ImportFacts = {
  missingModules: [
    'airflow.api.auth',
    'airflow.api.client.api_client',
    'airflow.api.client.json_client',
    'airflow.api.common.experimental',
    'airflow.api_connexion',
    'airflow.api_internal',
    'airflow.auth',
    'airflow.callbacks.pipe_callback_sink',
    'airflow.cli.commands.internal_api_command',
    'airflow.cli.commands.webserver_command',
    'airflow.compat',
    'airflow.config_templates.default_celery',
    'airflow.contrib',
    'airflow.datasets',
    'airflow.decorators.bash',
    'airflow.decorators.branch_external_python',
    'airflow.decorators.branch_python',
    'airflow.decorators.branch_virtualenv',
    'airflow.decorators.condition',
    'airflow.decorators.external_python',
    'airflow.decorators.python',
    'airflow.decorators.python_virtualenv',
    'airflow.decorators.sensor',
    'airflow.decorators.setup_teardown',
    'airflow.decorators.short_circuit',
    'airflow.decorators.task_group',
    'airflow.executors.celery_executor',
    'airflow.executors.celery_kubernetes_executor',
    'airflow.executors.dask_executor',
    'airflow.executors.debug_executor',
    'airflow.executors.kubernetes_executor',
    'airflow.executors.kubernetes_executor_types',
    'airflow.executors.kubernetes_executor_utils',
    'airflow.executors.local_kubernetes_executor',
    'airflow.executors.sequential_executor',
    'airflow.hooks.S3_hook',
    'airflow.hooks.base_hook',
    'airflow.hooks.dbapi',
    'airflow.hooks.dbapi_hook',
    'airflow.hooks.docker_hook',
    'airflow.hooks.druid_hook',
    'airflow.hooks.hive_hooks',
    'airflow.hooks.http_hook',
    'airflow.hooks.jdbc_hook',
    'airflow.hooks.mssql_hook',
    'airflow.hooks.mysql_hook',
    'airflow.hooks.oracle_hook',
    'airflow.hooks.pig_hook',
    'airflow.hooks.postgres_hook',
    'airflow.hooks.presto_hook',
    'airflow.hooks.samba_hook',
    'airflow.hooks.slack_hook',
    'airflow.hooks.sqlite_hook',
    'airflow.hooks.webhdfs_hook',
    'airflow.hooks.zendesk_hook',
    'airflow.io.store',
    'airflow.io.utils',
    'airflow.jobs.backfill_job_runner',
    'airflow.jobs.local_task_job_runner',
    'airflow.kubernetes',
    'airflow.lineage.backend',
    'airflow.lineage.entities',
    'airflow.listeners.spec.dataset',
    'airflow.listeners.spec.lifecycle',
    'airflow.listeners.spec.taskinstance',
    'airflow.macros.hive',
    'airflow.metrics',
    'airflow.models.dagparam',
    'airflow.models.dagpickle',
    'airflow.models.dataset',
    'airflow.models.mappedoperator',
    'airflow.models.slamiss',
    'airflow.models.taskfail',
    'airflow.operators.bash_operator',
    'airflow.operators.branch_operator',
    'airflow.operators.check_operator',
    'airflow.operators.dagrun_operator',
    'airflow.operators.docker_operator',
    'airflow.operators.druid_check_operator',
    'airflow.operators.dummy',
    'airflow.operators.dummy_operator',
    'airflow.operators.email_operator',
    'airflow.operators.gcs_to_s3',
    'airflow.operators.google_api_to_s3_transfer',
    'airflow.operators.hive_operator',
    'airflow.operators.hive_stats_operator',
    'airflow.operators.hive_to_druid',
    'airflow.operators.hive_to_mysql',
    'airflow.operators.hive_to_samba_operator',
    'airflow.operators.http_operator',
    'airflow.operators.jdbc_operator',
    'airflow.operators.latest_only_operator',
    'airflow.operators.mssql_operator',
    'airflow.operators.mssql_to_hive',
    'airflow.operators.mysql_operator',
    'airflow.operators.mysql_to_hive',
    'airflow.operators.oracle_operator',
    'airflow.operators.papermill_operator',
    'airflow.operators.pig_operator',
    'airflow.operators.postgres_operator',
    'airflow.operators.presto_check_operator',
    'airflow.operators.presto_to_mysql',
    'airflow.operators.python_operator',
    'airflow.operators.redshift_to_s3_operator',
    'airflow.operators.s3_file_transform_operator',
    'airflow.operators.s3_to_hive_operator',
    'airflow.operators.s3_to_redshift_operator',
    'airflow.operators.slack_operator',
    'airflow.operators.sql',
    'airflow.operators.sql_branch_operator',
    'airflow.operators.sqlite_operator',
    'airflow.operators.subdag',
    'airflow.operators.subdag_operator',
    'airflow.sensors.base_sensor_operator',
    'airflow.sensors.date_time_sensor',
    'airflow.sensors.external_task_sensor',
    'airflow.sensors.hive_partition_sensor',
    'airflow.sensors.http_sensor',
    'airflow.sensors.metastore_partition_sensor',
    'airflow.sensors.named_hive_partition_sensor',
    'airflow.sensors.s3_key_sensor',
    'airflow.sensors.sql',
    'airflow.sensors.sql_sensor',
    'airflow.sensors.time_delta_sensor',
    'airflow.sensors.web_hdfs_sensor',
    'airflow.sentry',
    'airflow.serialization.pydantic',
    'airflow.serialization.serializers.bignum',
    'airflow.serialization.serializers.builtin',
    'airflow.serialization.serializers.datetime',
    'airflow.serialization.serializers.deltalake',
    'airflow.serialization.serializers.iceberg',
    'airflow.serialization.serializers.kubernetes',
    'airflow.serialization.serializers.numpy',
    'airflow.serialization.serializers.pandas',
    'airflow.serialization.serializers.timezone',
    'airflow.task.task_runner',
    'airflow.template',
    'airflow.templates',
    'airflow.ti_deps.deps.dagrun_backfill_dep',
    'airflow.timetables.datasets',
    'airflow.traces',
    'airflow.utils.airflow_flask_app',
    'airflow.utils.compression',
    'airflow.utils.configuration',
    'airflow.utils.dag_parsing_context',
    'airflow.utils.empty_set',
    'airflow.utils.jwt_signer',
    'airflow.utils.log.secrets_masker',
    'airflow.utils.log.task_context_logger',
    'airflow.utils.log.trigger_handler',
    'airflow.utils.mixins',
    'airflow.utils.module_loading',
    'airflow.utils.pydantic',
    'airflow.utils.python_virtualenv',
    'airflow.utils.sensor_helper',
    'airflow.utils.singleton',
    'airflow.utils.task_instance_session',
    'airflow.utils.template',
    'airflow.utils.warnings',
    'airflow.utils.weekday',
  ],
  missingNames: {
    airflow: 'annotations api_internal compat datasets',
    'airflow.configuration':
      'Dict FERNET_KEY Generator Iterable JSONDecodeError NoOptionError NoSectionError Set Tuple Union WEBSERVER_CONFIG as_dict contextlib contextmanager create_pre_2_7_defaults datetime deepcopy functools get getboolean getfloat getint getsection has_option itertools json multiprocessing parse_version providers_configuration_loaded re2 remove_option set write_webserver_configuration_if_needed',
    'airflow.decorators':
      'Any Callable ProvidersManager TaskDecorator TaskDecoratorCollection bash bash_task branch_external_python branch_external_python_task branch_python branch_task branch_virtualenv branch_virtualenv_task condition external_python external_python_task python python_task python_virtualenv run_if sensor sensor_task setup_task setup_teardown short_circuit short_circuit_task skip_if teardown_task virtualenv_task',
    'airflow.decorators.base':
      'Any BaseOperator Callable ClassVar Collection DEFAULT_RETRIES DEFAULT_RETRY_DELAY DagContext Dataset DictOfListsExpandInput EXPAND_INPUT_EMPTY ExpandableFactory FParams FReturn Generic Iterator KNOWN_CONTEXT_KEYS ListOfDictsExpandInput MappedOperator Mapping NOTSET OperatorSubclass ParamSpec Pool Protocol Sequence TYPE_CHECKING Task TaskGroupContext TriggerRule TypeVar XComArg annotations attr cached_property cast coerce_resources coerce_timedelta ensure_xcomarg_return_value get_merged_defaults inspect is_mappable itertools overload parse_retries prevent_duplicates re2 remove_task_decorator textwrap timezone typing_extensions warnings',
    'airflow.exceptions':
      'AirflowDagInconsistent AirflowWebServerTimeout Any BackfillUnfinished DagConcurrencyLimitReached DagFileExists FailStopDagInvalidTriggerRule NoAvailablePoolSlot RemovedInAirflow3Warning TaskConcurrencyLimitReached TriggerRule UnmappableOperator UnmappableXComLengthPushed UnmappableXComTypePushed XComForMappingNotPushed warnings',
    'airflow.hooks.base':
      'Any DiscoverableHook LoggingMixin Protocol RemovedInAirflow3Warning TYPE_CHECKING annotations log logging warnings',
    'airflow.hooks.filesystem': 'Any BaseHook Path annotations',
    'airflow.hooks.package_index': 'Any BaseHook annotations quote subprocess urlparse',
    'airflow.hooks.subprocess':
      'BaseHook Iterator PIPE Popen STDOUT SubprocessResult TemporaryDirectory annotations contextlib gettempdir namedtuple os signal working_directory',
    'airflow.io':
      'Callable LocalFileSystem Mapping ProvidersManager Stats TYPE_CHECKING cache import_string inspect log logging store utils',
    'airflow.io.path':
      'Any CloudPath LoggingMixin Mapping PT TrackingFileWrapper annotations attach contextlib default get_hook_lineage_collector get_upath_class os shutil stat_result stringify_path typing urlsplit',
    'airflow.io.typedef': 'Dict annotations',
    'airflow.lineage':
      'AUTO Any Callable LineageBackend PIPELINE_INLETS PIPELINE_OUTLETS T TYPE_CHECKING TypeVar apply_lineage backend cast conf create_session get_backend log logging prepare_lineage wraps',
    'airflow.lineage.hook': 'Dataset DatasetLineageInfo ProvidersManager Union',
    'airflow.macros': 'LC_TIME Locale format_datetime',
    'airflow.models': 'DagPickle Operator SlaMiss TaskFail dagpickle dataset mappedoperator slamiss taskfail',
    'airflow.models.abstractoperator':
      'AirflowException Any ArgNotSet Callable ClassVar Collection Context DAGNode DEFAULT_EXECUTOR DEFAULT_IGNORE_FIRST_DEPENDS_ON_PAST DEFAULT_POOL_SLOTS DEFAULT_PRIORITY_WEIGHT DEFAULT_RETRIES DEFAULT_RETRY_DELAY DEFAULT_TRIGGER_RULE DEFAULT_WAIT_FOR_PAST_DEPENDS_BEFORE_SKIPPING DEFAULT_WEIGHT_RULE DependencyMixin Iterable Iterator MAX_RETRY_DELAY MappedTaskGroup NOTSET NotFullyPopulated NotMapped Sequence SetupTeardownContext State TYPE_CHECKING TaskInstanceState Templater TriggerRule WeightRule abstractproperty annotations cached_property conf datetime db_safe_priority exists_query inspect methodtools redact select with_row_locks',
    'airflow.models.base': 'Column',
    'airflow.models.baseoperator':
      'AbstractOperator AirflowException Any AttributeRemoved BASEOPERATOR_ARGS_EXPECTED_TYPES BaseOperatorMeta Callable Chainable Collection Context DEFAULT_EXECUTOR DEFAULT_IGNORE_FIRST_DEPENDS_ON_PAST DEFAULT_OWNER DEFAULT_POOL_SLOTS DEFAULT_PRIORITY_WEIGHT DEFAULT_QUEUE DEFAULT_RETRIES DEFAULT_RETRY_DELAY DEFAULT_TASK_EXECUTION_TIMEOUT DEFAULT_TRIGGER_RULE DEFAULT_WAIT_FOR_PAST_DEPENDS_BEFORE_SKIPPING DEFAULT_WEIGHT_RULE DagAttributeTypes DependencyMixin EdgeModifier ExecutionCallableRunner ExecutorSafeguard FailStopDagInvalidTriggerRule FunctionType Iterable MappedTaskUpstreamDep NEW_SESSION NOTSET NoResultFound NoReturn NotInRetryPeriodDep NotPreviouslySkippedDep OperatorPartial ParamsDict Pool PrevDagrunDep PriorityWeightStrategy RemovedInAirflow3Warning Resources ScheduleInterval Sequence SetupTeardownContext T TYPE_CHECKING TaskDeferralError TaskDeferred TaskInstance TaskPostExecuteHook TaskPreExecuteHook TriggerRule TriggerRuleDep TypeVar Union XCOM_RETURN_KEY abc annotations apply_lineage attr cast clear_task_instances coerce_resources coerce_timedelta collections conf context_get_outlet_events contextlib copy datetime fixup_decorator_warning_stack functools get_merged_defaults inspect local logger logging parse_retries partial pendulum prepare_lineage provide_session relativedelta select sys timedelta timezone total_ordering validate_and_load_priority_weight_strategy validate_instance_args validate_key validate_mapping_kwargs warnings wraps',
    'airflow.models.baseoperatorlink': 'ABCMeta ClassVar TYPE_CHECKING abstractmethod annotations attr',
    'airflow.models.connection':
      'Boolean Column RemovedInAirflow3Warning SecretCache declared_attr ensure_secrets_loaded parse_netloc_to_hostname re2 synonym',
    'airflow.models.crypto': 'NullFernet',
    'airflow.models.dag':
      'AbstractOperator AirflowDagInconsistent ArgNotSet BaseDataset BaseOperator Column Container Context ContinuousTimetable CronTriggerTimetable DAG_ARGS_EXPECTED_TYPES DEFAULT_SCHEDULE_INTERVAL DEFAULT_VIEW_PRESETS DagCode DagContext DagParam DagPickle DagRunInfo DagStateChangeCallback Dataset DatasetAlias DatasetAliasModel DatasetAll DatasetDagRunQueue DatasetModel DatasetTriggeredTimetable DuplicateTaskIdFound EdgeInfoType ExecutorLoader ExitStack FAB_VERSION FailStopDagInvalidTriggerRule Generator Interval Iterable Iterator List LocalFilesystemBackend LogTemplate LoggingMixin NOTSET ORIENTATION_PRESETS ParamValidationError ParamsDict Pattern RUN_ID_REGEX RemovedInAirflow3Warning SLAMissCallback ScheduleArg ScheduleInterval ScheduleIntervalArg Select Sequence State Stats TaskDeferred TaskInstance TaskInstanceKey TaskInstanceState TaskNotFound TaskStateChangeCallback TimeRestriction TriggerRule Union UnknownExecutorException abc airflow asyncio at_most_one check_cycle clear_task_instances copy create_timetable cron_presets dataset_manager deque exactly_one fixup_decorator_warning_stack functools get_dataset_triggered_next_run_info internal_api_call itertools jinja2 json lock_rows logging not_ os overload packaging_version pathlib permissions pickle re2 run_job secrets_backend_list signature sqlalchemy_jsonfield sys time traceback tuple_in_condition update urlsplit utils utils_date_range validate_instance_args validate_key warnings weakref',
    'airflow.models.dagbag':
      'AirflowClusterPolicyError AirflowClusterPolicySkipDag AirflowClusterPolicyViolation AirflowDagCycleException AirflowDagDuplicatedIdException AirflowException AirflowTaskTimeout Column LoggingMixin MAX_DB_RETRIES NEW_SESSION NOTSET OperationalError Path RemovedInAirflow3Warning Stats capture_with_reraise check_cycle correct_maybe_zipped datetime get_docs_url get_listener_manager get_unique_dag_module_name importlib list_py_file_paths might_contain_dag os provide_session run_with_db_retries settings sys tabulate textwrap timedelta timeout timezone traceback warnings zipfile',
    'airflow.models.dagcode':
      'AirflowException BigInteger Collection Column Iterable correct_maybe_zipped delete internal_api_call os struct',
    'airflow.models.dagrun':
      'Boolean Column NotFullyPopulated PickleType RemovedInAirflow3Warning Stats Trace datetime_to_nano internal_api_call re2 settings true tuple_in_condition warnings',
    'airflow.models.dagwarning': 'Column false internal_api_call',
    'airflow.models.db_callback_request':
      'Base Column ExtendedJSON Integer String TYPE_CHECKING UtcDateTime import_module timezone',
    'airflow.models.errors': 'Column RemovedInAirflow3Warning warnings',
    'airflow.models.expandinput':
      'Dict DictOfListsExpandInput EXPAND_INPUT_EMPTY ExpandInput ListOfDictsExpandInput MappedArgument Mapping NEW_SESSION NamedTuple OperatorExpandArgument OperatorExpandKwargsArgument ResolveMixin Sequence Union attr collections get_map_type_key is_mappable provide_session',
    'airflow.models.log': 'Column',
    'airflow.models.operator': 'MappedOperator Operator Union annotations',
    'airflow.models.param':
      'AirflowException Any ArgNotSet ClassVar DagParam ItemsView Iterable MutableMapping NOTSET ParamValidationError RemovedInAirflow3Warning ResolveMixin TYPE_CHECKING ValuesView annotations contextlib copy datetime json logger logging parse_iso8601 process_params timezone warnings',
    'airflow.models.pool': 'Column exists_query',
    'airflow.models.renderedtifields': 'Column exists internal_api_call json sqlalchemy_jsonfield text',
    'airflow.models.serialized_dag':
      'BigInteger COMPRESS_SERIALIZED_DAGS Collection Column Index MIN_SERIALIZED_DAG_UPDATE_INTERVAL SerializedDAG TaskNotFound and_ exc internal_api_call or_ sqlalchemy_jsonfield',
    'airflow.models.skipmixin':
      'AirflowException GeneratorType Iterable LoggingMixin NEW_SESSION RemovedInAirflow3Warning Sequence TYPE_CHECKING TaskInstance TaskInstanceState XCOM_SKIPMIXIN_FOLLOWED XCOM_SKIPMIXIN_KEY XCOM_SKIPMIXIN_SKIPPED annotations internal_api_call provide_session select timezone tuple_in_condition update warnings',
    'airflow.models.taskinstance':
      'AirflowException AirflowFailException AirflowRescheduleException AirflowSensorTimeout AirflowSkipException AirflowTaskTerminated AirflowTaskTimeout AttributeRemoved Column ConnectionAccessor Context DagBag DagRunNotFound Dataset DatasetAlias DatasetAliasModel DatasetModel DateTime Enum ExecutionCallableRunner Generator InletEventsAccessors InternalApiConfig JobState MappedTaskGroup Mapping OutletEventAccessors RemovedInAirflow3Warning SandboxedEnvironment Sentry SimpleTaskInstance Stats TaskDeferralError TaskDeferred TaskFail TaskInstanceStateType TaskReturnCode TemplateAssertionError Trace Tuple UndefinedError UnmappableXComLengthPushed UnmappableXComTypePushed VariableAccessor XCom XComForMappingNotPushed cache collections context_get_outlet_events context_merge context_to_airflow_vars contextlib dataset_manager deprecated get_serialized_template_fields integrate_macros_plugins internal_api_call jinja2 lazy_object_proxy nullcontext operator os pendulum process_params render_template_to_string send_email set_current_context set_current_task_instance_session signal timeout traceback tuple_in_condition with_row_locks',
    'airflow.models.taskinstancehistory': 'Column text',
    'airflow.models.tasklog': 'Column',
    'airflow.models.taskmap': 'Column',
    'airflow.models.taskmixin':
      'ABCMeta AirflowException Any Iterable NOTSET RemovedInAirflow3Warning Sequence TaskMixin abstractmethod warnings',
    'airflow.models.taskreschedule':
      'COLLATION_ARGS Column ForeignKeyConstraint ID_LEN NEW_SESSION RemovedInAirflow3Warning String TaskInstanceDependencies asc association_proxy desc provide_session text warnings',
    'airflow.models.trigger': 'Column internal_api_call',
    'airflow.models.variable': 'Column SecretCache internal_api_call',
    'airflow.models.xcom':
      'Column LONGBLOB LargeBinary LoggingMixin MAX_XCOM_SIZE NoResultFound Query RemovedInAirflow3Warning conf exactly_one inspect internal_api_call overload pickle reconstructor resolve_xcom_backend text warnings wraps',
    'airflow.models.xcom_arg':
      'AbstractOperator AirflowException Any ArgNotSet Callable ConcatXComArg DependencyMixin Iterable Iterator MapCallables MapXComArg MappedOperator Mapping NEW_SESSION NOTSET PlainXComArg ResolveMixin Sequence SetupTeardownContext State TYPE_CHECKING TaskInstance TriggerRule Union XCOM_RETURN_KEY XComNotFound ZipXComArg contextlib deserialize_xcom_arg exists_query func inspect internal_api_call itertools or_ overload provide_session select serialize_xcom_arg',
    'airflow.notifications.basenotifier': 'Sequence TYPE_CHECKING Templater abstractmethod annotations context_merge',
    'airflow.operators': 'subdag',
    'airflow.operators.bash':
      'AirflowException AirflowSkipException Any ArgNotSet BaseOperator Callable Container RemovedInAirflow3Warning Sequence SubprocessHook SubprocessResult TYPE_CHECKING annotations cached_property cast context_to_airflow_vars os shutil tempfile warnings working_directory',
    'airflow.operators.branch': 'BaseOperator Iterable SkipMixin TYPE_CHECKING annotations',
    'airflow.operators.datetime':
      'AirflowException BaseBranchOperator Iterable RemovedInAirflow3Warning TYPE_CHECKING annotations datetime target_times_as_dates timezone warnings',
    'airflow.operators.email': 'Any BaseOperator Sequence TYPE_CHECKING annotations send_email',
    'airflow.operators.empty': 'BaseOperator TYPE_CHECKING annotations',
    'airflow.operators.generic_transfer': 'BaseHook BaseOperator Sequence TYPE_CHECKING annotations',
    'airflow.operators.latest_only': 'BaseBranchOperator Iterable TYPE_CHECKING annotations pendulum',
    'airflow.operators.python':
      'ABCMeta AirflowConfigException AirflowException AirflowSkipException Any BaseOperator BranchMixIn Callable Collection Container DeserializingResultError ExecutionCallableRunner Iterable KeywordParameters Literal Mapping NamedTuple Path RemovedInAirflow3Warning Sequence SkipMixin TYPE_CHECKING TemporaryDirectory Variable abstractmethod annotations cache cast context_copy_partial context_get_outlet_events context_merge execute_in_subprocess get_unique_dag_module_name hashlib_wrapper importlib inspect is_venv_installed json lazy_object_proxy log logging os prepare_virtualenv shutil subprocess sys task textwrap types warnings write_python_script',
    'airflow.operators.smooth': 'BaseOperator TYPE_CHECKING annotations',
    'airflow.operators.trigger_dagrun':
      'AirflowException AirflowSkipException Any BaseOperator BaseOperatorLink DagBag DagModel DagNotFound DagRun DagRunAlreadyExists DagRunState DagRunType DagStateTrigger InternalApiConfig NoResultFound RemovedInAirflow3Warning Sequence TYPE_CHECKING TriggerDagRunLink XCOM_LOGICAL_DATE_ISO XCOM_RUN_ID XCom annotations build_airflow_url_with_query cast conf datetime json provide_session select time timezone trigger_dag warnings',
    'airflow.operators.weekday':
      'BaseBranchOperator Iterable RemovedInAirflow3Warning TYPE_CHECKING WeekDay annotations timezone warnings',
    'airflow.secrets.base_secrets': 'ABC RemovedInAirflow3Warning TYPE_CHECKING warnings',
    'airflow.secrets.cache': 'annotations conf datetime multiprocessing timezone',
    'airflow.secrets.environment_variables': 'RemovedInAirflow3Warning warnings',
    'airflow.secrets.local_filesystem': 'RemovedInAirflow3Warning load_connections os warnings',
    'airflow.secrets.metastore': 'RemovedInAirflow3Warning internal_api_call warnings',
    'airflow.sensors.base':
      'AirflowException AirflowFailException AirflowRescheduleException AirflowSensorTimeout AirflowSkipException AirflowTaskTimeout Any BaseOperator Callable ExecutorLoader InternalApiConfig Iterable NEW_SESSION ReadyToRescheduleDep SkipMixin TYPE_CHECKING TaskDeferralError TaskReschedule annotations apply_defaults conf datetime functools hashlib internal_api_call provide_session select settings time timedelta timezone traceback',
    'airflow.sensors.bash':
      'AirflowFailException BaseSensorOperator NamedTemporaryFile PIPE Popen STDOUT Sequence TYPE_CHECKING TemporaryDirectory annotations gettempdir os',
    'airflow.sensors.date_time':
      'Any BaseSensorOperator DateTimeTrigger NoReturn Sequence StartTriggerArgs TYPE_CHECKING annotations datetime timezone',
    'airflow.sensors.external_task':
      'AirflowException AirflowSkipException Any BaseOperatorLink BaseSensorOperator Callable Collection DagBag DagModel EmptyOperator ExternalTaskSensorLink Iterable NEW_SESSION RemovedInAirflow3Warning State TYPE_CHECKING TaskInstance TaskInstanceState WorkflowTrigger annotations attr build_airflow_url_with_query conf correct_maybe_zipped datetime os provide_session warnings',
    'airflow.sensors.filesystem':
      'AirflowException Any BaseSensorOperator FSHook FileTrigger Sequence StartTriggerArgs TYPE_CHECKING annotations cached_property conf datetime glob os',
    'airflow.sensors.python':
      'Any BaseSensorOperator Callable Mapping PokeReturnValue Sequence TYPE_CHECKING annotations context_merge determine_kwargs',
    'airflow.sensors.time_delta':
      'AirflowSkipException Any BaseSensorOperator DateTimeTrigger NoReturn TYPE_CHECKING annotations timezone',
    'airflow.sensors.time_sensor':
      'Any BaseSensorOperator DateTimeTrigger NoReturn StartTriggerArgs TYPE_CHECKING annotations datetime timezone',
    'airflow.sensors.weekday':
      'BaseSensorOperator Iterable RemovedInAirflow3Warning TYPE_CHECKING WeekDay annotations timezone warnings',
    'airflow.timetables.base': 'BaseDataset Iterator Sequence warn',
    'airflow.timetables.events': 'Iterable',
    'airflow.timetables.interval': 'AirflowTimetableInvalid Union convert_to_utc',
    'airflow.timetables.simple': 'Collection DatasetAlias DatasetTriggeredTimetable Sequence',
    'airflow.timetables.trigger': 'timezone',
    'airflow.triggers.base':
      'DatabaseCallbackSink NEW_SESSION SimpleTaskInstance TaskCallbackRequest logging provide_session',
    'airflow.triggers.external_task':
      'Any BaseTrigger DagRun NEW_SESSION RemovedInAirflow3Warning TaskInstance TaskInstanceState TaskStateTrigger TriggerEvent annotations asyncio deprecated func provide_session sync_to_async typing utcnow',
    'airflow.triggers.file': 'Any BaseTrigger TriggerEvent annotations asyncio datetime glob os typing warnings',
    'airflow.triggers.temporal':
      'Any AsyncIterator BaseTrigger TaskSuccessEvent TriggerEvent annotations asyncio datetime pendulum timezone',
    'airflow.utils':
      'airflow_flask_app configuration dag_parsing_context empty_set jwt_signer mixins module_loading pydantic python_virtualenv sensor_helper singleton task_instance_session warnings weekday',
    'airflow.utils.cli':
      'InternalApiConfig NEW_SESSION RemovedInAirflow3Warning get_dag get_dag_by_pickle provide_session re2 select should_hide_value_for_key should_ignore_depends_on_past',
    'airflow.utils.cli_action_loggers': 'internal_api_call',
    'airflow.utils.context':
      'AirflowContextDeprecationWarning Container Dataset DatasetAlias DatasetAliasEvent DatasetAliasModel DatasetEvent DatasetModel InletEventsAccessors ItemsView Iterator KeysView LazyDatasetEventSelectSequence LazySelectSequence Mapping MutableMapping OutletEventAccessor RemovedInAirflow3Warning SupportsIndex TYPE_CHECKING ValuesView attrs context_get_outlet_events context_update_for_unmapped contextlib copy extract_event_key functools lazy_mapping_from_context lazy_object_proxy',
    'airflow.utils.dag_cycle_tester':
      'AirflowDagCycleException CYCLE_DONE CYCLE_IN_PROGRESS CYCLE_NEW RemovedInAirflow3Warning defaultdict deque test_cycle',
    'airflow.utils.dag_edges': 'AbstractOperator',
    'airflow.utils.dates':
      'Collection Literal RemovedInAirflow3Warning TimeUnit croniter date_range datetime days_ago infer_time_unit parse_execution_date relativedelta round_time scale_time_units timedelta timezone warnings',
    'airflow.utils.db':
      'and_ bootstrap_dagbag check_bad_references check_conn_id_duplicates check_conn_type_null check_run_id_null check_table_for_duplicates check_username_duplicates column create_session dataclass delete get_current_task_instance_session table tuple_',
    'airflow.utils.db_cleanup': 'false',
    'airflow.utils.decorators':
      'Callable RemovedInAirflow3Warning T TypeVar annotations apply_defaults cast deque sys warnings wraps',
    'airflow.utils.docs': 'get_doc_url_for_provider get_project_url_from_metadata metadata sys',
    'airflow.utils.edgemodifier': 'DAGNode DependencyMixin EdgeModifier Sequence TaskGroup',
    'airflow.utils.email': 'AirflowConfigException RemovedInAirflow3Warning re2 warnings',
    'airflow.utils.entry_points': 'Tuple',
    'airflow.utils.file':
      'GitWildMatchPattern NamedTuple Pattern Protocol RemovedInAirflow3Warning TemporaryDirectory mkdirs re2',
    'airflow.utils.hashlib_wrapper': 'sys',
    'airflow.utils.helpers':
      'Mapping NOTSET RemovedInAirflow3Warning alchemy_to_dict as_tuple build_airflow_url_with_query cast chain cross_downstream datetime import_string prevent_duplicates reduce reduce_in_chunks render_log_filename render_template_as_native render_template_to_string validate_group_key validate_instance_args warnings',
    'airflow.utils.json':
      'AirflowJsonEncoder AirflowJsonProvider CLASSNAME DATA Decimal JSONProvider SCHEMA_ID WebEncoder convert_to_utc date datetime deserialize is_naive serialize',
    'airflow.utils.net': 'conf lru_cache',
    'airflow.utils.operator_helpers':
      'AIRFLOW_VAR_NAME_FORMAT_MAPPING Any Collection Context DEFAULT_FORMAT_PREFIX ENV_VAR_FORMAT_PREFIX ExecutionCallableRunner Mapping context_to_airflow_vars datetime lazy_mapping_from_context logging settings',
    'airflow.utils.operator_resources': 'AirflowException',
    'airflow.utils.orm_event_handlers': 'get_orm_mapper',
    'airflow.utils.serve_logs':
      'ExpiredSignatureError Flask GunicornOption HTTPException ImmatureSignatureError InvalidAudienceError InvalidIssuedAtError InvalidSignatureError JWTSigner StandaloneGunicornApplication abort conf get_docs_url gunicorn import_string logger logging namedtuple os request send_from_directory setproctitle socket',
    'airflow.utils.session': 'InternalApiConfig SASession TracebackSession TracebackSessionForTests os',
    'airflow.utils.setup_teardown': 'AirflowException TYPE_CHECKING annotations cast',
    'airflow.utils.sqlalchemy':
      'Interval Iterable get_orm_mapper is_sqlalchemy_v1 json metadata overload relativedelta tuple_ tuple_in_condition tuple_not_in_condition version',
    'airflow.utils.task_group':
      'AirflowDagCycleException AirflowException Any DAGNode DagAttributeTypes DuplicateTaskIdFound Generator Iterator MappedTaskGroup Sequence TASKGROUP_ARGS_EXPECTED_TYPES TYPE_CHECKING TaskAlreadyInTaskGroup TaskGroupContext TriggerRule annotations copy functools methodtools operator re2 task_group_to_dict validate_group_key validate_instance_args weakref',
    'airflow.utils.timeout':
      'AirflowTaskTimeout ContextManager IS_WINDOWS LoggingMixin TimeoutPosix TimeoutWindows Timer annotations os signal',
    'airflow.utils.timezone':
      'DateTime TYPE_CHECKING dt is_localized is_naive local_timezone make_aware metadata overload parse_timezone pendulum relativedelta td_format utc_epoch version',
    'airflow.utils.types': 'AttributeRemoved EdgeInfoType TYPE_CHECKING TypedDict',
    'airflow.utils.weight_rule': 'Enum annotations methodtools',
    'airflow.utils.xcom': 'MAX_XCOM_SIZE annotations',
  },
  importWarnings: {
    'airflow.decorators.base.DecoratedMappedOperator': ['=airflow.sdk.bases.decorator.DecoratedMappedOperator'],
    'airflow.decorators.base.DecoratedOperator': ['=airflow.sdk.bases.decorator.DecoratedOperator'],
    'airflow.decorators.base.TaskDecorator': ['=airflow.sdk.bases.decorator.TaskDecorator'],
    'airflow.decorators.base.get_unique_task_id': ['=airflow.sdk.bases.decorator.get_unique_task_id'],
    'airflow.decorators.base.task_decorator_factory': ['=airflow.sdk.bases.decorator.task_decorator_factory'],
    'airflow.decorators.dag': ['=airflow.sdk.dag'],
    'airflow.decorators.setup': ['=airflow.sdk.setup'],
    'airflow.decorators.task': ['=airflow.sdk.task'],
    'airflow.decorators.task_group': ['=airflow.sdk.task_group'],
    'airflow.decorators.teardown': ['=airflow.sdk.teardown'],
    'airflow.exceptions.AirflowDagCycleException': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: airflow.exceptions.AirflowDagCycleException is deprecated and will be removed in a future version. Use airflow.sdk.exceptions.AirflowDagCycleException instead.',
    ],
    'airflow.exceptions.AirflowFailException': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: airflow.exceptions.AirflowFailException is deprecated and will be removed in a future version. Use airflow.sdk.exceptions.AirflowFailException instead.',
    ],
    'airflow.exceptions.AirflowSensorTimeout': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: airflow.exceptions.AirflowSensorTimeout is deprecated and will be removed in a future version. Use airflow.sdk.exceptions.AirflowSensorTimeout instead.',
    ],
    'airflow.exceptions.AirflowSkipException': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: airflow.exceptions.AirflowSkipException is deprecated and will be removed in a future version. Use airflow.sdk.exceptions.AirflowSkipException instead.',
    ],
    'airflow.exceptions.AirflowTaskTerminated': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: airflow.exceptions.AirflowTaskTerminated is deprecated and will be removed in a future version. Use airflow.sdk.exceptions.AirflowTaskTerminated instead.',
    ],
    'airflow.exceptions.AirflowTaskTimeout': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: airflow.exceptions.AirflowTaskTimeout is deprecated and will be removed in a future version. Use airflow.sdk.exceptions.AirflowTaskTimeout instead.',
    ],
    'airflow.exceptions.DuplicateTaskIdFound': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: airflow.exceptions.DuplicateTaskIdFound is deprecated and will be removed in a future version. Use airflow.sdk.exceptions.DuplicateTaskIdFound instead.',
    ],
    'airflow.exceptions.TaskAlreadyInTaskGroup': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: airflow.exceptions.TaskAlreadyInTaskGroup is deprecated and will be removed in a future version. Use airflow.sdk.exceptions.TaskAlreadyInTaskGroup instead.',
    ],
    'airflow.exceptions.TaskDeferralError': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: airflow.exceptions.TaskDeferralError is deprecated and will be removed in a future version. Use airflow.sdk.exceptions.TaskDeferralError instead.',
    ],
    'airflow.exceptions.TaskDeferred': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: airflow.exceptions.TaskDeferred is deprecated and will be removed in a future version. Use airflow.sdk.exceptions.TaskDeferred instead.',
    ],
    'airflow.exceptions.XComNotFound': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: airflow.exceptions.XComNotFound is deprecated and will be removed in a future version. Use airflow.sdk.exceptions.XComNotFound instead.',
    ],
    'airflow.hooks.base.BaseHook': ['=airflow.sdk.bases.hook.BaseHook'],
    'airflow.hooks.filesystem.FSHook': ['=airflow.providers.standard.hooks.filesystem.FSHook'],
    'airflow.hooks.package_index.PackageIndexHook': [
      '=airflow.providers.standard.hooks.package_index.PackageIndexHook',
    ],
    'airflow.hooks.subprocess.SubprocessHook': ['=airflow.providers.standard.hooks.subprocess.SubprocessHook'],
    'airflow.io.get_fs': ['=airflow.sdk.io.get_fs'],
    'airflow.io.has_fs': ['=airflow.sdk.io.has_fs'],
    'airflow.io.path.ObjectStoragePath': ['=airflow.sdk.ObjectStoragePath'],
    'airflow.io.typedef.Properties': ['=airflow.sdk.io.typedef.Properties'],
    'airflow.lineage.hook': ['=airflow.sdk.lineage'],
    'airflow.lineage.hook.HookLineage': ['=airflow.sdk.lineage.HookLineage'],
    'airflow.lineage.hook.HookLineageCollector': ['=airflow.sdk.lineage.HookLineageCollector'],
    'airflow.lineage.hook.HookLineageReader': ['=airflow.sdk.lineage.HookLineageReader'],
    'airflow.lineage.hook.LoggingMixin': ['=airflow.sdk.lineage.LoggingMixin'],
    'airflow.lineage.hook.NoOpCollector': ['=airflow.sdk.lineage.NoOpCollector'],
    'airflow.lineage.hook.TYPE_CHECKING': ['=airflow.sdk.lineage.TYPE_CHECKING'],
    'airflow.lineage.hook.annotations': ['=airflow.sdk.lineage.annotations'],
    'airflow.lineage.hook.attr': ['=airflow.sdk.lineage.attr'],
    'airflow.lineage.hook.defaultdict': ['=airflow.sdk.lineage.defaultdict'],
    'airflow.lineage.hook.get_hook_lineage_collector': ['=airflow.sdk.lineage.get_hook_lineage_collector'],
    'airflow.lineage.hook.hashlib': ['=airflow.sdk.lineage.hashlib'],
    'airflow.lineage.hook.json': ['=airflow.sdk.lineage.json'],
    'airflow.macros.Any': ['=airflow.sdk.execution_time.macros.Any'],
    'airflow.macros.TYPE_CHECKING': ['=airflow.sdk.execution_time.macros.TYPE_CHECKING'],
    'airflow.macros.datetime': ['=airflow.sdk.execution_time.macros.datetime'],
    'airflow.macros.datetime_diff_for_humans': ['=airflow.sdk.execution_time.macros.datetime_diff_for_humans'],
    'airflow.macros.dateutil': ['=airflow.sdk.execution_time.macros.dateutil'],
    'airflow.macros.ds_add': ['=airflow.sdk.execution_time.macros.ds_add'],
    'airflow.macros.ds_format': ['=airflow.sdk.execution_time.macros.ds_format'],
    'airflow.macros.ds_format_locale': ['=airflow.sdk.execution_time.macros.ds_format_locale'],
    'airflow.macros.json': ['=airflow.sdk.execution_time.macros.json'],
    'airflow.macros.random': ['=airflow.sdk.execution_time.macros.random'],
    'airflow.macros.time': ['=airflow.sdk.execution_time.macros.time'],
    'airflow.macros.timedelta': ['=airflow.sdk.execution_time.macros.timedelta'],
    'airflow.macros.uuid': ['=airflow.sdk.execution_time.macros.uuid'],
    'airflow.macros.yaml': ['=airflow.sdk.execution_time.macros.yaml'],
    'airflow.models.abstractoperator.AbstractOperator': [
      '=airflow.sdk.definitions._internal.abstractoperator.AbstractOperator',
    ],
    'airflow.models.abstractoperator.DEFAULT_OWNER': [
      '=airflow.sdk.definitions._internal.abstractoperator.DEFAULT_OWNER',
    ],
    'airflow.models.abstractoperator.DEFAULT_QUEUE': [
      '=airflow.sdk.definitions._internal.abstractoperator.DEFAULT_QUEUE',
    ],
    'airflow.models.abstractoperator.DEFAULT_TASK_EXECUTION_TIMEOUT': [
      '=airflow.sdk.definitions._internal.abstractoperator.DEFAULT_TASK_EXECUTION_TIMEOUT',
    ],
    'airflow.models.abstractoperator.TaskStateChangeCallback': [
      '=airflow.sdk.definitions._internal.abstractoperator.TaskStateChangeCallback',
    ],
    'airflow.models.baseoperator.BaseOperator': ['=airflow.sdk.bases.operator.BaseOperator'],
    'airflow.models.baseoperator.chain': ['=airflow.sdk.bases.operator.chain'],
    'airflow.models.baseoperator.chain_linear': ['=airflow.sdk.bases.operator.chain_linear'],
    'airflow.models.baseoperator.cross_downstream': ['=airflow.sdk.bases.operator.cross_downstream'],
    'airflow.models.baseoperatorlink.BaseOperatorLink': ['=airflow.sdk.BaseOperatorLink'],
    'airflow.models.dag.DAG': [
      "airflow.utils.deprecation_tools.DeprecatedImportWarning: Import 'DAG' directly from the airflow module is deprecated and will be removed in the future. Please import it from 'airflow.sdk'.",
    ],
    'airflow.models.dag.dag': [
      "airflow.utils.deprecation_tools.DeprecatedImportWarning: Import 'dag' directly from the airflow module is deprecated and will be removed in the future. Please import it from 'airflow.sdk'.",
    ],
    'airflow.models.dagbag.DagBag': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: Importing DagBag from airflow.models.dagbag is deprecated and will be removed in a future release. Please import from airflow.dag_processing.dagbag instead.',
    ],
    'airflow.models.dagbag.FileLoadStat': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: Importing FileLoadStat from airflow.models.dagbag is deprecated and will be removed in a future release. Please import from airflow.dag_processing.dagbag instead.',
    ],
    'airflow.models.operator.BaseOperator': ['=airflow.sdk.BaseOperator'],
    'airflow.models.param.Param': ['=airflow.sdk.Param'],
    'airflow.models.param.ParamsDict': ['=airflow.sdk.definitions.param.ParamsDict'],
    'airflow.models.skipmixin.SkipMixin': ['=airflow.sdk.bases.skipmixin.SkipMixin'],
    'airflow.models.xcom.BaseXCom': [
      "airflow.utils.deprecation_tools.DeprecatedImportWarning: Importing BaseXCom from 'airflow.models.xcom' is deprecated and will be removed in a future version. Please import from 'airflow.sdk.bases.xcom' instead.",
    ],
    'airflow.models.xcom.XCom': [
      "airflow.utils.deprecation_tools.DeprecatedImportWarning: Importing XCom from 'airflow.models.xcom' is deprecated and will be removed in a future version. Please import from 'airflow.sdk.execution_time.xcom' instead.",
    ],
    'airflow.models.xcom_arg': [
      "airflow.utils.deprecation_tools.DeprecatedImportWarning: Importing airflow.models.xcom_arg is deprecated and will be removed in the future. Please import from 'airflow.sdk' instead.",
    ],
    'airflow.notifications.basenotifier.BaseNotifier': ['=airflow.sdk.bases.notifier.BaseNotifier'],
    'airflow.operators.bash.BashOperator': ['=airflow.providers.standard.operators.bash.BashOperator'],
    'airflow.operators.branch.BaseBranchOperator': ['=airflow.sdk.bases.branch.BaseBranchOperator'],
    'airflow.operators.branch.BranchMixIn': ['=airflow.sdk.bases.branch.BranchMixIn'],
    'airflow.operators.datetime.BranchDateTimeOperator': [
      '=airflow.providers.standard.operators.datetime.BranchDateTimeOperator',
    ],
    'airflow.operators.email.EmailOperator': ['=airflow.providers.smtp.operators.smtp.EmailOperator'],
    'airflow.operators.empty.EmptyOperator': ['=airflow.providers.standard.operators.empty.EmptyOperator'],
    'airflow.operators.generic_transfer.GenericTransfer': [
      '=airflow.providers.common.sql.operators.generic_transfer.GenericTransfer',
    ],
    'airflow.operators.latest_only.LatestOnlyOperator': [
      '=airflow.providers.standard.operators.latest_only.LatestOnlyOperator',
    ],
    'airflow.operators.python.BranchExternalPythonOperator': [
      '=airflow.providers.standard.operators.python.BranchExternalPythonOperator',
    ],
    'airflow.operators.python.BranchPythonOperator': [
      '=airflow.providers.standard.operators.python.BranchPythonOperator',
    ],
    'airflow.operators.python.BranchPythonVirtualenvOperator': [
      '=airflow.providers.standard.operators.python.BranchPythonVirtualenvOperator',
    ],
    'airflow.operators.python.ExternalPythonOperator': [
      '=airflow.providers.standard.operators.python.ExternalPythonOperator',
    ],
    'airflow.operators.python.PythonOperator': ['=airflow.providers.standard.operators.python.PythonOperator'],
    'airflow.operators.python.PythonVirtualenvOperator': [
      '=airflow.providers.standard.operators.python.PythonVirtualenvOperator',
    ],
    'airflow.operators.python.ShortCircuitOperator': [
      '=airflow.providers.standard.operators.python.ShortCircuitOperator',
    ],
    'airflow.operators.python.get_current_context': ['=airflow.sdk.get_current_context'],
    'airflow.operators.smooth.SmoothOperator': ['=airflow.providers.standard.operators.smooth.SmoothOperator'],
    'airflow.operators.trigger_dagrun.TriggerDagRunOperator': [
      '=airflow.providers.standard.operators.trigger_dagrun.TriggerDagRunOperator',
    ],
    'airflow.operators.weekday.BranchDayOfWeekOperator': [
      '=airflow.providers.standard.operators.weekday.BranchDayOfWeekOperator',
    ],
    'airflow.secrets.cache.SecretCache': ['=airflow.sdk.execution_time.cache.SecretCache'],
    'airflow.sensors.base.BaseSensorOperator': ['=airflow.sdk.bases.sensor.BaseSensorOperator'],
    'airflow.sensors.base.PokeReturnValue': ['=airflow.sdk.bases.sensor.PokeReturnValue'],
    'airflow.sensors.base.poke_mode_only': ['=airflow.sdk.bases.sensor.poke_mode_only'],
    'airflow.sensors.bash.BashSensor': ['=airflow.providers.standard.sensors.bash.BashSensor'],
    'airflow.sensors.date_time.DateTimeSensor': ['=airflow.providers.standard.sensors.date_time.DateTimeSensor'],
    'airflow.sensors.date_time.DateTimeSensorAsync': [
      '=airflow.providers.standard.sensors.date_time.DateTimeSensorAsync',
    ],
    'airflow.sensors.external_task.ExternalDagLink': [
      '=airflow.providers.standard.sensors.external_task.ExternalDagLink',
    ],
    'airflow.sensors.external_task.ExternalTaskMarker': [
      '=airflow.providers.standard.sensors.external_task.ExternalTaskMarker',
    ],
    'airflow.sensors.external_task.ExternalTaskSensor': [
      '=airflow.providers.standard.sensors.external_task.ExternalTaskSensor',
    ],
    'airflow.sensors.filesystem.FileSensor': ['=airflow.providers.standard.sensors.filesystem.FileSensor'],
    'airflow.sensors.python.PythonSensor': [
      '=airflow.providers.standard.sensors.python.PythonSensor',
      "airflow.utils.deprecation_tools.DeprecatedImportWarning: The `airflow.utils.operator_helpers.determine_kwargs` attribute is deprecated. Please use `'airflow.sdk.bases.decorator.determine_kwargs'`.",
    ],
    'airflow.sensors.time_delta.TimeDeltaSensor': ['=airflow.providers.standard.sensors.time_delta.TimeDeltaSensor'],
    'airflow.sensors.time_delta.TimeDeltaSensorAsync': [
      '=airflow.providers.standard.sensors.time_delta.TimeDeltaSensorAsync',
    ],
    'airflow.sensors.time_sensor.TimeSensor': ['=airflow.providers.standard.sensors.time.TimeSensor'],
    'airflow.sensors.time_sensor.TimeSensorAsync': ['=airflow.providers.standard.sensors.time.TimeSensorAsync'],
    'airflow.sensors.weekday.DayOfWeekSensor': ['=airflow.providers.standard.sensors.weekday.DayOfWeekSensor'],
    'airflow.triggers.external_task.DagStateTrigger': [
      '=airflow.providers.standard.triggers.external_task.DagStateTrigger',
    ],
    'airflow.triggers.external_task.WorkflowTrigger': [
      '=airflow.providers.standard.triggers.external_task.WorkflowTrigger',
    ],
    'airflow.triggers.file.FileTrigger': ['=airflow.providers.standard.triggers.file.FileTrigger'],
    'airflow.triggers.temporal.DateTimeTrigger': ['=airflow.providers.standard.triggers.temporal.DateTimeTrigger'],
    'airflow.triggers.temporal.TimeDeltaTrigger': ['=airflow.providers.standard.triggers.temporal.TimeDeltaTrigger'],
    'airflow.utils.context': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: Module airflow.utils.context is deprecated and will be removed in the future. Use airflow.sdk.execution_time.context if you are using the classes inside an Airflow task.',
    ],
    'airflow.utils.context.Context': ['=airflow.sdk.definitions.context'],
    'airflow.utils.context.KNOWN_CONTEXT_KEYS': ['=airflow.sdk.definitions.context'],
    'airflow.utils.context.context_copy_partial': ['=airflow.sdk.definitions.context'],
    'airflow.utils.context.context_merge': ['=airflow.sdk.definitions.context'],
    'airflow.utils.decorators.fixup_decorator_warning_stack': [
      '=airflow.sdk.definitions._internal.decorators.fixup_decorator_warning_stack',
    ],
    'airflow.utils.decorators.remove_task_decorator': [
      '=airflow.sdk.definitions._internal.decorators.remove_task_decorator',
    ],
    'airflow.utils.entry_points.EPnD': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: The `airflow.utils.entry_points.EPnD` is deprecated and will be removed in a future version.',
    ],
    'airflow.utils.entry_points.Iterator': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: The `airflow.utils.entry_points.Iterator` is deprecated and will be removed in a future version.',
    ],
    'airflow.utils.entry_points.annotations': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: The `airflow.utils.entry_points.annotations` is deprecated and will be removed in a future version.',
    ],
    'airflow.utils.entry_points.defaultdict': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: The `airflow.utils.entry_points.defaultdict` is deprecated and will be removed in a future version.',
    ],
    'airflow.utils.entry_points.entry_points_with_dist': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: The `airflow.utils.entry_points.entry_points_with_dist` is deprecated and will be removed in a future version.',
    ],
    'airflow.utils.entry_points.functools': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: The `airflow.utils.entry_points.functools` is deprecated and will be removed in a future version.',
    ],
    'airflow.utils.entry_points.log': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: The `airflow.utils.entry_points.log` is deprecated and will be removed in a future version.',
    ],
    'airflow.utils.entry_points.logging': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: The `airflow.utils.entry_points.logging` is deprecated and will be removed in a future version.',
    ],
    'airflow.utils.entry_points.metadata': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: The `airflow.utils.entry_points.metadata` is deprecated and will be removed in a future version.',
    ],
    'airflow.utils.entry_points.sys': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: The `airflow.utils.entry_points.sys` is deprecated and will be removed in a future version.',
    ],
    'airflow.utils.file.find_path_from_directory': [
      'airflow.utils.deprecation_tools.DeprecatedImportWarning: Importing find_path_from_directory from airflow.utils.file is deprecated and will be removed in a future version. Use airflow._shared.module_loading.find_path_from_directory instead.',
    ],
    'airflow.utils.operator_helpers.KeywordParameters': ['=airflow.sdk.bases.decorator.KeywordParameters'],
    'airflow.utils.operator_helpers.determine_kwargs': ['=airflow.sdk.bases.decorator.determine_kwargs'],
    'airflow.utils.operator_resources.CpuResource': ['=airflow.sdk.definitions.operator_resources.CpuResource'],
    'airflow.utils.operator_resources.DiskResource': ['=airflow.sdk.definitions.operator_resources.DiskResource'],
    'airflow.utils.operator_resources.EB': ['=airflow.sdk.definitions.operator_resources.EB'],
    'airflow.utils.operator_resources.GB': ['=airflow.sdk.definitions.operator_resources.GB'],
    'airflow.utils.operator_resources.GpuResource': ['=airflow.sdk.definitions.operator_resources.GpuResource'],
    'airflow.utils.operator_resources.MB': ['=airflow.sdk.definitions.operator_resources.MB'],
    'airflow.utils.operator_resources.PB': ['=airflow.sdk.definitions.operator_resources.PB'],
    'airflow.utils.operator_resources.RamResource': ['=airflow.sdk.definitions.operator_resources.RamResource'],
    'airflow.utils.operator_resources.Resource': ['=airflow.sdk.definitions.operator_resources.Resource'],
    'airflow.utils.operator_resources.Resources': ['=airflow.sdk.definitions.operator_resources.Resources'],
    'airflow.utils.operator_resources.TB': ['=airflow.sdk.definitions.operator_resources.TB'],
    'airflow.utils.operator_resources.annotations': ['=airflow.sdk.definitions.operator_resources.annotations'],
    'airflow.utils.operator_resources.conf': ['=airflow.sdk.definitions.operator_resources.conf'],
    'airflow.utils.setup_teardown.BaseSetupTeardownContext': [
      '=airflow.sdk.definitions._internal.setup_teardown.BaseSetupTeardownContext',
    ],
    'airflow.utils.setup_teardown.SetupTeardownContext': [
      '=airflow.sdk.definitions._internal.setup_teardown.SetupTeardownContext',
    ],
    'airflow.utils.task_group.TaskGroup': ['=airflow.sdk.TaskGroup'],
    'airflow.utils.timeout.timeout': ['=airflow.sdk.execution_time.timeout.timeout'],
    'airflow.utils.timezone.annotations': ['=airflow.sdk.timezone.annotations'],
    'airflow.utils.timezone.coerce_datetime': ['=airflow.sdk.timezone.coerce_datetime'],
    'airflow.utils.timezone.convert_to_utc': ['=airflow.sdk.timezone.convert_to_utc'],
    'airflow.utils.timezone.datetime': ['=airflow.sdk.timezone.datetime'],
    'airflow.utils.timezone.from_timestamp': ['=airflow.sdk.timezone.from_timestamp'],
    'airflow.utils.timezone.make_naive': ['=airflow.sdk.timezone.make_naive'],
    'airflow.utils.timezone.parse': ['=airflow.sdk.timezone.parse'],
    'airflow.utils.timezone.utc': ['=airflow.sdk.timezone.utc'],
    'airflow.utils.timezone.utcnow': ['=airflow.sdk.timezone.utcnow'],
    'airflow.utils.trigger_rule.Enum': ['=airflow.task.trigger_rule.Enum'],
    'airflow.utils.trigger_rule.TriggerRule': ['=airflow.task.trigger_rule.TriggerRule'],
    'airflow.utils.trigger_rule.annotations': ['=airflow.task.trigger_rule.annotations'],
    'airflow.utils.types.ArgNotSet': ['=airflow.serialization.definitions.notset.ArgNotSet'],
    'airflow.utils.types.NOTSET': ['=airflow.serialization.definitions.notset.ArgNotSet'],
    'airflow.utils.weight_rule.DB_SAFE_MAXIMUM': ['=airflow.sdk.bases.operator.DB_SAFE_MAXIMUM'],
    'airflow.utils.weight_rule.DB_SAFE_MINIMUM': ['=airflow.sdk.bases.operator.DB_SAFE_MINIMUM'],
    'airflow.utils.weight_rule.WeightRule': ['=airflow.task.weight_rule.WeightRule'],
    'airflow.utils.weight_rule.db_safe_priority': ['=airflow.sdk.bases.operator.db_safe_priority'],
    'airflow.utils.xcom.XCOM_RETURN_KEY': ['=airflow.models.xcom.XCOM_RETURN_KEY'],
  },
};
