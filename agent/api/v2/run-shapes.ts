import type { DagSpec } from '../../dags/dag-model.js';
import type { DagRecord, DagRunRecord, TaskInstanceRecord, XComRecord } from '../../runs/run-records.js';
import { operatorFacts } from '../operator-facts.js';
import { dagVersionJson } from './dag-shapes.js';
import { rfc3339, stableUuid } from './rfc3339.js';

/** `run_after` of a run: when it may start (stored with the run; Airflow's migration value for older rows). */
export function runAfter(run: DagRunRecord): string {
  return run.runAfter;
}

/** Airflow 3's `triggered_by`: the API (a user's token), the CLI (`dags trigger`), the timetable or an asset. */
function triggeredBy(run: DagRunRecord): string | null {
  if (run.triggeringUserName) return 'rest_api';
  switch (run.runType) {
    case 'manual':
      return 'cli';
    case 'scheduled':
      return 'timetable';
    case 'asset_triggered':
    case 'dataset_triggered':
      return 'asset';
    default:
      return null;
  }
}

function seconds(start: string | null, end: string | null): number | null {
  if (!start || !end) return null;
  return (Date.parse(end) - Date.parse(start)) / 1000;
}

/** Airflow 3.3's DAGRunResponse. */
export function dagRunJson(
  run: DagRunRecord,
  dag: DagSpec | undefined,
  dagRecord: DagRecord | undefined,
): Record<string, unknown> {
  return {
    dag_run_id: run.runId,
    dag_id: run.dagId,
    logical_date: rfc3339(run.logicalDate),
    queued_at: rfc3339(run.queuedAt),
    start_date: rfc3339(run.startDate),
    end_date: rfc3339(run.endDate),
    duration: seconds(run.startDate, run.endDate),
    data_interval_start: rfc3339(run.dataIntervalStart),
    data_interval_end: rfc3339(run.dataIntervalEnd),
    run_after: rfc3339(runAfter(run)),
    last_scheduling_decision: rfc3339(run.lastSchedulingDecision),
    run_type: run.runType === 'backfill' ? 'backfill' : run.runType,
    state: run.state,
    triggered_by: triggeredBy(run),
    triggering_user_name: run.triggeringUserName,
    conf: run.conf,
    note: run.note,
    dag_versions: dag ? [dagVersionJson(dag, dagRecord)] : [],
    bundle_version: null,
    dag_display_name: run.dagId,
    partition_key: null,
    partition_date: null,
  };
}

/** What a task instance's JSON needs beyond its row. */
export interface TiContext {
  run: DagRunRecord;
  dag: DagSpec | undefined;
  dagRecord: DagRecord | undefined;
  /** Airflow's priority_weight (the task's own plus its downstream's, `weight_rule="downstream"`). */
  priorityWeight: number;
}

/** The fields a TaskInstanceResponse and a TaskInstanceHistoryResponse share. */
function tiCommon(ti: TaskInstanceRecord, ctx: TiContext): Record<string, unknown> {
  return {
    task_id: ti.taskId,
    dag_id: ti.dagId,
    dag_run_id: ti.runId,
    map_index: ti.mapIndex,
    start_date: rfc3339(ti.startDate),
    end_date: rfc3339(ti.endDate),
    duration: ti.duration,
    state: ti.state,
    try_number: ti.tryNumber,
    max_tries: ti.maxTries,
    task_display_name: ti.taskId,
    dag_display_name: ti.dagId,
    hostname: ti.hostname,
    unixname: ti.unixname,
    pool: 'default_pool',
    pool_slots: 1,
    queue: 'default',
    priority_weight: ctx.priorityWeight,
    operator: ti.operator,
    operator_name: ti.operator,
    queued_when: rfc3339(ti.queuedWhen),
    // The agent schedules and queues a task instance in the same step.
    scheduled_when: rfc3339(ti.queuedWhen),
    pid: ti.pid,
    executor: null,
    executor_config: '{}',
  };
}

/** Airflow 3.3's TaskInstanceResponse. */
export function taskInstanceJson(ti: TaskInstanceRecord, ctx: TiContext): Record<string, unknown> {
  const { task_id, dag_id, dag_run_id, map_index, ...rest } = tiCommon(ti, ctx);
  return {
    id: stableUuid('ti', ti.dagId, ti.runId, ti.taskId, ti.mapIndex, ti.tryNumber),
    task_id,
    dag_id,
    dag_run_id,
    map_index,
    logical_date: rfc3339(ctx.run.logicalDate),
    run_after: rfc3339(runAfter(ctx.run)),
    ...rest,
    note: ti.note,
    rendered_map_index: ti.mapIndex >= 0 ? String(ti.mapIndex) : null,
    rendered_fields: renderedFields(ti, ctx),
    trigger: null,
    triggerer_job: null,
    dag_version: ctx.dag ? dagVersionJson(ctx.dag, ctx.dagRecord) : null,
  };
}

/**
 * The template fields as rendered: the agent renders them at run time without keeping them, so a field whose
 * value has no Jinja is shown as written (what rendering gives) and a templated one as its template.
 */
function renderedFields(ti: TaskInstanceRecord, ctx: TiContext): Record<string, unknown> {
  if (ti.tryNumber === 0) return {};
  const task = ctx.dag?.tasks.find((t) => t.taskId === ti.taskId);
  if (!task) return {};
  const names = operatorFacts(task.operator).templateFields;
  return Object.fromEntries(names.map((n) => [n, renderedArg(task.args[n])]));
}

function renderedArg(v: unknown): unknown {
  return v === undefined ? null : v;
}

/**
 * Airflow 3.3's TaskInstanceHistoryResponse for try `n`. The run store keeps the current try only: an earlier
 * try is known to have ended before a retry (Airflow records such a try as failed) but not when.
 */
export function taskInstanceTryJson(ti: TaskInstanceRecord, ctx: TiContext, n: number): Record<string, unknown> {
  const current = tiCommon(ti, ctx);
  const json =
    n === ti.tryNumber
      ? current
      : {
          ...current,
          start_date: null,
          end_date: null,
          duration: null,
          state: 'failed',
          try_number: n,
          hostname: ti.hostname,
          queued_when: null,
          scheduled_when: null,
          pid: null,
        };
  return { ...json, dag_version: ctx.dag ? dagVersionJson(ctx.dag, ctx.dagRecord) : null };
}

/** Airflow 3.3's XComResponse (without the value) for a run's entry. */
export function xcomJson(x: XComRecord, run: DagRunRecord): Record<string, unknown> {
  return {
    key: x.key,
    timestamp: rfc3339(x.timestamp),
    logical_date: rfc3339(run.logicalDate),
    map_index: x.mapIndex,
    task_id: x.taskId,
    dag_id: x.dagId,
    run_id: x.runId,
    dag_display_name: x.dagId,
    task_display_name: x.taskId,
    run_after: rfc3339(runAfter(run)),
  };
}
