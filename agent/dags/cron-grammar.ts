/**
 * The one cron grammar: croniter's (6.x, as Airflow 2.10 uses it) `expand`, ported. DAG validation reports
 * its errors as `AirflowTimetableInvalid`; the scheduler computes fire times from the fields it expands, so
 * an expression that validates is the expression that schedules.
 */

import { lookupTable } from '../core/lookup-table.js';

/** Airflow's `cron_presets` (utils/dates.py), plus croniter's own `@annually`/`@midnight`. */
export const CRON_PRESETS = lookupTable<string>({
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
  '@quarterly': '0 0 1 */3 *',
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@midnight': '0 0 * * *',
});

/** croniter's own aliases, looked up after lower-casing (Airflow's presets are looked up as written). */
const CRONITER_ALIASES = lookupTable<string>({
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
});

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const WEEKDAYS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

const [DAY, DOW] = [2, 4];
/** Bounds of minute, hour, day, month, day of week, second, year. */
const RANGES: readonly (readonly [number, number])[] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 6],
  [0, 59],
  [1970, 2099],
];
/** How many values make a field "every value" (croniter then stores it as `*`). */
const LEN_MEANS_ALL = [60, 24, 31, 12, 7, 60, 130];
const ALPHAS: readonly Readonly<Record<string, number | 'l'>>[] = [{}, {}, { l: 'l' }, MONTHS, WEEKDAYS, {}, {}];

/** Python's `str.split()` separators. */
const PY_WHITESPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
const STEP_SEARCH = /^([^-]+)-([^-/]+)(\/(\d+))?$/;
const ONLY_INT = /^\d+$/;
const STAR_OR_INT = /^(\d+|\*)$/;
const NAMES = (names: Record<string, number>) => Object.keys(names).join('|');
const SPECIAL_DOW = new RegExp(
  `^(?<pre>((?<he>((${NAMES(WEEKDAYS)})(-(${NAMES(WEEKDAYS)}))?)|((${NAMES(MONTHS)})(-(${NAMES(MONTHS)}))?)|\\w+)#)|l)(?<last>\\d+)$`,
);
const HASHED = /^(h|r)(\((\d+)-(\d+)\))?(\/(\d+))?$/;

/** One expanded field: `'*'` for every value, else the values (`'l'` is the last day of the month). */
export type CronField = '*' | readonly (number | 'l')[];

/** An expression as croniter expands it. */
export interface CronFields {
  /** Minute, hour, day, month, day of week, then second and year when given. */
  fields: readonly CronField[];
  /** Day of week → nth occurrences in the month (`2#3` → 2: [3], `L5` → 5: ['l']). */
  nthWeekday: ReadonlyMap<number, readonly (number | 'l')[]>;
}

/** croniter's `CroniterBadCronError`: the text Airflow shows as `AirflowTimetableInvalid: <message>`. */
export class CronSyntaxError extends Error {}

/** The expression a DAG's schedule string stands for (Airflow's presets resolved, as its `summary` shows). */
export function cronExpressionOf(schedule: string): string {
  return CRON_PRESETS[schedule] ?? schedule;
}

/** Error text of `AirflowTimetableInvalid` for a schedule string, or null when croniter accepts it. */
export function validateCron(schedule: string): string | null {
  try {
    parseCron(schedule);
    return null;
  } catch (e) {
    if (e instanceof CronSyntaxError) return e.message;
    throw e;
  }
}

/** croniter's `expand`: throws CronSyntaxError with croniter's message. */
export function parseCron(schedule: string): CronFields {
  const written = cronExpressionOf(schedule);
  const lowered = written.toLowerCase();
  const expressions = (CRONITER_ALIASES[lowered] ?? lowered).split(PY_WHITESPACE).filter((f) => f !== '');
  if (![5, 6, 7].includes(expressions.length))
    throw new CronSyntaxError('Exactly 5, 6 or 7 columns has to be specified for iterator expression.');
  const ctx: FieldContext = { written, expressions, nthWeekday: new Map() };
  const fields = expressions.map((expr, index) => expandField(ctx, index, expr));
  if (ctx.nthWeekday.size > 0) checkNthWeekdayMix(ctx, fields[DOW]!);
  return {
    fields,
    nthWeekday: new Map([...ctx.nthWeekday].map(([day, nth]) => [day, [...nth]])),
  };
}

