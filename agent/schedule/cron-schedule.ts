import cronstrue from 'cronstrue';
import { AgentError } from '../core/errors.js';
import { CronExpression, MAX_YEARS_BETWEEN_MATCHES } from './cron-expression.js';
import { ZonedTime } from './zoned-time.js';

/** How cron_descriptor's sentence reads a cron restricting both day of month and day of week (version table). */
export type CronDescriptionStyle = 'plain' | 'dom-or-dow';

/**
 * Airflow's `CronMixin` (`timetables/_cron.py`): a cron evaluated on the timezone's wall clock and converted
 * back to UTC; schedules that fire every hour step by the wall-clock delta from the current instant instead,
 * so the repeated hour at DST fall-back is not skipped. The data-interval and trigger timetables share it.
 */
export class CronSchedule {
  readonly summary: string;
  readonly description: string;
  readonly #cron: CronExpression;
  readonly #zone: ZonedTime;

  constructor(expression: string, timezone: string, descriptionStyle: CronDescriptionStyle = 'plain') {
    this.#cron = new CronExpression(expression);
    this.#zone = new ZonedTime(timezone);
    this.summary = this.#cron.expression;
    this.description = describe(this.#cron, descriptionStyle);
  }

  /** First fire time strictly after `current`. */
  getNext(current: Date): Date {
    const naive = this.#zone.toWall(current);
    const scheduled = this.#cron.nextWall(naive);
    if (scheduled === null) throw this.#notFound('next', naive);
    if (!this.#cron.coversEveryHour) return this.#zone.fromWall(scheduled);
    return new Date(current.getTime() + (scheduled.getTime() - naive.getTime()));
  }

  /** Last fire time strictly before `current`. */
  getPrev(current: Date): Date {
    const naive = this.#zone.toWall(current);
    const scheduled = this.#cron.prevWall(naive);
    if (scheduled === null) throw this.#notFound('prev', naive);
    if (!this.#cron.coversEveryHour) return this.#zone.fromWall(scheduled);
    return new Date(current.getTime() - (naive.getTime() - scheduled.getTime()));
  }

  /** `current` when it is a fire time, else the next one. */
  alignToNext(current: Date): Date {
    const next = this.getNext(current);
    return this.getPrev(next).getTime() !== current.getTime() ? next : current;
  }

  /** `current` when it is a fire time, else the previous one. */
  alignToPrev(current: Date): Date {
    const prev = this.getPrev(current);
    return this.getNext(prev).getTime() !== current.getTime() ? prev : current;
  }

  /** croniter's CroniterBadDateError; Airflow's DAG.next_dagrun_info then gives no run. */
  #notFound(direction: 'next' | 'prev', wall: Date): AgentError {
    return new AgentError(
      'SCHEDULE_NEVER_FIRES',
      `failed to find ${direction} date: schedule "${this.summary}" has no time within ${MAX_YEARS_BETWEEN_MATCHES} years ${direction === 'next' ? 'after' : 'before'} ${wall.getUTCFullYear()}`,
    );
  }
}

/**
 * cron_descriptor's sentence (24-hour clock); Airflow leaves it empty for 6- and 7-field expressions. From
 * 3.2 a cron restricting both day of month and day of week reads as the two alternatives joined by "(or)".
 */
function describe(cron: CronExpression, style: CronDescriptionStyle): string {
  if (cron.fieldCount > 5) return '';
  const fields = cron.expression.split(/\s+/);
  if (style === 'dom-or-dow' && fields.length >= 5 && fields[2] !== '*' && fields[4] !== '*') {
    const dom = sentence([...fields.slice(0, 4), '*'].join(' '));
    const dow = sentence([fields[0], fields[1], '*', fields[3], fields[4]].join(' '));
    return dom && dow ? `${dom} (or) ${dow}` : '';
  }
  return sentence(cron.expression);
}

function sentence(expression: string): string {
  try {
    return cronstrue.toString(expression, { use24HourTimeFormat: true });
  } catch {
    return '';
  }
}
