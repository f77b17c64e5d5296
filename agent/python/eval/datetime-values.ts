import type { Node } from 'web-tree-sitter';
import { int, num } from './builtins.js';
import { CannotEvaluate, RaisedException } from './eval-errors.js';
import type { CallArgs } from './evaluator.js';
import type { PyValue } from './py-value.js';
import { canonicalZone, isKnownTimezone, US, type WallClock, wallClockError, wallToInstant } from './wall-clock.js';

/** `timedelta(days, seconds, microseconds, milliseconds, minutes, hours, weeks)` (also pendulum.duration). */
export function timedeltaValue({ positional, kwargs }: CallArgs, node: Node): PyValue {
  const order = ['days', 'seconds', 'microseconds', 'milliseconds', 'minutes', 'hours', 'weeks'];
  const unit: Record<string, number> = {
    days: US.day,
    seconds: US.second,
    microseconds: 1,
    milliseconds: US.ms,
    minutes: US.minute,
    hours: US.hour,
    weeks: US.week,
  };
  let us = 0;
  const given = new Map(kwargs);
  positional.forEach((v, i) => given.set(order[i]!, v));
  for (const [k, v] of given) {
    if (!(k in unit))
      throw new RaisedException('TypeError', `'${k}' is an invalid keyword argument for __new__()`, node);
    us += num(v, node) * unit[k]!;
  }
  return { t: 'timedelta', us: Math.round(us) };
}

/**
 * `datetime(year, month, day, hour, minute, second, microsecond, tzinfo)` with `tzArg` as its zone;
 * `naiveZone` is the zone a library gives a naive value (airflow.utils.timezone.datetime: UTC).
 */
export function datetimeValue(
  { positional, kwargs }: CallArgs,
  node: Node,
  tzArg: PyValue,
  naiveZone: string | null = null,
): PyValue {
  const fields = ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond'] as const;
  const w: Record<string, number> = { hour: 0, minute: 0, second: 0, microsecond: 0 };
  positional.slice(0, 7).forEach((v, i) => (w[fields[i]!] = int(v, node)));
  for (const f of fields) if (kwargs.has(f)) w[f] = int(kwargs.get(f)!, node);
  if (w.year === undefined || w.month === undefined || w.day === undefined)
    throw new RaisedException('TypeError', "function missing required argument 'year' (pos 1)", node);
  const tz = tzArg.t === 'none' ? naiveZone : timezoneName(tzArg, node);
  const err = wallClockError(w as unknown as WallClock);
  if (err) throw new RaisedException('ValueError', err, node);
  return { t: 'datetime', us: wallToInstant(w as unknown as WallClock, tz), tz };
}

/** The zone of a tz value or an IANA name (pendulum raises InvalidTimezone for an unknown name). */
export function timezoneName(v: PyValue, node: Node): string {
  if (v.t === 'tz') return v.name;
  if (v.t === 'str') {
    if (!isKnownTimezone(v.v)) throw new RaisedException('InvalidTimezone', `Invalid timezone '${v.v}'`, node);
    return canonicalZone(v.v);
  }
  throw new CannotEvaluate(v.t === 'opaque' ? `timezone ${v.what}` : 'timezone', node);
}

/** An ISO 8601 date or date-time, with no offset or a zero one, as an aware UTC datetime. */
export function parseIsoDate(s: string, node: Node): PyValue {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?(Z|[+-]00:?00)?$/.exec(s.trim());
  if (!m) throw new CannotEvaluate(`date string '${s}'`, node);
  const w: WallClock = {
    year: +m[1]!,
    month: +m[2]!,
    day: +m[3]!,
    hour: +(m[4] ?? 0),
    minute: +(m[5] ?? 0),
    second: +(m[6] ?? 0),
    microsecond: 0,
  };
  return { t: 'datetime', us: wallToInstant(w, 'UTC'), tz: 'UTC' };
}
