import type { Node } from 'web-tree-sitter';
import { int } from '../python/eval/builtins.js';
import { datetimeValue, parseIsoDate, timedeltaValue, timezoneName } from '../python/eval/datetime-values.js';
import { CannotEvaluate } from '../python/eval/eval-errors.js';
import type { CallArgs } from '../python/eval/evaluator.js';
import { NONE, type PyValue } from '../python/eval/py-value.js';
import { instantToWall, US, wallToInstant } from '../python/eval/wall-clock.js';

/** pendulum and airflow.utils date calls; null when `name` is none of them. `nowUs` is the parse time. */
export function airflowDateCall(name: string, args: CallArgs, node: Node, nowUs: number): PyValue | null {
  const { positional, kwargs } = args;
  if (name === 'pendulum.duration') return timedeltaValue(args, node);
  if (name === 'pendulum.datetime') return datetimeValue(args, node, kwargs.get('tz') ?? { t: 'tz', name: 'UTC' });
  if (name === 'pendulum.DateTime') return datetimeValue(args, node, kwargs.get('tzinfo') ?? positional[7] ?? NONE);
  // airflow.utils.timezone.datetime makes naive values aware in the default timezone (UTC).
  if (name === 'airflow.utils.timezone.datetime')
    return datetimeValue(args, node, kwargs.get('tzinfo') ?? positional[7] ?? NONE, 'UTC');
  if (name === 'pendulum.timezone' || name === 'pendulum.tz.timezone') {
    return { t: 'tz', name: timezoneName(positional[0] ?? NONE, node) };
  }
  if (name === 'airflow.utils.dates.days_ago') {
    const n = int(positional[0] ?? kwargs.get('n') ?? NONE, node);
    const day = Math.floor(nowUs / US.day) * US.day;
    return { t: 'datetime', us: day - n * US.day, tz: 'UTC' };
  }
  // "Now" is the parse time, as in Airflow, which evaluates these at every parse of the file.
  if (name === 'airflow.utils.timezone.utcnow') return { t: 'datetime', us: nowUs, tz: 'UTC' };
  if (name === 'pendulum.now')
    return { t: 'datetime', us: nowUs, tz: positional[0] ? timezoneName(positional[0], node) : 'UTC' };
  if (name === 'pendulum.today' || name === 'pendulum.yesterday') {
    const midnight = Math.floor(nowUs / US.day) * US.day;
    return { t: 'datetime', us: name === 'pendulum.today' ? midnight : midnight - US.day, tz: 'UTC' };
  }
  if (name === 'pendulum.parse' || name === 'airflow.utils.timezone.parse') {
    const s = positional[0];
    if (s?.t !== 'str') throw new CannotEvaluate(`${name}()`, node);
    return parseIsoDate(s.v, node);
  }
  return null;
}

const DATE_UNITS = ['years', 'months', 'weeks', 'days'] as const;
const TIME_UNITS: Record<string, number> = { hours: US.hour, minutes: US.minute, seconds: US.second, microseconds: 1 };

/**
 * pendulum's `DateTime.add(...)` / `.subtract(...)`: years, months, weeks and days move the wall clock in
 * the value's timezone (a month end is kept, as pendulum does), hours and smaller move the instant.
 */
export function pendulumMethod(
  self: PyValue & { t: 'datetime' },
  name: string,
  { positional, kwargs }: CallArgs,
  node: Node,
): PyValue | null {
  if (name !== 'add' && name !== 'subtract') return null;
  if (positional.length) throw new CannotEvaluate(`positional arguments of ${name}()`, node);
  const sign = name === 'add' ? 1 : -1;
  const amount = (k: string) => (kwargs.has(k) ? int(kwargs.get(k)!, node) * sign : 0);
  for (const k of kwargs.keys())
    if (!(DATE_UNITS as readonly string[]).includes(k) && !(k in TIME_UNITS))
      throw new CannotEvaluate(`${name}(${k}=…)`, node);
  const w = instantToWall(self.us, self.tz);
  const months = w.month - 1 + amount('months') + 12 * amount('years');
  const year = w.year + Math.floor(months / 12);
  const month = (((months % 12) + 12) % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const moved = wallToInstant({ ...w, year, month, day: Math.min(w.day, lastDay) }, self.tz);
  let us = moved + (amount('days') + 7 * amount('weeks')) * US.day;
  if (self.tz && self.tz !== 'UTC' && (amount('days') || amount('weeks'))) {
    const day = instantToWall(moved, self.tz);
    const target = new Date(Date.UTC(day.year, day.month - 1, day.day + amount('days') + 7 * amount('weeks')));
    us = wallToInstant(
      { ...day, year: target.getUTCFullYear(), month: target.getUTCMonth() + 1, day: target.getUTCDate() },
      self.tz,
    );
  }
  for (const [k, unit] of Object.entries(TIME_UNITS)) us += amount(k) * unit;
  return { t: 'datetime', us, tz: self.tz };
}
