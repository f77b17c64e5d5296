/** What the API's task JSON says about an operator class (its class attributes). */
export interface OperatorFacts {
  /** `__module__` of the class in Airflow 3 (the standard provider) … */
  modulePath: string;
  /** … and in Airflow 2, where Bash, Empty and Python operators were part of Airflow. */
  modulePath2: string;
  uiColor: string;
  uiFgColor: string;
  templateFields: string[];
  extraLinks: string[];
}

/**
 * Class attributes of the operators mwaa-agent reads, as Airflow 3.3.1 with MWAA's providers (standard 1.17.0,
 * ssh 6.0.1) defines them: read from the installed classes (`ui_color`, `ui_fgcolor`, `template_fields`,
 * `operator_extra_links`, `__module__`); Airflow 2.10.5's are the same but for the module of the classes that
 * moved to the standard provider. The deprecated `airflow.operators.*` paths of 3.x resolve to these classes.
 */
const FACTS: Record<string, OperatorFacts> = {
  BashOperator: {
    modulePath: 'airflow.providers.standard.operators.bash',
    modulePath2: 'airflow.operators.bash',
    uiColor: '#f0ede4',
    uiFgColor: '#000',
    templateFields: ['bash_command', 'env', 'cwd'],
    extraLinks: [],
  },
  EmptyOperator: {
    modulePath: 'airflow.providers.standard.operators.empty',
    modulePath2: 'airflow.operators.empty',
    uiColor: '#e8f7e4',
    uiFgColor: '#000',
    templateFields: [],
    extraLinks: [],
  },
  SSHOperator: {
    modulePath: 'airflow.providers.ssh.operators.ssh',
    modulePath2: 'airflow.providers.ssh.operators.ssh',
    uiColor: '#fff',
    uiFgColor: '#000',
    templateFields: ['command', 'environment', 'remote_host'],
    extraLinks: [],
  },
  PythonOperator: {
    modulePath: 'airflow.providers.standard.operators.python',
    modulePath2: 'airflow.operators.python',
    uiColor: '#ffefeb',
    uiFgColor: '#000',
    templateFields: ['templates_dict', 'op_args', 'op_kwargs'],
    extraLinks: [],
  },
  BranchPythonOperator: {
    modulePath: 'airflow.providers.standard.operators.python',
    modulePath2: 'airflow.operators.python',
    uiColor: '#ffefeb',
    uiFgColor: '#000',
    templateFields: ['templates_dict', 'op_args', 'op_kwargs'],
    extraLinks: [],
  },
  ShortCircuitOperator: {
    modulePath: 'airflow.providers.standard.operators.python',
    modulePath2: 'airflow.operators.python',
    uiColor: '#ffefeb',
    uiFgColor: '#000',
    templateFields: ['templates_dict', 'op_args', 'op_kwargs'],
    extraLinks: [],
  },
  TriggerDagRunOperator: {
    modulePath: 'airflow.providers.standard.operators.trigger_dagrun',
    modulePath2: 'airflow.operators.trigger_dagrun',
    uiColor: '#ffefeb',
    uiFgColor: '#000',
    templateFields: [
      'trigger_dag_id',
      'trigger_run_id',
      'logical_date',
      'conf',
      'wait_for_completion',
      'skip_when_already_exists',
    ],
    extraLinks: ['Triggered DAG'],
  },
  ExternalTaskSensor: {
    modulePath: 'airflow.providers.standard.sensors.external_task',
    modulePath2: 'airflow.sensors.external_task',
    uiColor: '#4db7db',
    uiFgColor: '#000',
    templateFields: ['external_dag_id', 'external_task_id', 'external_task_ids', 'external_task_group_id'],
    extraLinks: ['External DAG'],
  },
};

/** BaseOperator's own values, for classes the agent does not know. */
const BASE: OperatorFacts = {
  modulePath: 'airflow.sdk.bases.operator',
  modulePath2: 'airflow.models.baseoperator',
  uiColor: '#fff',
  uiFgColor: '#000',
  templateFields: [],
  extraLinks: [],
};

export function operatorFacts(operator: string): OperatorFacts {
  return FACTS[operator] ?? BASE;
}
