/**
 * Date strings as Python/pendulum print them, for Airflow-compatible ids, messages and API fields.
 * All inputs are instants; output is UTC with `+00:00`.
 */

/** `datetime.isoformat()`: 2024-01-03T10:15:42.123456+00:00, or without the fraction when it is zero. */
export function pythonIsoformat(d: Date | string, micros = 0): string {
  const date = typeof d === 'string' ? new Date(d) : d;
  const base = date.toISOString().slice(0, 19);
  const us = date.getUTCMilliseconds() * 1000 + micros;
  return us ? `${base}.${String(us).padStart(6, '0')}+00:00` : `${base}+00:00`;
}

/** `str(datetime)`: like isoformat but with a space between date and time. */
export function pythonDateString(iso: string): string {
  const s = /[+-]\d\d:\d\d$|Z$/.test(iso) ? pythonIsoformat(iso, microsOf(iso)) : iso;
  return s.replace('T', ' ');
}

/** Sub-millisecond digits (4th–6th fractional digit) of an ISO string, which Date drops. */
export function microsOf(iso: string): number {
  const m = /\.(\d+)/.exec(iso);
  if (!m) return 0;
  return Number((m[1]! + '000000').slice(3, 6));
}

/** `strftime('%Y%m%dT%H%M%S')` in UTC, as in "Marking task as SUCCESS … execution_date=20220712T200914". */
export function compactUtc(d: Date | string): string {
  return (typeof d === 'string' ? new Date(d) : d).toISOString().slice(0, 19).replace(/[-:]/g, '');
}
