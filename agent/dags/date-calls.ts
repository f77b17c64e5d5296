import type { Node } from 'web-tree-sitter';
import {
  canonicalZone,
  isKnownTimezone,
  US,
  wallClockError,
  wallToInstant,
  type WallClock,
} from './python-datetime.js';
import { int, num } from './python-builtins.js';
import { CannotEvaluate, NONE, PyException, type PyValue } from './python-values.js';

/** datetime, timedelta, pendulum and airflow.utils.dates calls; null when `name` is none of them. */
export function dateCall(
  name: string,
  positional: PyValue[],
  kwargs: Map<string, PyValue>,
  node: Node,
  nowUs: number,
): PyValue | null {
  if (name === 'datetime.timedelta' || name === 'pendulum.duration' || name === 'datetime.datetime.timedelta') {
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
      if (!(k in unit)) throw new PyException('TypeError', `'${k}' is an invalid keyword argument for __new__()`, node);
      us += num(v, node) * unit[k]!;
    }
    return { t: 'timedelta', us: Math.round(us) };
  }
  if (
    name === 'datetime.datetime' ||
    name === 'pendulum.datetime' ||
    name === 'airflow.utils.timezone.datetime' ||
    name === 'pendulum.DateTime'
  ) {
    const fields = ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond'] as const;
    const w: Record<string, number> = { hour: 0, minute: 0, second: 0, microsecond: 0 };
    positional.slice(0, 7).forEach((v, i) => (w[fields[i]!] = int(v, node)));
    for (const f of fields) if (kwargs.has(f)) w[f] = int(kwargs.get(f)!, node);
    if (w.year === undefined || w.month === undefined || w.day === undefined)
      throw new PyException('TypeError', "function missing required argument 'year' (pos 1)", node);
    const tzArg =
      name === 'pendulum.datetime'
        ? (kwargs.get('tz') ?? { t: 'tz', name: 'UTC' })
        : (kwargs.get('tzinfo') ?? positional[7] ?? NONE);
    let tz = tzArg.t === 'none' ? null : timezoneName(tzArg, node);
    // airflow.utils.timezone.datetime makes naive values aware in the default timezone (UTC).
    if (tz === null && name === 'airflow.utils.timezone.datetime') tz = 'UTC';
    const err = wallClockError(w as unknown as WallClock);
    if (err) throw new PyException('ValueError', err, node);
    return { t: 'datetime', us: wallToInstant(w as unknown as WallClock, tz), tz };
  }
  if (name === 'pendulum.timezone' || name === 'pendulum.tz.timezone') {
    return { t: 'tz', name: timezoneName(positional[0] ?? NONE, node) };
  }
  if (name === 'airflow.utils.dates.days_ago') {
    const n = int(positional[0] ?? kwargs.get('n') ?? NONE, node);
    const day = Math.floor(nowUs / US.day) * US.day;
    return { t: 'datetime', us: day - n * US.day, tz: 'UTC' };
  }
  // "Now" is the parse time, as in Airflow, which evaluates these at every parse of the file. The agent's
  // process runs in UTC like MWAA's workers, so naive local times are UTC wall-clock times.
  if (name === 'datetime.datetime.now' || name === 'datetime.datetime.today' || name === 'datetime.datetime.utcnow') {
    const tzArg = positional[0] ?? kwargs.get('tz');
    if (!tzArg || tzArg.t === 'none' || name !== 'datetime.datetime.now') return { t: 'datetime', us: nowUs, tz: null };
    return { t: 'datetime', us: nowUs, tz: timezoneName(tzArg, node) };
  }
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

export function timezoneName(v: PyValue, node: Node): string {
  if (v.t === 'tz') return v.name;
  if (v.t === 'str') {
    if (!isKnownTimezone(v.v)) throw new PyException('InvalidTimezone', `Invalid timezone '${v.v}'`, node);
    return canonicalZone(v.v);
  }
  throw new CannotEvaluate(v.t === 'opaque' ? `timezone ${v.what}` : 'timezone', node);
}

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
