import { type DagSpec, dagOwner, type TaskSpec } from '../../dags/dag-model.js';
import type { DagRecord } from '../../runs/run-records.js';
import type { DagScheduleInfo } from '../api-deps.js';
import { operatorFacts } from '../operator-facts.js';
import { rfc3339, stableUuid } from './rfc3339.js';
import { UrlSafeSerializer } from './url-safe-serializer.js';

/** DAGResponse.get_owners: DagModel.owners split on ',' and stripped. */
export const dagOwners = (dag: DagSpec): string[] =>
  dagOwner(dag)
    .split(',')
    .map((o) => o.trim());

/** Airflow 3 keeps DAG files in bundles; a DAG folder is the bundle `dags-folder`. */
export const BUNDLE_NAME = 'dags-folder';

/** What a DAG's JSON needs beyond its spec. */
export interface DagContext {
  record: DagRecord | undefined;
  schedule: DagScheduleInfo;
  hasImportErrors: boolean;
  pausedByDefault: boolean;
  /** Signs file tokens (Airflow's `[api] secret_key`). */
  secret: string;
}

/** `timetable_summary`: the timetable's `summary`, null for NullTimetable's "None" (DAGResponse's validator). */
function timetableSummary(dag: DagSpec): string | null {
  return dag.timetable.summary === 'None' ? null : dag.timetable.summary;
}

