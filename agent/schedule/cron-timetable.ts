import cronstrue from 'cronstrue';
import { AgentError } from '../core/errors.js';
import { CronExpression, MAX_YEARS_BETWEEN_MATCHES } from './cron-expression.js';
import { DataIntervalTimetable } from './data-interval-timetable.js';
import { maxDate, type DataInterval } from './timetable.js';
import { ZonedTime } from './zoned-time.js';

/**
 * Airflow's `CronDataIntervalTimetable` (`CronMixin` in `timetables/_cron.py`): cron evaluated on the
 * DAG-timezone wall clock, converted back to UTC; schedules that fire every hour step by the wall-clock
 * delta from the current instant instead, so the repeated hour at DST fall-back is not skipped.
 */
export class CronTimetable extends DataIntervalTimetable {
  readonly summary: string;
  readonly description: string;
  readonly #cron: CronExpression;
  readonly #zone: ZonedTime;

  constructor(expression: string, timezone: string) {
    super();
    this.#cron = new CronExpression(expression);
    this.#zone = new ZonedTime(timezone);
    this.summary = this.#cron.expression;
    this.description = describe(this.#cron);
  }

  getNext(current: Date): Date {
    const naive = this.#zone.toWall(current);
    const scheduled = this.#cron.nextWall(naive);
    if (scheduled === null) throw this.#notFound('next', naive);
    if (!this.#cron.coversEveryHour) return this.#zone.fromWall(scheduled);
    return new Date(current.getTime() + (scheduled.getTime() - naive.getTime()));
  }

  getPrev(current: Date): Date {
    const naive = this.#zone.toWall(current);
    const scheduled = this.#cron.prevWall(naive);
    if (scheduled === null) throw this.#notFound('prev', naive);
    if (!this.#cron.coversEveryHour) return this.#zone.fromWall(scheduled);
    return new Date(current.getTime() - (naive.getTime() - scheduled.getTime()));
  }

  /** croniter's CroniterBadDateError; Airflow's DAG.next_dagrun_info then gives no run. */
  #notFound(direction: 'next' | 'prev', wall: Date): AgentError {
    return new AgentError(
      'SCHEDULE_NEVER_FIRES',
      `failed to find ${direction} date: schedule "${this.summary}" has no time within ${MAX_YEARS_BETWEEN_MATCHES} years ${direction === 'next' ? 'after' : 'before'} ${wall.getUTCFullYear()}`,
    );
  }

  alignToNext(current: Date): Date {
    const next = this.getNext(current);
    return this.getPrev(next).getTime() !== current.getTime() ? next : current;
  }

  alignToPrev(current: Date): Date {
    const prev = this.getPrev(current);
    return this.getNext(prev).getTime() !== current.getTime() ? prev : current;
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

/** cron_descriptor's sentence (24-hour clock); Airflow leaves it empty for 6- and 7-field expressions. */
function describe(cron: CronExpression): string {
  if (cron.fieldCount > 5) return '';
  try {
    return cronstrue.toString(cron.expression, { use24HourTimeFormat: true });
  } catch {
    return '';
  }
}