interface FieldContext {
  /** The expression as given (croniter's `expr_format`, used in most messages). */
  written: string;
  /** The lower-cased fields (croniter's `expressions`, used in the "not acceptable" message). */
  expressions: string[];
  nthWeekday: Map<number, Set<number | 'l'>>;
}

function expandField(ctx: FieldContext, index: number, raw: string): CronField {
  let expr = expandHash(ctx, raw);
  if (expr.includes('?')) {
    // Quartz's "no specific value": croniter reads a lone `?` in a day field as `*`. (croniter 6.0 words the
    // wrong-field error "Question mark can only used in day_of_month or day_of_week".)
    if (expr !== '?')
      throw new CronSyntaxError(`[${ctx.written}] is not acceptable. Question mark can not used with other characters`);
    if (index !== DAY && index !== DOW) throw outOfRange(ctx);
    expr = '*';
  }
  const pending: (string | number)[] = expr.split(',');
  const values: (number | 'l' | '*')[] = [];
  while (pending.length > 0) {
    let item = String(pending.pop());
    let nth: number | 'l' | null = null;
    if (index === DOW) [item, nth] = nthOf(ctx, item);
    const [min, max] = RANGES[index]!;
    let t = item.replace(/^\*(\/.+)$/, `${min}-${max}$1`);
    let m = STEP_SEARCH.exec(t);
    if (!m) {
      t = item.replace(/^(.+)\/(.+)$/, `$1-${max}/$2`);
      m = STEP_SEARCH.exec(t);
    }
    if (m) {
      const range = expandRange(ctx, index, m[1]!, m[2]!, Number(m[4] ?? 1));
      const items = nth !== null && nth !== 'l' ? range.map((v) => `${v}#${nth}`) : range;
      for (const v of items) if (!pending.includes(v)) pending.push(v);
      continue;
    }
    values.push(singleValue(ctx, index, t, nth));
  }
  if (values.includes('*')) return '*';
  const distinct = [...new Set(values as (number | 'l')[])];
  const other = index === DAY ? ctx.expressions[DOW]! : index === DOW ? ctx.expressions[DAY]! : '*';
  if (distinct.length === LEN_MEANS_ALL[index] && other.includes('*')) return '*';
  return distinct.sort((a, b) => (a === 'l' ? 1 : b === 'l' ? -1 : a - b));
}

/** croniter's hash expander without a hash_id: `H` is refused; `R` (random) is refused here too. */
function expandHash(ctx: FieldContext, expr: string): string {
  const m = HASHED.exec(expr);
  if (!m) return expr;
  // croniter says only "Hashed definitions must include hash_id"; the expression is named as in its other errors.
  if (m[1] === 'h')
    throw new CronSyntaxError(`[${ctx.written}] is not acceptable. Hashed definitions must include hash_id`);
  // croniter would pick a new random value each time it reads the expression: no stable schedule to keep.
  throw new CronSyntaxError(`[${ctx.written}] is not acceptable: random (R) fields are not supported by mwaa-agent`);
}

/** `2#3`, `mon#1`, `L5`: the day (or range of days) and which occurrence in the month. */
function nthOf(ctx: FieldContext, item: string): [string, number | 'l' | null] {
  const g = SPECIAL_DOW.exec(item)?.groups;
  if (!g) return [item, null];
  if (g.he) {
    const nth = Number(g.last);
    if (!(nth >= 1 && nth <= 5))
      throw new CronSyntaxError(`[${ctx.written}] is not acceptable. Invalid day_of_week value: '${nth}'`);
    return [g.he, nth];
  }
  return [g.last!, 'l'];
}

