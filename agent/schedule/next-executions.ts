import { isAgentError } from '../core/errors.js';
import type { DagSpec } from '../dags/dag-model.js';
import { isoformatUtc } from '../python/datetime-format.js';
import type { RunStore } from '../runs/run-store.js';
import { createTimetable } from './create-timetable.js';
import { dagScheduleFields } from './dag-schedule-fields.js';
import type { DagRunInfo, DataInterval, Timetable } from './timetable.js';

export interface NextExecutions {
  /** True when the store has the DAG paused (`airflow dags next-execution` then prints a reminder). */
  paused: boolean;
  /** Logical dates (interval starts) of the next `n` runs; null where no further run exists. */
  starts: (string | null)[];
}

/**
 * `airflow dags next-execution`: the next run as the DAG's next_dagrun fields say, then the following
 * intervals from the timetable without the DAG's start/end restriction (`restricted=False`).
 */
export function nextExecutions(dag: DagSpec, store: RunStore, now: Date, n: number): NextExecutions {
  const fields = dagScheduleFields(dag, store, now);
  const paused = store.getDag(dag.dagId)?.isPaused ?? false;
  let interval: DataInterval | null =
    fields.next_dagrun_data_interval_start && fields.next_dagrun_data_interval_end
      ? { start: new Date(fields.next_dagrun_data_interval_start), end: new Date(fields.next_dagrun_data_interval_end) }
      : null;
  const starts: (string | null)[] = [interval && isoformatUtc(interval.start)];
  const timetable = interval ? createTimetable(dag) : null;
  for (let i = 1; i < n; i++) {
    const info = interval && timetable ? followingRun(timetable, interval, now) : null;
    interval = info?.dataInterval ?? null;
    starts.push(interval && isoformatUtc(interval.start));
  }
  return { paused, starts };
}

/** The interval after `interval`, unrestricted; none once a cron stops firing (as Airflow's next_dagrun_info). */
function followingRun(timetable: Timetable, interval: DataInterval, now: Date): DagRunInfo | null {
  try {
    return timetable.nextDagrunInfo(interval, { earliest: null, latest: null, catchup: true }, now);
  } catch (e) {
    if (isAgentError(e, 'SCHEDULE_NEVER_FIRES')) return null;
    throw e;
  }
}