/** pydantic's ISO 8601 duration of a timedelta: `PT1H`, `P1DT2H`, `PT0.5S`. */
export function isoDuration(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  let rest = Math.abs(seconds);
  const days = Math.floor(rest / 86_400);
  rest -= days * 86_400;
  const h = Math.floor(rest / 3600);
  const m = Math.floor((rest % 3600) / 60);
  const s = Math.round((rest % 60) * 1e6) / 1e6;
  const time = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
  if (!days && !time) return 'PT0S';
  return `${sign}P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}

/** Python's timedelta as Airflow's API serialises it in a task (`{"__type": "TimeDelta", …}`). */
export function timeDeltaJson(seconds: number | null): Record<string, unknown> | null {
  if (seconds === null) return null;
  const days = Math.floor(seconds / 86_400);
  const rest = seconds - days * 86_400;
  const whole = Math.floor(rest);
  return { __type: 'TimeDelta', days, seconds: whole, microseconds: Math.round((rest - whole) * 1e6) };
}

/** The one version a DAG has here: the agent serves the DAG file as it is now (no DAG versioning). */
export function dagVersionJson(dag: DagSpec, record: DagRecord | undefined): Record<string, unknown> {
  return {
    id: stableUuid('dag-version', dag.dagId),
    version_number: 1,
    dag_id: dag.dagId,
    bundle_name: BUNDLE_NAME,
    bundle_version: null,
    created_at: rfc3339(record?.lastParsedTime) ?? rfc3339(new Date(0).toISOString()),
    dag_display_name: dag.dagId,
    bundle_url: null,
  };
}

/** Airflow 3.3's DAGResponse. */
export function dagJson(dag: DagSpec, ctx: DagContext): Record<string, unknown> {
  const { record, schedule } = ctx;
  // Timetable.periodic: False for the trivial timetables (None, @once, @continuous, asset-triggered).
  const periodic = !['none', 'once', 'continuous', 'assets'].includes(dag.schedule.kind);
  return {
    dag_id: dag.dagId,
    dag_display_name: dag.dagId,
    is_paused: record?.isPaused ?? dag.isPausedUponCreation ?? ctx.pausedByDefault,
    is_stale: !(record?.isActive ?? true),
    last_parsed_time: rfc3339(record?.lastParsedTime),
    last_parse_duration: null,
    last_expired: null,
    bundle_name: BUNDLE_NAME,
    bundle_version: null,
    relative_fileloc: dag.relativeFileloc,
    fileloc: dag.fileloc,
    description: dag.description,
    timetable_summary: timetableSummary(dag),
    timetable_description: schedule.timetableDescription,
    timetable_partitioned: false,
    timetable_periodic: periodic,
    tags: [...dag.tags].sort().map((name) => ({ name, dag_id: dag.dagId, dag_display_name: dag.dagId })),
    max_active_tasks: dag.maxActiveTasks,
    max_active_runs: dag.maxActiveRuns,
    max_consecutive_failed_dag_runs: 0,
    has_task_concurrency_limits: false,
    has_import_errors: ctx.hasImportErrors,
    next_dagrun_logical_date: rfc3339(schedule.nextDagrun),
    next_dagrun_data_interval_start: rfc3339(schedule.nextDagrunDataIntervalStart),
    next_dagrun_data_interval_end: rfc3339(schedule.nextDagrunDataIntervalEnd),
    next_dagrun_run_after: rfc3339(schedule.nextDagrunCreateAfter),
    allowed_run_types: null,
    owners: dagOwners(dag),
    is_backfillable: periodic,
    file_token: new UrlSafeSerializer(ctx.secret).dumps({
      bundle_name: BUNDLE_NAME,
      relative_fileloc: dag.relativeFileloc,
    }),
  };
}

/** Airflow 3.3's DAGDetailsResponse. */
export function dagDetailsJson(dag: DagSpec, ctx: DagContext, activeRuns: number): Record<string, unknown> {
  const base = dagJson(dag, ctx);
  const { is_backfillable, file_token, ...head } = base;
  return {
    ...head,
    catchup: dag.catchup,
    dag_run_timeout: dag.dagrunTimeoutSeconds === null ? null : isoDuration(dag.dagrunTimeoutSeconds),
    asset_expression: null,
    doc_md: null,
    start_date: rfc3339(dag.startDate),
    end_date: rfc3339(dag.endDate),
    is_paused_upon_creation: dag.isPausedUponCreation,
    params: paramsJson(dag.params),
    render_template_as_native_obj: false,
    template_search_path: null,
    timezone: dag.timezone,
    last_parsed: rfc3339(ctx.record?.lastParsedTime),
    default_args: {},
    rerun_with_latest_version: null,
    owner_links: {},
    is_favorite: false,
    active_runs_count: activeRuns,
    is_backfillable,
    file_token,
    concurrency: dag.maxActiveTasks,
    latest_dag_version: dagVersionJson(dag, ctx.record),
  };
}

/** `{name: Param.dump()}`: Airflow 3 serialises each param as value, description, schema and source. */
function paramsJson(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, { value: v, description: null, schema: {}, source: 'dag' }]),
  );
}

/** Airflow 3.3's TaskResponse, from the parsed task. */
export function taskJson(dag: DagSpec, task: TaskSpec): Record<string, unknown> {
  const facts = operatorFacts(task.operator);
  return {
    task_id: task.taskId,
    task_display_name: task.taskId,
    owner: task.owner,
    start_date: rfc3339(dag.startDate),
    end_date: rfc3339(dag.endDate),
    trigger_rule: task.triggerRule,
    depends_on_past: task.dependsOnPast,
    wait_for_downstream: false,
    retries: task.retries,
    queue: 'default',
    pool: 'default_pool',
    pool_slots: 1,
    execution_timeout: timeDeltaJson(task.executionTimeoutSeconds),
    retry_delay: timeDeltaJson(task.retryDelaySeconds),
    retry_exponential_backoff: task.retryExponentialBackoff ? 2 : 0,
    priority_weight: typeof task.args.priority_weight === 'number' ? task.args.priority_weight : 1,
    weight_rule: 'downstream',
    ui_color: facts.uiColor,
    ui_fgcolor: facts.uiFgColor,
    template_fields: facts.templateFields,
    downstream_task_ids: task.downstream,
    doc_md: null,
    operator_name: task.operator,
    params: {},
    class_ref: { module_path: facts.modulePath, class_name: task.operator },
    is_mapped: task.mapping !== undefined,
    extra_links: facts.extraLinks,
  };
}
