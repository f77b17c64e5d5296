import type { AssetEventRecord } from '../runs/asset-event-records.js';
import type { DagRecord, DagRunRecord, TaskInstanceRecord, XComRecord } from '../runs/run-records.js';

/**
 * Rows of the state database's tables as records, and records' fields as the columns they are kept in: one
 * mapping for the SQLite and the PostgreSQL stores, which keep the same columns with the same values.
 */
export type Row = Record<string, unknown>;

const bool = (v: unknown): boolean => v === 1 || v === true;
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export function dagFromRow(r: Row): DagRecord {
  return {
    dagId: String(r.dag_id),
    isPaused: bool(r.is_paused),
    relativeFileloc: String(r.relative_fileloc),
    isActive: bool(r.is_active),
    hasImportErrors: bool(r.has_import_errors),
    lastParsedTime: str(r.last_parsed_time),
    lastAutomatedDataIntervalEnd: str(r.last_automated_data_interval_end),
  };
}

export function runFromRow(r: Row): DagRunRecord {
  return {
    dagId: String(r.dag_id),
    runId: String(r.run_id),
    runType: r.run_type as DagRunRecord['runType'],
    state: r.state as DagRunRecord['state'],
    logicalDate: str(r.logical_date),
    dataIntervalStart: str(r.data_interval_start),
    dataIntervalEnd: str(r.data_interval_end),
    conf: JSON.parse(String(r.conf)) as Record<string, unknown>,
    externalTrigger: bool(r.external_trigger),
    queuedAt: str(r.queued_at),
    startDate: str(r.start_date),
    endDate: str(r.end_date),
    lastSchedulingDecision: str(r.last_scheduling_decision),
    note: str(r.note),
    triggeringUserName: str(r.triggering_user_name),
    runAfter: String(r.run_after),
  };
}

export function assetEventFromRow(r: Row): AssetEventRecord {
  return {
    id: Number(r.id),
    name: String(r.name),
    uri: String(r.uri),
    group: String(r.asset_group),
    extra: JSON.parse(String(r.extra)) as Record<string, unknown>,
    sourceDagId: str(r.source_dag_id),
    sourceTaskId: str(r.source_task_id),
    sourceRunId: str(r.source_run_id),
    sourceMapIndex: r.source_map_index === null ? null : Number(r.source_map_index),
    timestamp: String(r.timestamp),
  };
}

export function tiFromRow(r: Row): TaskInstanceRecord {
  return {
    dagId: String(r.dag_id),
    runId: String(r.run_id),
    taskId: String(r.task_id),
    mapIndex: Number(r.map_index),
    state: (r.state ?? null) as TaskInstanceRecord['state'],
    tryNumber: Number(r.try_number),
    maxTries: Number(r.max_tries),
    operator: String(r.operator),
    startDate: str(r.start_date),
    endDate: str(r.end_date),
    duration: r.duration === null ? null : Number(r.duration),
    queuedWhen: str(r.queued_when),
    nextRetryAt: str(r.next_retry_at),
    hostname: String(r.hostname),
    unixname: String(r.unixname),
    pid: r.pid === null ? null : Number(r.pid),
    note: str(r.note),
    trigger: json(r.trigger) as TaskInstanceRecord['trigger'],
    triggerTimeout: str(r.trigger_timeout),
    nextMethod: str(r.next_method),
    nextKwargs: json(r.next_kwargs) as TaskInstanceRecord['nextKwargs'],
  };
}

const json = (v: unknown): unknown => (v === null || v === undefined ? null : JSON.parse(String(v)));

export function xcomFromRow(r: Row): XComRecord {
  return {
    dagId: String(r.dag_id),
    runId: String(r.run_id),
    taskId: String(r.task_id),
    mapIndex: Number(r.map_index),
    key: String(r.key),
    value: String(r.value),
    timestamp: String(r.timestamp),
  };
}

export const RUN_COLUMNS: Record<keyof Omit<DagRunRecord, 'dagId' | 'runId'>, string> = {
  runType: 'run_type',
  state: 'state',
  logicalDate: 'logical_date',
  dataIntervalStart: 'data_interval_start',
  dataIntervalEnd: 'data_interval_end',
  conf: 'conf',
  externalTrigger: 'external_trigger',
  queuedAt: 'queued_at',
  startDate: 'start_date',
  endDate: 'end_date',
  lastSchedulingDecision: 'last_scheduling_decision',
  note: 'note',
  triggeringUserName: 'triggering_user_name',
  runAfter: 'run_after',
};

export const TI_COLUMNS: Record<keyof Omit<TaskInstanceRecord, 'dagId' | 'runId' | 'taskId'>, string> = {
  mapIndex: 'map_index',
  state: 'state',
  tryNumber: 'try_number',
  maxTries: 'max_tries',
  operator: 'operator',
  startDate: 'start_date',
  endDate: 'end_date',
  duration: 'duration',
  queuedWhen: 'queued_when',
  nextRetryAt: 'next_retry_at',
  hostname: 'hostname',
  unixname: 'unixname',
  pid: 'pid',
  note: 'note',
  trigger: 'trigger',
  triggerTimeout: 'trigger_timeout',
  nextMethod: 'next_method',
  nextKwargs: 'next_kwargs',
};

export function sqlValue(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return v ?? null;
}
