/** What the evaluator knows about Airflow's classes: parameter names (for default_args and kwargs checks). */

/** BaseOperator.__init__ parameters (Airflow 2.10). */
export const BASE_OPERATOR_PARAMS = new Set(
  (
    'task_id owner email email_on_retry email_on_failure retries retry_delay retry_exponential_backoff max_retry_delay ' +
    'start_date end_date depends_on_past ignore_first_depends_on_past wait_for_past_depends_before_skipping ' +
    'wait_for_downstream dag params default_args priority_weight weight_rule queue pool pool_slots sla execution_timeout ' +
    'on_execute_callback on_failure_callback on_success_callback on_retry_callback on_skipped_callback pre_execute ' +
    'post_execute trigger_rule resources run_as_user task_concurrency map_index_template max_active_tis_per_dag ' +
    'max_active_tis_per_dagrun executor executor_config do_xcom_push multiple_outputs inlets outlets task_group doc ' +
    'doc_md doc_json doc_yaml doc_rst task_display_name logger_name allow_nested_operators'
  ).split(' '),
);

interface OperatorInfo {
  /** Own `__init__` parameters with their defaults as JSON-ready values; `required` ones have no default. */
  params: Record<string, unknown>;
  required?: string[];
  /** Parameters reported under "args" in `dags parse` output. */
  reported: string[];
}

/** Marker for SSHOperator's `cmd_timeout=NOTSET` default (use the connection's or the hook's 10 s). */
export const NOTSET_JSON = 'NOTSET';

/** Operators whose arguments mwaa-agent reads and checks (others are recorded by class name). */
export const KNOWN_OPERATORS: Record<string, OperatorInfo> = {
  SSHOperator: {
    params: {
      ssh_hook: null,
      ssh_conn_id: null,
      remote_host: null,
      command: null,
      conn_timeout: null,
      cmd_timeout: NOTSET_JSON,
      environment: null,
      get_pty: false,
      banner_timeout: 30.0,
      skip_on_exit_code: null,
      // Deprecated in 3.x providers, still accepted by 3.14.
      timeout: null,
    },
    reported: [
      'ssh_conn_id',
      'command',
      'remote_host',
      'cmd_timeout',
      'conn_timeout',
      'environment',
      'get_pty',
      'banner_timeout',
      'skip_on_exit_code',
    ],
  },
  BashOperator: {
    params: {
      bash_command: null,
      env: null,
      append_env: false,
      output_encoding: 'utf-8',
      skip_exit_code: null,
      skip_on_exit_code: 99,
      cwd: null,
      output_processor: null,
    },
    required: ['bash_command'],
    reported: ['bash_command', 'env', 'append_env', 'cwd', 'skip_on_exit_code', 'output_encoding'],
  },
  EmptyOperator: { params: {}, reported: [] },
  PythonOperator: {
    params: {
      python_callable: null,
      op_args: null,
      op_kwargs: null,
      templates_dict: null,
      templates_exts: null,
      show_return_value_in_logs: true,
    },
    required: ['python_callable'],
    reported: [],
  },
};

/**
 * Class name Airflow reports for an imported name: deprecated aliases resolve to their target class
 * (`airflow.operators.dummy.DummyOperator` is `EmptyOperator` in 2.4+).
 */
export function operatorClassName(importedName: string): string {
  return importedName === 'DummyOperator' ? 'EmptyOperator' : importedName;
}

/** True for a dotted import name that is an operator or sensor class under `airflow.`. */
export function isOperatorSymbol(dotted: string): boolean {
  if (!dotted.startsWith('airflow.')) return false;
  const last = dotted.slice(dotted.lastIndexOf('.') + 1);
  return /^[A-Z]\w*(Operator|Sensor)$/.test(last);
}

/** Operator class the TaskFlow decorator `@task.<kind>` creates. */
export const TASKFLOW_OPERATORS: Record<string, string> = {
  task: '_PythonDecoratedOperator',
  python: '_PythonDecoratedOperator',
  bash: '_BashDecoratedOperator',
  virtualenv: '_PythonVirtualenvDecoratedOperator',
  external_python: '_PythonExternalDecoratedOperator',
  branch: '_BranchPythonDecoratedOperator',
  short_circuit: '_ShortCircuitDecoratedOperator',
  sensor: 'DecoratedSensorOperator',
};
