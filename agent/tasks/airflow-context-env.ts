import type { DagSpec, TaskSpec } from '../dags/dag-model.js';
import type { DagRunRecord } from '../runs/run-records.js';
import { isoformatUtc } from '../python/datetime-format.js';
import type { AirflowProfile } from '../airflow/airflow-profile.js';

/**
 * The `AIRFLOW_CTX_*` variables Airflow exports before `execute()` (`context_to_airflow_vars`), in its order.
 * AIRFLOW_CTX_TRY_NUMBER arrived in 2.5; 3.0 renamed the date variable, left out when the run has no logical date.
 */
export function airflowContextVars(
  profile: AirflowProfile,
  dag: DagSpec,
  task: TaskSpec,
  run: DagRunRecord,
  tryNumber: number,
): [string, string][] {
  const vars: [string, string][] = [
    ['AIRFLOW_CTX_DAG_OWNER', typeof task.args.owner === 'string' ? task.args.owner : 'airflow'],
    ['AIRFLOW_CTX_DAG_ID', dag.dagId],
    ['AIRFLOW_CTX_TASK_ID', task.taskId],
  ];
  if (run.logicalDate !== null) vars.push([profile.tasks.contextDateVar, isoformatUtc(run.logicalDate)]);
  if (profile.tasks.contextTryNumber) vars.push(['AIRFLOW_CTX_TRY_NUMBER', String(tryNumber)]);
  vars.push(['AIRFLOW_CTX_DAG_RUN_ID', run.runId]);
  return vars;
}
