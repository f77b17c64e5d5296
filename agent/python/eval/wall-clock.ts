/** Wall-clock and time-zone arithmetic for the static evaluator: instants in microseconds since the epoch, UTC. */

const US_PER_SECOND = 1_000_000;
const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
const knownZones = new Map<string, boolean>();

/** True when `name` is an IANA zone the runtime knows (pendulum raises InvalidTimezone otherwise). */
export function isKnownTimezone(name: string): boolean {
  let known = knownZones.get(name);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: name });
      known = true;
    } catch {
      known = false;
    }
    knownZones.set(name, known);
  }
  return known;
}

/** Canonical zone name as pendulum reports it ("utc" → "UTC"). */
export function canonicalZone(name: string): string {
  return name.toUpperCase() === 'UTC' ? 'UTC' : name;
}

/** Offset of `tz` from UTC at the instant `ms` (milliseconds), in milliseconds. */
function offsetAt(ms: number, tz: string): number {
  let fmt = offsetFormatters.get(tz);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetFormatters.set(tz, fmt);
  }
  const parts = Object.fromEntries(fmt.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return wall - Math.floor(ms / 1000) * 1000;
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
}

/** Python's datetime range checks: the ValueError text for an out-of-range field, or null. */
export function wallClockError(w: WallClock): string | null {
  if (w.year < 1 || w.year > 9999) return `year ${w.year} is out of range`;
  if (w.month < 1 || w.month > 12) return 'month must be in 1..12';
  const days = new Date(Date.UTC(w.year, w.month, 0)).getUTCDate();
  if (w.day < 1 || w.day > days) return 'day is out of range for month';
  if (w.hour < 0 || w.hour > 23) return 'hour must be in 0..23';
  if (w.minute < 0 || w.minute > 59) return 'minute must be in 0..59';
  if (w.second < 0 || w.second > 59) return 'second must be in 0..59';
  if (w.microsecond < 0 || w.microsecond > 999_999) return 'microsecond must be in 0..999999';
  return null;
}

/** The UTC instant (µs) of a wall-clock time in `tz` (null = naive, read as UTC like Airflow's default). */
export function wallToInstant(w: WallClock, tz: string | null): number {
  const wallMs = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const guess = w.year < 100 ? new Date(wallMs).setUTCFullYear(w.year) : wallMs;
  if (tz === null || tz === 'UTC') return guess * 1000 + w.microsecond;
  // Two passes settle the offset except inside a DST gap, where this lands after the gap as pendulum does.
  let utc = guess - offsetAt(guess, tz);
  utc = guess - offsetAt(utc, tz);
  return utc * 1000 + w.microsecond;
}

/** Wall-clock fields of an instant in `tz` (UTC when null). */
export function instantToWall(us: number, tz: string | null): WallClock {
  const ms = Math.floor(us / 1000);
  const shifted = tz === null || tz === 'UTC' ? ms : ms + offsetAt(ms, tz);
  const d = new Date(shifted);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    microsecond: ((us % US_PER_SECOND) + US_PER_SECOND) % US_PER_SECOND,
  };
}

export function secondsOf(us: number): number {
  return us / US_PER_SECOND;
}

export const US = {
  second: US_PER_SECOND,
  minute: 60 * US_PER_SECOND,
  hour: 3600 * US_PER_SECOND,
  day: 86_400 * US_PER_SECOND,
  week: 7 * 86_400 * US_PER_SECOND,
  ms: 1000,
};
