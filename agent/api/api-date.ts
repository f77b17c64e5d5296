import { isoformatUtc } from '../python/datetime-format.js';

/**
 * A date as Airflow's API writes it: Python's `datetime.isoformat()` in UTC, so `+00:00` and six fraction
 * digits, or none when the microseconds are zero (`2024-01-02T06:00:00+00:00`). The run store keeps that form
 * already (runs/stored-date.ts); other inputs (`…Z` from the clock, files of older releases) are normalised. A
 * value that is not a date is shown as it is.
 */
export function apiDate(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  try {
    return isoformatUtc(value);
  } catch {
    return value;
  }
}

const ISO_INPUT = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:\.\d{1,9})?)?)?(Z|[+-]\d\d(?::?\d\d)?)?$/;

/**
 * Reads an ISO 8601 date-time from a request as pendulum does: a day that does not exist (2024-02-30) or an
 * hour past 23 is not a date (Date.parse would roll it into March). `naive` is true when no offset is given.
 */
export function readIsoDate(value: string): { valid: false } | { valid: true; naive: boolean } {
  const m = ISO_INPUT.exec(value);
  if (!m) return { valid: false };
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(
    Number,
  ) as [number, number, number, number, number, number];
  const probe = new Date(Date.UTC(year, month - 1, day));
  const realDay = probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
  if (!realDay || hour > 23 || minute > 59 || second > 59 || Number.isNaN(Date.parse(value.replace(' ', 'T'))))
    return { valid: false };
  return { valid: true, naive: m[7] === undefined };
}
