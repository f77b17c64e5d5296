import { type CronDescriptionStyle, CronSchedule } from './cron-schedule.js';
import { DataIntervalTimetable } from './data-interval-timetable.js';
import { maxDate, type DataInterval } from './timetable.js';

/**
 * Airflow's `CronDataIntervalTimetable`: a run per interval between two fire times of the cron (in the
 * timezone's wall clock, `CronSchedule`), created at the interval's end.
 */
export class CronTimetable extends DataIntervalTimetable {
  readonly summary: string;
  readonly description: string;
  readonly #cron: CronSchedule;

  constructor(expression: string, timezone: string, descriptionStyle: CronDescriptionStyle = 'plain') {
    super();
    this.#cron = new CronSchedule(expression, timezone, descriptionStyle);
    this.summary = this.#cron.summary;
    this.description = this.#cron.description;
  }

  getNext(current: Date): Date {
    return this.#cron.getNext(current);
  }

  getPrev(current: Date): Date {
    return this.#cron.getPrev(current);
  }

  alignToNext(current: Date): Date {
    return this.#cron.alignToNext(current);
  }

  alignToPrev(current: Date): Date {
    return this.#cron.alignToPrev(current);
  }

  /**
   * The most recent *completed* interval: when `now` is exactly on a boundary, the interval ending now;
   * otherwise the one before the interval in progress.
   */
  protected skipToLatest(earliest: Date | null, now: Date): Date {
    const lastStart = this.getPrev(now);
    const nextStart = this.getNext(lastStart);
    const newStart = nextStart.getTime() === now.getTime() ? lastStart : this.getPrev(lastStart);
    return earliest === null ? newStart : maxDate(newStart, this.alignToNext(earliest));
  }

  /** The last complete interval before `runAfter` (a 1am trigger of a midnight DAG covers yesterday). */
  inferManualDataInterval(runAfter: Date): DataInterval {
    const end = this.alignToPrev(runAfter);
    return { start: this.getPrev(end), end };
  }
}
