import { type DagSpec, dagOwner } from '../dags/dag-model.js';
import type { DagRecord, DagRunRecord, TaskInstanceRecord } from '../runs/run-records.js';
import type { DagScheduleInfo } from './api-deps.js';
import { apiDate } from './api-date.js';

/** Airflow 2.10 stable-API JSON for a DAG. */
export function dagJson(
  dag: DagSpec,
  rec: DagRecord | undefined,
  info: DagScheduleInfo,
  pausedDefault: boolean,
): Record<string, unknown> {
  return {
    dag_id: dag.dagId,
    dag_display_name: dag.dagId,
    root_dag_id: null,
    is_paused: rec?.isPaused ?? dag.isPausedUponCreation ?? pausedDefault,
    is_active: rec?.isActive ?? true,
    is_subdag: false,
    last_parsed_time: apiDate(rec?.lastParsedTime),
    last_pickled: null,
    last_expired: null,
    scheduler_lock: null,
    pickle_id: null,
    default_view: 'grid',
    fileloc: dag.fileloc,
    file_token: Buffer.from(dag.relativeFileloc).toString('base64url'),
    // DAGSchema.get_owners: DagModel.owners split on ',' (the spaces after the commas stay).
    owners: dagOwner(dag) ? dagOwner(dag).split(',') : [],
    description: dag.description,
    schedule_interval: info.scheduleInterval,
    timetable_description: info.timetableDescription,
    tags: [...dag.tags].sort().map((name) => ({ name })),
    max_active_tasks: dag.maxActiveTasks,
    max_active_runs: dag.maxActiveRuns,
    max_consecutive_failed_dag_runs: 0,
    has_task_concurrency_limits: false,
    has_import_errors: rec?.hasImportErrors ?? false,
    next_dagrun: apiDate(info.nextDagrun),
    next_dagrun_data_interval_start: apiDate(info.nextDagrunDataIntervalStart),
    next_dagrun_data_interval_end: apiDate(info.nextDagrunDataIntervalEnd),
    next_dagrun_create_after: apiDate(info.nextDagrunCreateAfter),
  };
}

export function dagRunJson(r: DagRunRecord): Record<string, unknown> {
  return {
    conf: r.conf,
    dag_id: r.dagId,
    dag_run_id: r.runId,
    data_interval_start: apiDate(r.dataIntervalStart),
    data_interval_end: apiDate(r.dataIntervalEnd),
    end_date: apiDate(r.endDate),
    execution_date: apiDate(r.logicalDate),
    external_trigger: r.externalTrigger,
    last_scheduling_decision: apiDate(r.lastSchedulingDecision),
    logical_date: apiDate(r.logicalDate),
    note: r.note,
    queued_at: apiDate(r.queuedAt),
    run_type: r.runType,
    start_date: apiDate(r.startDate),
    state: r.state,
  };
}

export function taskInstanceJson(ti: TaskInstanceRecord, run: DagRunRecord): Record<string, unknown> {
  return {
    task_id: ti.taskId,
    task_display_name: ti.taskId,
    dag_id: ti.dagId,
    dag_run_id: ti.runId,
    execution_date: apiDate(run.logicalDate),
    start_date: apiDate(ti.startDate),
    end_date: apiDate(ti.endDate),
    duration: ti.duration,
    state: ti.state,
    try_number: ti.tryNumber,
    map_index: ti.mapIndex,
    max_tries: ti.maxTries,
    hostname: ti.hostname,
    unixname: ti.unixname,
    pool: 'default_pool',
    pool_slots: 1,
    queue: 'default',
    priority_weight: 1,
    operator: ti.operator,
    queued_when: apiDate(ti.queuedWhen),
    pid: ti.pid,
    executor: null,
    executor_config: '{}',
    sla_miss: null,
    rendered_map_index: null,
    rendered_fields: {},
    trigger: null,
    triggerer_job: null,
    note: ti.note,
  };
}
