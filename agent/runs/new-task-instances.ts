import type { TaskSpec } from '../dags/dag-model.js';
import type { TaskInstanceRecord } from './run-records.js';

/**
 * The task-instance rows of `tasks` in a run, as Airflow creates them with the run (or adds them when the
 * DAG gained a task, `verify_integrity`): state None, no attempt yet, max_tries = retries.
 */
export function newTaskInstances(dagId: string, runId: string, tasks: readonly TaskSpec[]): TaskInstanceRecord[] {
  return tasks.map((task) => ({
    dagId,
    runId,
    taskId: task.taskId,
    mapIndex: -1,
    state: null,
    tryNumber: 0,
    maxTries: task.retries,
    operator: task.operator,
    startDate: null,
    endDate: null,
    duration: null,
    queuedWhen: null,
    nextRetryAt: null,
    hostname: '',
    unixname: '',
    note: null,
    pid: null,
    trigger: null,
    triggerTimeout: null,
    nextMethod: null,
    nextKwargs: null,
  }));
}
