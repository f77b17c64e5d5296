import { strTimedelta } from '../python/timedelta-str.js';
import { TriggerTimetable } from './trigger-timetable.js';

/**
 * Airflow 3's `DeltaTriggerTimetable`, what a timedelta schedule becomes: a run every `seconds` in plain UTC
 * arithmetic, without alignment, so without catchup the first run is "now" itself and the next ones follow
 * it, not the start date's grid.
 */
export class DeltaTriggerTimetable extends TriggerTimetable {
  readonly summary: string;
  readonly description = '';
  readonly #ms: number;

  constructor(seconds: number, intervalSeconds = 0) {
    super(intervalSeconds);
    this.#ms = seconds * 1000;
    this.summary = strTimedelta(seconds);
  }

  getNext(current: Date): Date {
    return new Date(current.getTime() + this.#ms);
  }

  alignToNext(current: Date): Date {
    return current;
  }

  alignToPrev(current: Date): Date {
    return current;
  }

  protected calcFirstRun(now: Date): Date {
    return now;
  }
}
