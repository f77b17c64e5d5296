import { strTimedelta } from '../python/timedelta-str.js';
import { DataIntervalTimetable } from './data-interval-timetable.js';
import { maxDate, type DataInterval } from './timetable.js';

/**
 * Airflow's `DeltaDataIntervalTimetable` (a `timedelta` schedule): plain UTC arithmetic, no alignment,
 * no DST. With catchup=False, Airflow 2.8+ rounds "now" down on an epoch-aligned grid (#35391); 2.7 and
 * earlier start one delta before "now" unrounded (`epochRounded: false`).
 */
export class DeltaTimetable extends DataIntervalTimetable {
  readonly summary: string;
  readonly description = '';
  readonly #ms: number;
  readonly #epochRounded: boolean;

  constructor(seconds: number, opts: { epochRounded?: boolean } = {}) {
    super();
    this.#ms = seconds * 1000;
    this.#epochRounded = opts.epochRounded ?? true;
    this.summary = strTimedelta(seconds);
  }

  getNext(current: Date): Date {
    return new Date(current.getTime() + this.#ms);
  }

  getPrev(current: Date): Date {
    return new Date(current.getTime() - this.#ms);
  }

  alignToNext(current: Date): Date {
    return current;
  }

  alignToPrev(current: Date): Date {
    return current;
  }

  protected skipToLatest(earliest: Date | null, now: Date): Date {
    const t = now.getTime();
    const base = this.#epochRounded ? t - (((t % this.#ms) + this.#ms) % this.#ms) : t;
    const start = new Date(base - this.#ms);
    return earliest === null ? start : maxDate(start, earliest);
  }

  inferManualDataInterval(runAfter: Date): DataInterval {
    return { start: this.getPrev(runAfter), end: runAfter };
  }
}
