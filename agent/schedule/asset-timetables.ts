import type { DagRunInfo, DataInterval, TimeRestriction, Timetable } from './timetable.js';

/**
 * Airflow's `AssetTriggeredTimetable` (3.x) / `DatasetTriggeredTimetable` (2.4+): the timetable of a DAG
 * scheduled on assets. It plans no runs: they come from asset events (`asset-runs.ts`); a manual run's
 * data interval is the trigger instant.
 */
export class AssetTriggeredTimetable implements Timetable {
  readonly periodic = false;

  constructor(
    readonly summary: string,
    readonly description: string,
  ) {}

  nextDagrunInfo(): DagRunInfo | null {
    return null;
  }

  inferManualDataInterval(runAfter: Date): DataInterval {
    return { start: runAfter, end: runAfter };
  }
}

/**
 * `AssetOrTimeSchedule` (3.x) / `DatasetOrTimeSchedule` (2.9+): the wrapped timetable's runs, and runs
 * from asset events besides.
 */
export class AssetOrTimeSchedule implements Timetable {
  readonly summary: string;
  readonly description: string;
  readonly periodic: boolean;

  constructor(
    readonly timetable: Timetable,
    word: 'Asset' | 'Dataset',
  ) {
    this.summary = `${word} or ${timetable.summary}`;
    this.description = `Triggered by ${word.toLowerCase()}s or ${timetable.description}`;
    this.periodic = timetable.periodic;
  }

  nextDagrunInfo(last: DataInterval | null, restriction: TimeRestriction, now: Date): DagRunInfo | null {
    return this.timetable.nextDagrunInfo(last, restriction, now);
  }

  inferManualDataInterval(runAfter: Date): DataInterval {
    return this.timetable.inferManualDataInterval(runAfter);
  }
}
