import type { DagSpec } from '../dags/dag-model.js';
import type { RunStore } from '../runs/run-store.js';
import { type DagScheduleFields, dagScheduleFields } from './dag-schedule-fields.js';

/**
 * How long an answer that may move with the clock is kept: a paused DAG whose next interval is already due (its
 * `next_dagrun` follows the clock when catchup is off). Airflow itself refreshes a paused DAG's `next_dagrun` only
 * when it parses the file again (every 30 s by default), so a second of staleness is well inside what users see.
 */
const CLOCK_BOUND_TTL_MS = 1000;

interface Entry {
  stamp: string;
  /** The answer holds for `now` in [from, until). */
  from: number;
  until: number;
  fields: DagScheduleFields;
}

/**
 * {@link dagScheduleFields} per DAG, kept until the DAG is parsed again (a new spec object), its stored state
 * changes (the store's change stamp) or the clock reaches the time the answer could change: the next run's
 * `create_after` when it lies ahead (until then the planner returns the same interval), otherwise one second.
 * Keyed weakly by the spec, so the DAGs of a deleted or re-parsed file take their entries with them.
 */
export class DagScheduleCache {
  readonly #store: RunStore;
  #entries = new WeakMap<DagSpec, Entry>();

  constructor(store: RunStore) {
    this.#store = store;
  }

  /** The scheduling fields of `dag` at `now`; the object is shared between callers and must not be changed. */
  fields(dag: DagSpec, now: Date): DagScheduleFields {
    const stamp = this.#store.changeStamp(dag.dagId);
    const at = now.getTime();
    const cached = this.#entries.get(dag);
    if (cached && cached.stamp === stamp && at >= cached.from && at < cached.until) return cached.fields;
    const fields = dagScheduleFields(dag, this.#store, now);
    this.#entries.set(dag, { stamp, from: at, until: validUntil(dag, fields, at), fields });
    return fields;
  }
}

function validUntil(dag: DagSpec, fields: DagScheduleFields, at: number): number {
  const createAfter = fields.next_dagrun_create_after ? Date.parse(fields.next_dagrun_create_after) : Number.NaN;
  if (createAfter > at) return createAfter;
  // No timetable (schedule=None) or assets only: nothing here follows the clock.
  if (fields.next_dagrun === null && (dag.schedule.kind === 'none' || dag.schedule.kind === 'assets'))
    return Number.POSITIVE_INFINITY;
  return at + CLOCK_BOUND_TTL_MS;
}
