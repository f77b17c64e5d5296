import type { DagSpec } from '../dags/dag-model.js';
import type { RunStore } from '../runs/run-store.js';
import { createTimetable } from './create-timetable.js';
import { planRuns } from './plan-runs.js';
import { scheduleHistory } from './schedule-history.js';

/** Airflow's serialized `schedule_interval` in the REST API. */
export type ScheduleIntervalJson =
  | null
  | { __type: 'CronExpression'; value: string }
  | { __type: 'TimeDelta'; days: number; seconds: number; microseconds: number };

/** The DAG fields of `GET /api/v1/dags` that come from the timetable. */
export interface DagScheduleFields {
  schedule_interval: ScheduleIntervalJson;
  timetable_description: string | null;
  next_dagrun: string | null;
  next_dagrun_data_interval_start: string | null;
  next_dagrun_data_interval_end: string | null;
  next_dagrun_create_after: string | null;
}

/** Computes the API's scheduling fields for a DAG from its spec and the store, at `now`. */
export function dagScheduleFields(dag: DagSpec, store: RunStore, now: Date): DagScheduleFields {
  const fields: DagScheduleFields = {
    schedule_interval: scheduleIntervalJson(dag),
    timetable_description: null,
    next_dagrun: null,
    next_dagrun_data_interval_start: null,
    next_dagrun_data_interval_end: null,
    next_dagrun_create_after: null,
  };
  let timetable;
  try {
    timetable = createTimetable(dag);
  } catch {
    return fields;
  }
  fields.timetable_description = timetable.description;
  const active = store.listRuns(dag.dagId, { state: ['queued', 'running'], limit: 0 }).total;
  const plan = planRuns(now, dag, scheduleHistory(store, store.getDag(dag.dagId), dag.dagId, active), {
    timetable,
    limit: 0,
  });
  if (plan.next) {
    fields.next_dagrun = plan.next.nextDagrun;
    fields.next_dagrun_data_interval_start = plan.next.dataIntervalStart;
    fields.next_dagrun_data_interval_end = plan.next.dataIntervalEnd;
    fields.next_dagrun_create_after = plan.next.createAfter;
  }
  return fields;
}

/** `{"__type":"CronExpression","value":"@daily"}` keeps the string as written; a timedelta is split like Python's. */
export function scheduleIntervalJson(dag: Pick<DagSpec, 'schedule' | 'scheduleAsWritten'>): ScheduleIntervalJson {
  if (dag.schedule.kind === 'none') return null;
  const written = dag.scheduleAsWritten;
  if (typeof written === 'string') return { __type: 'CronExpression', value: written };
  const seconds =
    written && 'timedelta_seconds' in written
      ? written.timedelta_seconds
      : dag.schedule.kind === 'delta'
        ? dag.schedule.seconds
        : null;
  if (seconds !== null) {
    const days = Math.floor(seconds / 86400);
    const rest = seconds - days * 86400;
    const whole = Math.floor(rest);
    return { __type: 'TimeDelta', days, seconds: whole, microseconds: Math.round((rest - whole) * 1e6) };
  }
  const value =
    dag.schedule.kind === 'cron' ? dag.schedule.expression : dag.schedule.kind === 'once' ? '@once' : '@continuous';
  return { __type: 'CronExpression', value };
}
