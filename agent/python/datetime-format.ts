/**
 * Python's text forms of instants, for ids, messages, logs and API fields that users compare with Airflow's.
 * Every form is of an instant in UTC (the agent's time zone, as MWAA's workers run in UTC) with Python's
 * microsecond precision. Instants arrive as JS Dates, as ISO 8601 strings (whose 4th–6th fraction digits a
 * Date would drop) or as microseconds since the epoch.
 */

/** An instant: a Date (millisecond precision) or an ISO 8601 string (microseconds; no offset reads as UTC). */
export type Instant = Date | string;

const US_PER_MS = 1000;
const US_PER_S = 1_000_000;
const ISO = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?(Z|[+-]\d\d(?::?\d\d)?)?$/i;

/** Microseconds since the epoch. Throws a RangeError for a string that is not a date. */
export function epochMicros(t: Instant): number {
  if (typeof t !== 'string') return t.getTime() * US_PER_MS;
  const m = ISO.exec(t.trim());
  if (!m) {
    const ms = Date.parse(t);
    if (Number.isNaN(ms)) throw new RangeError(`not a date: ${JSON.stringify(t)}`);
    return ms * US_PER_MS;
  }
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as number[];
  const date = new Date(0);
  date.setUTCFullYear(year!, month! - 1, day!);
  date.setUTCHours(hour!, minute!, second!, 0);
  const fraction = Number((m[7] ?? '').padEnd(6, '0').slice(0, 6));
  return (date.getTime() - offsetMinutes(m[8]) * 60_000) * US_PER_MS + fraction;
}

function offsetMinutes(offset: string | undefined): number {
  if (!offset || offset.toUpperCase() === 'Z') return 0;
  const digits = offset.replace(':', '');
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || 0);
  return offset.startsWith('-') ? -minutes : minutes;
}

interface Fields {
  date: string;
  time: string;
  /** 0–999999. */
  micros: number;
  millis: number;
}

function fields(us: number): Fields {
  const micros = ((us % US_PER_S) + US_PER_S) % US_PER_S;
  const d = new Date(Math.floor(us / US_PER_MS));
  return {
    date: `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
    micros,
    millis: Math.floor(micros / US_PER_MS),
  };
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function fraction(micros: number): string {
  return micros === 0 ? '' : `.${pad(micros, 6)}`;
}

/** `datetime.isoformat(sep)` of an aware UTC datetime: `2024-01-03T10:15:42.123456+00:00`, fraction only when non-zero. */
export function isoformatMicros(us: number, sep = 'T'): string {
  const f = fields(us);
  return `${f.date}${sep}${f.time}${fraction(f.micros)}+00:00`;
}

/** {@link isoformatMicros} of an {@link Instant}. */
export function isoformatUtc(t: Instant, sep = 'T'): string {
  return isoformatMicros(epochMicros(t), sep);
}

/** `str(datetime)` of an aware UTC datetime: isoformat with a space, `2024-01-03 10:15:42+00:00`. */
export function strUtc(t: Instant): string {
  return isoformatUtc(t, ' ');
}

/** `str(datetime)` of a naive datetime holding the UTC wall clock: `2024-01-03 10:15:42.000001`. */
export function strNaiveMicros(us: number): string {
  const f = fields(us);
  return `${f.date} ${f.time}${fraction(f.micros)}`;
}

/**
 * `str()` of a pendulum DateTime in UTC: pendulum 2's `__str__` is `isoformat('T')`, pendulum 3's is
 * `isoformat(' ')` (Airflow moved to pendulum 3 in 2.8.0).
 */
export function pendulumStr(t: Instant, pendulumMajor: 2 | 3): string {
  return isoformatUtc(t, pendulumMajor === 3 ? ' ' : 'T');
}

/**
 * `strftime('%Y%m%dT%H%M%S')` in UTC (ISO 8601 basic format, no fraction): `20220712T200914`. glibc's `%Y`
 * does not pad years before 1000 (`10101T000000` for 0001-01-01).
 */
export function isoBasicUtc(t: Instant): string {
  const f = fields(epochMicros(t));
  return `${f.date.replace(/^0+/, '')}T${f.time}`.replace(/[-:]/g, '');
}

/** `%(asctime)s` of Python's `logging.Formatter` with a UTC converter: `2022-07-12 20:09:15,123`. */
export function asctimePython(t: Date): string {
  const f = fields(epochMicros(t));
  return `${f.date} ${f.time},${pad(f.millis, 3)}`;
}

/** `%(asctime)s` of Airflow's `TimezoneAware` formatter (Airflow ≥ 2.3.4) in UTC: `2022-07-12T20:09:15.123+0000`. */
export function asctimeTimezoneAware(t: Date): string {
  const f = fields(epochMicros(t));
  return `${f.date}T${f.time}.${pad(f.millis, 3)}+0000`;
}
