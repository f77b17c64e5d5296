import {
  exactInfo,
  intervalInfo,
  maxDate,
  type DagRunInfo,
  type DataInterval,
  type TimeRestriction,
  type Timetable,
} from './timetable.js';

/** `schedule=None`: never scheduled, manual runs only. */
export class NullTimetable implements Timetable {
  readonly summary = 'None';
  readonly description = 'Never, external triggers only';
  readonly periodic = false;

  nextDagrunInfo(): DagRunInfo | null {
    return null;
  }

  inferManualDataInterval(runAfter: Date): DataInterval {
    return { start: runAfter, end: runAfter };
  }
}

/** `"@once"`: one run at the start date, whatever catchup says. */
export class OnceTimetable implements Timetable {
  readonly summary = '@once';
  readonly description = 'Once, as soon as possible';
  readonly periodic = true;

  nextDagrunInfo(last: DataInterval | null, restriction: TimeRestriction): DagRunInfo | null {
    if (last !== null || restriction.earliest === null) return null;
    if (restriction.latest !== null && restriction.earliest.getTime() > restriction.latest.getTime()) return null;
    return exactInfo(restriction.earliest);
  }

  inferManualDataInterval(runAfter: Date): DataInterval {
    return { start: runAfter, end: runAfter };
  }
}

/**
 * `"@continuous"` (2.6+): a new run as soon as the previous one finished (the DAG must have
 * max_active_runs=1); each interval runs from the previous interval's end to "now".
 */
export class ContinuousTimetable implements Timetable {
  readonly summary = '@continuous';
  readonly description = 'As frequently as possible, but only one run at a time.';
  readonly periodic = true;

  nextDagrunInfo(last: DataInterval | null, restriction: TimeRestriction, now: Date): DagRunInfo | null {
    if (restriction.earliest === null) return null;
    const start = last !== null ? last.end : restriction.earliest;
    const end = last !== null ? now : maxDate(restriction.earliest, now);
    if (restriction.latest !== null && end.getTime() > restriction.latest.getTime()) return null;
    return intervalInfo(start, end);
  }

  inferManualDataInterval(runAfter: Date): DataInterval {
    return { start: runAfter, end: runAfter };
  }
}
