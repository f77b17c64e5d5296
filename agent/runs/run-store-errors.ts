import { AgentError } from '../core/errors.js';
import { strUtc } from '../python/datetime-format.js';
import type { DagRunRecord } from './run-records.js';

/** Airflow's 409 for a run whose run_id, or else logical date, the DAG already has. */
export function runExists(run: DagRunRecord, taken: 'runId' | 'logicalDate'): AgentError {
  return new AgentError(
    'DAG_RUN_EXISTS',
    taken === 'runId'
      ? `DAGRun with DAG ID: '${run.dagId}' and DAGRun ID: '${run.runId}' already exists`
      : `DAGRun with DAG ID: '${run.dagId}' and DAGRun logical date: '${strUtc(run.logicalDate ?? '')}' already exists`,
  );
}

export function runNotFound(dagId: string, runId: string): AgentError {
  return new AgentError('DAG_RUN_NOT_FOUND', `DAGRun with DAG ID: '${dagId}' and DagRun ID: '${runId}' not found`);
}

export function taskInstanceNotFound(dagId: string, runId: string, taskId: string): AgentError {
  return new AgentError(
    'TASK_NOT_FOUND',
    `Task instance not found: dag_id=${dagId}, run_id=${runId}, task_id=${taskId}`,
  );
}
