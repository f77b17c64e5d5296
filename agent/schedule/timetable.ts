/** A data interval `[start, end)`; for `@once`, `None` and manual runs of them, start = end. */
export interface DataInterval {
  start: Date;
  end: Date;
}

/** Airflow's `DagRunInfo`: the next run's data interval and when it may be created. */
export interface DagRunInfo {
  dataInterval: DataInterval;
  /** = logical_date (execution_date). */
  logicalDate: Date;
  /** The run is created once `now >= runAfter` (the end of its interval). */
  runAfter: Date;
}

/** Airflow's `TimeRestriction`: the DAG's start/end dates and catchup flag. */
export interface TimeRestriction {
  earliest: Date | null;
  latest: Date | null;
  catchup: boolean;
}

/**
 * Airflow's `Timetable` protocol, pure: "now" is passed in (catchup=False and `@continuous` depend on it).
 */
export interface Timetable {
  /** Airflow's `timetable.summary` (the cron expression, `str(timedelta)`, "@once", "None", …). */
  readonly summary: string;
  /** Airflow's `timetable.description` as the API's `timetable_description` shows it. */
  readonly description: string;
  /** False for `None` (manual runs only). */
  readonly periodic: boolean;
  nextDagrunInfo(
    lastAutomatedDataInterval: DataInterval | null,
    restriction: TimeRestriction,
    now: Date,
  ): DagRunInfo | null;
  /** The data interval of a manual run whose logical date is `runAfter`. */
  inferManualDataInterval(runAfter: Date): DataInterval;
}

export function intervalInfo(start: Date, end: Date): DagRunInfo {
  return { dataInterval: { start, end }, logicalDate: start, runAfter: end };
}

export function exactInfo(at: Date): DagRunInfo {
  return { dataInterval: { start: at, end: at }, logicalDate: at, runAfter: at };
}

export function maxDate(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}
