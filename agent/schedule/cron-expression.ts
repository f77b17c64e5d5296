import { Cron } from 'croner';
import { AgentError } from '../core/errors.js';
import { CRON_PRESETS, CronSyntaxError, parseCron, type CronField, type CronFields } from '../dags/cron-grammar.js';

/**
 * croniter's `max_years_between_matches`: a search for the next (previous) tick gives up this many years
 * after (before) its start, as croniter does with "failed to find next date". Without the bound a cron that
 * never fires (`0 0 31 2 *`) would be searched for up to year 9999.
 */
export const MAX_YEARS_BETWEEN_MATCHES = 50;

/** Oldest and newest year croner (and Python's datetime) can represent. */
const [FIRST_YEAR, LAST_YEAR] = [1, 9999];

/**
 * A cron expression with croniter's semantics: the fields come from the one grammar (`dags/cron-grammar.ts`)
 * and croner walks the calendar over them on naive (wall-clock) times. Day of month and day of week combine
 * with OR when both are restricted; a 6th field is seconds, a 7th the year.
 */
export class CronExpression {
  /** The expression as croniter sees it (presets resolved). */
  readonly expression: string;
  readonly fieldCount: number;
  /** croniter's `expanded[1] == ['*']`: the hour field covers all 24 hours (Airflow then uses a delta-based DST fix). */
  readonly coversEveryHour: boolean;
  readonly #fields: CronFields;
  /** One croner schedule per searched window of years (a catch-up walks few windows). */
  readonly #windows = new Map<string, Cron | null>();

  constructor(expression: string) {
    this.expression = CRON_PRESETS[expression.trim().toLowerCase()] ?? expression.trim();
    try {
      this.#fields = parseCron(this.expression);
    } catch (e) {
      if (!(e instanceof CronSyntaxError)) throw e;
      throw new AgentError(
        'DAG_IMPORT_ERROR',
        `Invalid timetable expression: ${e.message} (schedule ${JSON.stringify(expression)})`,
      );
    }
    this.fieldCount = this.#fields.fields.length;
    this.coversEveryHour = this.#fields.fields[1] === '*';
  }

  /** First tick strictly after `wall` (naive time), or null when none is within MAX_YEARS_BETWEEN_MATCHES. */
  nextWall(wall: Date): Date | null {
    const year = wall.getUTCFullYear();
    return this.#window(year, year + MAX_YEARS_BETWEEN_MATCHES)?.nextRun(wall) ?? null;
  }

  /** Last tick strictly before `wall` (naive time), or null when none is within MAX_YEARS_BETWEEN_MATCHES. */
  prevWall(wall: Date): Date | null {
    const year = wall.getUTCFullYear();
    return this.#window(year - MAX_YEARS_BETWEEN_MATCHES, year)?.previousRuns(1, wall)[0] ?? null;
  }

  /** The schedule restricted to years `from`–`to` (and to the expression's own year field). */
  #window(from: number, to: number): Cron | null {
    const key = `${from}-${to}`;
    if (this.#windows.has(key)) return this.#windows.get(key)!;
    const years = yearsWithin(this.#fields.fields[6] ?? '*', Math.max(from, FIRST_YEAR), Math.min(to, LAST_YEAR));
    const cron =
      years.length === 0
        ? null
        : new Cron(cronerPattern(this.#fields, years), {
            utcOffset: 0,
            paused: true,
            mode: '7-part',
            domAndDow: false,
          });
    if (this.#windows.size > 16) this.#windows.clear();
    this.#windows.set(key, cron);
    return cron;
  }
}

function yearsWithin(field: CronField, from: number, to: number): number[] {
  const out: number[] = [];
  for (let y = from; y <= to; y++) if (field === '*' || field.includes(y)) out.push(y);
  return out;
}

/** croner's 7-part pattern (second minute hour day month weekday year) for croniter's expanded fields. */
function cronerPattern(cron: CronFields, years: number[]): string {
  const [minute, hour, day, month, weekday, second = [0]] = cron.fields as CronField[];
  const list = (f: CronField | undefined) => (f === '*' || f === undefined ? '*' : f.join(','));
  const nth = cron.nthWeekday.size > 0;
  // With nth days (`2#3`, `L5`) croniter keeps only them: its day-of-month OR day-of-week union is then
  // min(day AND nth, nth), which is always the nth day. croner writes "last Friday" as 5L.
  const days = day === '*' || nth ? '*' : day!.map((d) => (d === 'l' ? 'L' : d)).join(',');
  const weekdays = nth
    ? [...cron.nthWeekday].flatMap(([d, nths]) => nths.map((n) => (n === 'l' ? `${d}L` : `${d}#${n}`))).join(',')
    : list(weekday);
  return [list(second), list(minute), list(hour), days, list(month), weekdays, years.join(',')].join(' ');
}
