import { type DagRunInfo, type DataInterval, intervalInfo, type TimeRestriction, type Timetable } from './timetable.js';

/**
 * Airflow's `_TriggerTimetable` (`timetables/trigger.py`, the same in 2.10 and 3.x): a run at each fire time,
 * whose data interval is the `interval` before it (zero by default, so `[fire, fire]`), created at the fire
 * time itself. Catchup runs every fire time from the start date on, the last past one included; without
 * catchup the latest past fire time (or a later one) is next. Without a start date the first run comes from
 * `calcFirstRun` (3.x; 2.x DAGs always have a start date).
 */
export abstract class TriggerTimetable implements Timetable {
  abstract readonly summary: string;
  abstract readonly description: string;
  readonly periodic = true;
  readonly #intervalMs: number;

  constructor(intervalSeconds: number) {
    this.#intervalMs = intervalSeconds * 1000;
  }

  abstract getNext(current: Date): Date;
  abstract alignToNext(current: Date): Date;
  abstract alignToPrev(current: Date): Date;
  /** Where a DAG without a start date starts (`_calc_first_run`). */
  protected abstract calcFirstRun(now: Date): Date;

  nextDagrunInfo(last: DataInterval | null, restriction: TimeRestriction, now: Date): DagRunInfo | null {
    let next: Date;
    if (restriction.catchup) {
      if (last !== null) next = this.getNext(last.end);
      else if (restriction.earliest === null) next = this.calcFirstRun(now);
      else next = this.alignToNext(restriction.earliest);
    } else {
      const candidates = [this.alignToPrev(now)];
      if (last !== null) candidates.push(this.getNext(last.end));
      else if (restriction.earliest === null) candidates.push(this.calcFirstRun(now));
      if (restriction.earliest !== null) candidates.push(this.alignToNext(restriction.earliest));
      next = new Date(Math.max(...candidates.map((d) => d.getTime())));
    }
    if (restriction.latest !== null && restriction.latest.getTime() < next.getTime()) return null;
    return intervalInfo(new Date(next.getTime() - this.#intervalMs), next);
  }

  inferManualDataInterval(runAfter: Date): DataInterval {
    return { start: new Date(runAfter.getTime() - this.#intervalMs), end: runAfter };
  }
}
