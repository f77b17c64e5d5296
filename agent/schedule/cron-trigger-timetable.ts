import { type CronDescriptionStyle, CronSchedule } from './cron-schedule.js';
import { TriggerTimetable } from './trigger-timetable.js';

export interface CronTriggerOptions {
  /** Length of each run's data interval, ending at the fire time (`interval=`, default 0). */
  intervalSeconds?: number;
  /** `run_immediately=` (3.x): true, false, or seconds (a timedelta). Matters only without a start date. */
  runImmediately?: boolean | number;
  descriptionStyle?: CronDescriptionStyle;
}

/**
 * Airflow's `CronTriggerTimetable`: what a cron string or preset becomes on Airflow 3 (and the class itself
 * on 2.x), a run at each fire time of the cron in the timezone's wall clock.
 */
export class CronTriggerTimetable extends TriggerTimetable {
  readonly summary: string;
  readonly description: string;
  readonly #cron: CronSchedule;
  readonly #runImmediately: boolean | number;

  constructor(expression: string, timezone: string, opts: CronTriggerOptions = {}) {
    super(opts.intervalSeconds ?? 0);
    this.#cron = new CronSchedule(expression, timezone, opts.descriptionStyle);
    this.summary = this.#cron.summary;
    this.description = this.#cron.description;
    this.#runImmediately = opts.runImmediately ?? false;
  }

  getNext(current: Date): Date {
    return this.#cron.getNext(current);
  }

  alignToNext(current: Date): Date {
    return this.#cron.alignToNext(current);
  }

  alignToPrev(current: Date): Date {
    return this.#cron.alignToPrev(current);
  }

  /**
   * `_calc_first_run`: the latest past fire time when `run_immediately` is True, or when it is at most a
   * buffer ago — the given timedelta, else a tenth of the gap between fire times but at least 5 minutes (the
   * code applies that buffer for `run_immediately=False` too) — otherwise the next fire time.
   */
  protected calcFirstRun(now: Date): Date {
    const past = this.alignToPrev(now);
    const next = this.alignToNext(now);
    if (this.#runImmediately === true) return past;
    const buffer =
      typeof this.#runImmediately === 'number'
        ? this.#runImmediately * 1000
        : Math.max((next.getTime() - past.getTime()) / 10, 5 * 60_000);
    return now.getTime() - past.getTime() <= buffer ? past : next;
  }
}
