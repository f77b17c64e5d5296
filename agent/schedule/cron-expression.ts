import { Cron, CronPattern } from 'croner';
import { AgentError } from '../core/errors.js';
import { CRON_PRESETS } from '../dags/cron-validation.js';

const DAY_NAMES = /\b(sun|mon|tue|wed|thu|fri|sat)\b/g;
const MONTH_NAMES = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\b/g;
const DOW_NUMBERS: Record<string, string> = { sun: '0', mon: '1', tue: '2', wed: '3', thu: '4', fri: '5', sat: '6' };

/** Characters croniter accepts per field (after names are replaced); `?`, `H` and `W` are not among them. */
const FIELD_SYNTAX = [
  /^[\d*,/-]+$/,
  /^[\d*,/-]+$/,
  /^[\d*,/\-l]+$/,
  /^[\d*,/-]+$/,
  /^[\d*,/\-#l]+$/,
  /^[\d*,/-]+$/,
  /^[\d*,/-]+$/,
];

/**
 * A cron expression with croniter's semantics, computed by croner on naive (wall-clock) times:
 * 5 fields; a 6th field is trailing *seconds* (croner's is leading, so it is moved); a 7th is the year;
 * day-of-month and day-of-week combine with OR when both are restricted; `L`, `L5`, `5#2`, names.
 */
export class CronExpression {
  /** The expression as croniter sees it (presets resolved). */
  readonly expression: string;
  readonly fieldCount: number;
  /** croniter's `expanded[1] == ['*']`: the hour field covers all 24 hours (Airflow then uses a delta-based DST fix). */
  readonly coversEveryHour: boolean;
  readonly #cron: Cron;

  constructor(expression: string) {
    this.expression = CRON_PRESETS[expression.trim().toLowerCase()] ?? expression.trim();
    const fields = this.expression.toLowerCase().split(/\s+/);
    this.fieldCount = fields.length;
    if (fields.length < 5 || fields.length > 7) {
      throw invalid(expression, 'Exactly 5, 6 or 7 columns has to be specified for iterator expression.');
    }
    const croner = toCronerPattern(fields, expression);
    try {
      this.#cron = new Cron(croner, {
        utcOffset: 0,
        paused: true,
        mode: '7-part',
        sloppyRanges: true,
        domAndDow: false,
      });
      const pattern = new CronPattern(croner, 'UTC', { mode: '7-part', sloppyRanges: true });
      this.coversEveryHour = pattern.hour.every((h) => h === 1);
    } catch (e) {
      throw invalid(expression, `[${expression}] is not acceptable (${(e as Error).message})`);
    }
  }

  /** First tick strictly after `wall` (naive time), or null when the expression never fires again. */
  nextWall(wall: Date): Date | null {
    return this.#cron.nextRun(wall);
  }

  /** Last tick strictly before `wall` (naive time), or null. */
  prevWall(wall: Date): Date | null {
    return this.#cron.previousRuns(1, wall)[0] ?? null;
  }
}

function toCronerPattern(fields: string[], original: string): string {
  const [minute, hour, dom, month, dow, second = '0', year = '*'] = fields as [
    string,
    string,
    string,
    string,
    string,
    string?,
    string?,
  ];
  const named = [minute, hour, dom, month, dow.replace(DAY_NAMES, (d) => DOW_NUMBERS[d]!), second, year];
  named.forEach((f, i) => {
    const check = i === 3 ? f.replace(MONTH_NAMES, '1') : f;
    if (!FIELD_SYNTAX[i]!.test(check)) throw invalid(original, `[${original}] is not acceptable`);
  });
  // croniter writes "last Friday" as L5; croner as 5L. A range ending in 0/sun means ...-7 in croniter.
  const croDow = named[4]!
    .split(',')
    .map((part) => part.replace(/^l(\d)$/, '$1L').replace(/^(\d)-0$/, '$1-7'))
    .join(',')
    .toUpperCase();
  return [named[5], minute, hour, dom.toUpperCase(), named[3], croDow, year].join(' ');
}

function invalid(expression: string, message: string): AgentError {
  return new AgentError(
    'DAG_IMPORT_ERROR',
    `Invalid timetable expression: ${message} (schedule ${JSON.stringify(expression)})`,
  );
}