function expandRange(ctx: FieldContext, index: number, lowText: string, highText: string, step: number): number[] {
  const [min, max] = RANGES[index]!;
  const named = (text: string): string => (ONLY_INT.test(text) ? text : String(alpha(ctx, index, text)));
  const bands = [named(lowText), named(index === DAY && highText === 'l' ? '31' : highText)];
  if (!bands.every((b) => ONLY_INT.test(b)))
    throw new CronSyntaxError(`[${ctx.written}] bands '${bands[0]}-${bands[1]}' in field ${index} are not acceptable`);
  const [low, high] = bands.map((b) => valueAlias(Number(b), index, ctx.expressions.length)) as [number, number];
  if (Math.max(low, high) > max) throw new CronSyntaxError(`${ctx.written} is out of bands`);
  if (step === 0) throw new CronSyntaxError('invalid range: range() arg 3 must not be zero');
  if (low === high) return pyRange(min, max + 1, step);
  if (low < high) return pyRange(low, high + 1, step);
  // A range that wraps (fri-mon, apr-jan/3): to the end of the field, then on from its start.
  const first = pyRange(low, max + 1, step);
  let skip = 0;
  const last = first.at(-1);
  if (last !== undefined) {
    const alreadySkipped = max - last;
    if (last - min + step > max - min + 1 && alreadySkipped < step) skip = step - alreadySkipped;
  }
  return [...first, ...pyRange(min + skip, high + 1, step)];
}

function singleValue(ctx: FieldContext, index: number, t: string, nth: number | 'l' | null): number | 'l' | '*' {
  if (t.startsWith('-')) throw new CronSyntaxError(`[${ctx.written}] is not acceptable,negative numbers not allowed`);
  const raw: string | number | 'l' = STAR_OR_INT.test(t) ? t : alpha(ctx, index, t);
  if (raw === '*' || raw === 'l') return raw;
  const value = valueAlias(Number(raw), index, ctx.expressions.length);
  const [min, max] = RANGES[index]!;
  if (value < min || value > max) throw outOfRange(ctx);
  if (index === DOW && nth !== null) {
    const set = ctx.nthWeekday.get(value) ?? new Set();
    ctx.nthWeekday.set(value, set.add(nth));
  }
  return value;
}

function alpha(ctx: FieldContext, index: number, key: string): number | 'l' {
  const v = ALPHAS[index]![key];
  if (v === undefined) throw new CronSyntaxError(`[${ctx.expressions.join(' ')}] is not acceptable`);
  return v;
}

/** croniter's `value_alias`: Sunday as 7 (5-field form only) and day 0 (6-field form only). */
function valueAlias(value: number, index: number, fieldCount: number): number {
  if (index === DOW && value === 7 && fieldCount === 5) return 0;
  if (index === DAY && value === 0 && fieldCount === 6) return 1;
  return value;
}

/** croniter refuses `1,L5`: plain days and nth days in one day-of-week field (unless it names every day). */
function checkNthWeekdayMix(ctx: FieldContext, dow: CronField): void {
  if (dow === '*') return;
  const plain = dow.filter((d) => typeof d === 'number' && !ctx.nthWeekday.has(d));
  if (plain.length === 0 || dow.length === LEN_MEANS_ALL[DOW]) return;
  const pySet = (values: readonly (number | 'l')[]) =>
    `{${[...values]
      .sort((a, b) => String(a).localeCompare(String(b)))
      .map((v) => (v === 'l' ? "'l'" : v))
      .join(', ')}}`;
  const nth = [...ctx.nthWeekday].map(([day, n]) => `${day}: ${pySet([...n])}`).join(', ');
  throw new CronSyntaxError(
    `day-of-week field does not support mixing literal values and nth day of week syntax.  Cron: '${ctx.written}'    dow=${pySet(plain)} vs nth={${nth}}`,
  );
}

function outOfRange(ctx: FieldContext): CronSyntaxError {
  return new CronSyntaxError(`[${ctx.written}] is not acceptable, out of range`);
}

/** Python's `range(start, stop, step)` for a positive step. */
function pyRange(start: number, stop: number, step: number): number[] {
  const out: number[] = [];
  for (let v = start; v < stop; v += step) out.push(v);
  return out;
}
