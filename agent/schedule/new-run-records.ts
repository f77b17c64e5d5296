import type { DagSpec } from '../dags/dag-model.js';
import { pythonIsoformat } from '../python/python-dates.js';
import type { DagRunRecord, TaskInstanceRecord } from '../runs/run-records.js';
import type { PlannedRun } from './plan-runs.js';

/** The task-instance rows created with a run: state None, no attempt yet, max_tries = retries. */
export function newTaskInstances(dag: DagSpec, runId: string): TaskInstanceRecord[] {
  return dag.tasks.map((task) => ({
    dagId: dag.dagId,
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
    pid: null,
  }));
}

/** A scheduled run as Airflow's scheduler creates it: QUEUED, run_type scheduled, external_trigger False. */
export function scheduledRunRecord(dagId: string, run: PlannedRun, now: Date): DagRunRecord {
  return {
    dagId,
    runId: run.runId,
    runType: 'scheduled',
    state: 'queued',
    logicalDate: run.logicalDate,
    dataIntervalStart: run.dataIntervalStart,
    dataIntervalEnd: run.dataIntervalEnd,
    conf: {},
    externalTrigger: false,
    queuedAt: pythonIsoformat(now),
    startDate: null,
    endDate: null,
    lastSchedulingDecision: null,
    note: null,
  };
}
