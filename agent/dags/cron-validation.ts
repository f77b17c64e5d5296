/**
 * Cron validation as Airflow 2.10 does it (croniter 5/6): presets, 5 fields, 6 (trailing seconds) or 7
 * (seconds, year). Returns the error text of `AirflowTimetableInvalid`, or null when valid.
 */

/** Airflow's `cron_presets` (utils/dates.py), plus croniter's own `@annually`/`@midnight`. */
export const CRON_PRESETS: Record<string, string> = {
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
  '@quarterly': '0 0 1 */3 *',
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@midnight': '0 0 * * *',
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface FieldSpec {
  min: number;
  max: number;
  names?: string[];
  nameBase?: number;
  allowL?: boolean;
  allowHash?: boolean;
}

const FIELDS: FieldSpec[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31, allowL: true },
  { min: 1, max: 12, names: MONTHS, nameBase: 1 },
  { min: 0, max: 7, names: DAYS, nameBase: 0, allowL: true, allowHash: true },
  { min: 0, max: 59 },
  { min: 1970, max: 2099 },
];

export function cronExpressionOf(schedule: string): string {
  return CRON_PRESETS[schedule] ?? schedule;
}

export function validateCron(schedule: string): string | null {
  const expr = cronExpressionOf(schedule);
  const fields = expr.trim().split(/\s+/);
  if (![5, 6, 7].includes(fields.length))
    return `Exactly 5, 6 or 7 columns has to be specified for iterator expression.`;
  for (let i = 0; i < fields.length; i++) {
    if (!validField(fields[i]!.toLowerCase(), FIELDS[i]!)) return `[${expr}] is not acceptable, out of range`;
  }
  return null;
}

function value(token: string, spec: FieldSpec): number | null {
  if (/^\d+$/.test(token)) return Number(token);
  const idx = spec.names?.indexOf(token) ?? -1;
  return idx >= 0 ? idx + (spec.nameBase ?? 0) : null;
}

function validField(field: string, spec: FieldSpec): boolean {
  return field.split(',').every((item) => validItem(item, spec));
}

function validItem(item: string, spec: FieldSpec): boolean {
  if (item === '') return false;
  if (spec.allowL && item === 'l') return true;
  if (spec.allowL && /^[0-7a-z]{1,3}l$/.test(item)) return value(item.slice(0, -1), spec) !== null;
  if (spec.allowHash && item.includes('#')) {
    const [d, n] = item.split('#');
    const v = value(d!, spec);
    return v !== null && v >= spec.min && v <= spec.max && /^[1-5]$/.test(n ?? '');
  }
  const [range, step, extra] = item.split('/');
  if (extra !== undefined || (step !== undefined && !/^\d+$/.test(step))) return false;
  if (step !== undefined && Number(step) === 0) return false;
  if (range === '*') return true;
  const [a, b, more] = range!.split('-');
  if (more !== undefined) return false;
  const lo = value(a!, spec);
  if (lo === null || lo < spec.min || lo > spec.max) return false;
  if (b === undefined) return true;
  const hi = value(b, spec);
  return hi !== null && hi >= spec.min && hi <= spec.max;
}
