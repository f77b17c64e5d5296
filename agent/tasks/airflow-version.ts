import type { AirflowProfile } from './operator.js';

/** Compares dotted numeric versions ("2.10.3" > "2.9.1"); non-numeric suffixes are ignored. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split('.').map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** True when the emulated Airflow is `version` or later. */
export function airflowAtLeast(profile: AirflowProfile, version: string): boolean {
  return compareVersions(profile.airflowVersion, version) >= 0;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/**
 * `%(asctime)s` as the emulated version's task-log formatter prints it, in UTC (the agent's log timezone):
 * Python's default `2022-07-12 20:09:15,123` before 2.3.4, the TimezoneAware `2024-01-03T06:00:02.123+0000` after.
 */
export function formatAsctime(t: Date, profile: AirflowProfile): string {
  const date = `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
  const time = `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
  const ms = pad(t.getUTCMilliseconds(), 3);
  return airflowAtLeast(profile, '2.3.4') ? `${date}T${time}.${ms}+0000` : `${date} ${time},${ms}`;
}

/** `%Y%m%dT%H%M%S` in UTC, or "" for a missing date (Airflow's `_date_or_empty`). */
export function compactDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = new Date(iso);
  return `${t.getUTCFullYear()}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCDate())}T${pad(t.getUTCHours())}${pad(t.getUTCMinutes())}${pad(t.getUTCSeconds())}`;
}

/** Python's `datetime.isoformat()` of a UTC instant: microseconds only when non-zero, `+00:00` offset. */
export function pythonIsoformat(t: Date, sep = 'T'): string {
  const base = `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}${sep}${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
  const ms = t.getUTCMilliseconds();
  return `${base}${ms ? `.${pad(ms, 3)}000` : ''}+00:00`;
}

/**
 * `str()` of a pendulum DateTime as Airflow prints `logical_date`: pendulum 3 (Airflow ≥ 2.8) uses a space,
 * pendulum 2 a `T`. Microseconds are kept from the ISO string when present.
 */
export function pendulumStr(iso: string, profile: AirflowProfile): string {
  return isoWithMicros(iso, airflowAtLeast(profile, '2.8.0') ? ' ' : 'T');
}

/** Re-renders an ISO string keeping up to 6 fractional digits (JS Dates keep only milliseconds). */
export function isoWithMicros(iso: string, sep = 'T'): string {
  const m = /\.(\d{1,6})/.exec(iso);
  const t = new Date(iso);
  const base = pythonIsoformat(new Date(Math.floor(t.getTime() / 1000) * 1000), sep).replace('+00:00', '');
  const frac = m ? m[1]!.padEnd(6, '0') : t.getUTCMilliseconds() ? `${pad(t.getUTCMilliseconds(), 3)}000` : '';
  return `${base}${frac && Number(frac) !== 0 ? `.${frac}` : ''}+00:00`;
}
