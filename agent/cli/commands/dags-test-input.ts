import type { DagTestFacts } from '../../airflow/airflow-facts.js';
import { reprStr } from '../../python/str-repr.js';

/** Bad input to `dags test`: one line saying what was wrong and what is allowed; exit status 2. */
export class DagTestUsageError extends Error {}

const ISO_DATE =
  /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d{1,6}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * The positional logical date as Airflow's CLI reads it (`timezone.parse`: ISO 8601, a date alone is
 * midnight, no offset is UTC, the default timezone); absent: now. Airflow's argparse text when it does not parse.
 */
export function parseLogicalDate(text: string | undefined, facts: DagTestFacts, now: Date): Date {
  if (text === undefined || text === '') return now;
  const m = ISO_DATE.exec(text.trim());
  const date = m ? dateOf(m) : null;
  if (!date)
    throw new DagTestUsageError(
      `argument ${facts.dateArgument}: invalid parse value: ${reprStr(text)}; give an ISO 8601 date, e.g. 2024-03-01 or 2024-03-01T06:00:00+00:00`,
    );
  return date;
}

function dateOf(m: RegExpExecArray): Date | null {
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', offset = 'Z'] = m;
  const fields = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)] as const;
  const utc = Date.UTC(...fields, Number(frac.padEnd(3, '0').slice(0, 3)));
  const back = new Date(utc);
  if (
    back.getUTCFullYear() !== fields[0] ||
    back.getUTCMonth() !== fields[1] ||
    back.getUTCDate() !== fields[2] ||
    fields[3] > 23 ||
    fields[4] > 59 ||
    fields[5] > 59
  )
    return null;
  return new Date(utc - offsetMinutes(offset) * 60_000);
}

function offsetMinutes(offset: string): number {
  if (offset.toUpperCase() === 'Z') return 0;
  const digits = offset.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
  return offset.startsWith('-') ? -minutes : minutes;
}

/** `-c/--conf`: a JSON object (Airflow's text when it is not JSON). */
export function parseConf(text: string | undefined): Record<string, unknown> {
  if (text === undefined || text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new DagTestUsageError(`Configuration ${reprStr(text)} is not valid JSON. Error: ${(e as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new DagTestUsageError(
      `Configuration ${reprStr(text)} is not a JSON object; dag_run.conf must be one, e.g. '{"key": "value"}'`,
    );
  return value as Record<string, unknown>;
}

/**
 * `--mark-success-pattern`: a regex task ids must match in full (`fullmatch`), in the version's syntax (RE2 on
 * 2.x, Python's `re` on 3.x), read by JavaScript's engine with Python's named-group spellings translated.
 */
export function parseMarkSuccessPattern(text: string | undefined, facts: DagTestFacts): RegExp | null {
  if (text === undefined) return null;
  const source = text
    .replace(/\(\?P</g, '(?<')
    .replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\Z/g, '$');
  try {
    return new RegExp(`^(?:${source})$`);
  } catch (e) {
    const reason = (e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '');
    const syntax = facts.patternSyntax === 're2' ? 'RE2' : "Python's re";
    throw new DagTestUsageError(
      `--mark-success-pattern ${reprStr(text)} is not a regular expression (${reason}); give a ${syntax} pattern that task ids must match in full, e.g. 'wait_.*|cleanup'`,
    );
  }
}
