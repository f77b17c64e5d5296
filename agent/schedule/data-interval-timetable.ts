import {
  intervalInfo,
  maxDate,
  type DagRunInfo,
  type DataInterval,
  type TimeRestriction,
  type Timetable,
} from './timetable.js';

/**
 * Airflow's `_DataIntervalTimetable`: periodic intervals from a cron expression or a delta; a run is
 * created at the end of its interval and its logical date is the interval start.
 */
export abstract class DataIntervalTimetable implements Timetable {
  abstract readonly summary: string;
  abstract readonly description: string;
  readonly periodic = true;

  /** First schedule strictly after `current`. */
  abstract getNext(current: Date): Date;
  /** Last schedule strictly before `current`. */
  abstract getPrev(current: Date): Date;
  /** `current` when it is on a schedule boundary, else the next boundary. */
  abstract alignToNext(current: Date): Date;
  /** `current` when it is on a schedule boundary, else the previous boundary. */
  abstract alignToPrev(current: Date): Date;
  /** Where catchup=False starts: the latest complete interval at `now`, but not before `earliest`. */
  protected abstract skipToLatest(earliest: Date | null, now: Date): Date;
  abstract inferManualDataInterval(runAfter: Date): DataInterval;

  nextDagrunInfo(last: DataInterval | null, restriction: TimeRestriction, now: Date): DagRunInfo | null {
    let earliest = restriction.earliest;
    if (!restriction.catchup) earliest = this.skipToLatest(earliest, now);
    else if (earliest !== null) earliest = this.alignToNext(earliest);
    let start: Date;
    if (last === null) {
      if (earliest === null) return null;
      start = earliest;
    } else {
      // Re-aligning the watermark matters when the DAG's schedule changed since the last run.
      const aligned = this.alignToPrev(last.end);
      start = earliest !== null ? maxDate(aligned, earliest) : aligned;
    }
    // Airflow compares the interval START with end_date: the interval starting at end_date still runs.
    if (restriction.latest !== null && start.getTime() > restriction.latest.getTime()) return null;
    return intervalInfo(start, this.getNext(start));
  }
}
