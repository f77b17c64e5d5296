import type { ValidationItem } from './validation-error.js';

/**
 * Field types of Airflow 3's request models, checked the way pydantic 2 does in its default (lax) mode: the
 * same coercions (`"yes"` is a bool, `"5"` and `5.0` are ints, a Unix time is a datetime) and the same error
 * types and messages. No JavaScript schema library reproduces pydantic's coercions and error catalogue, so
 * this is written here; test/integration/api/pydantic-differential.test.ts compares it with pydantic itself.
 */
export type FieldType =
  | { kind: 'str'; pattern?: string; maxLength?: number }
  | { kind: 'bool' }
  | { kind: 'int'; ge?: number; gt?: number }
  | { kind: 'float' }
  | { kind: 'datetime'; aware: boolean }
  | { kind: 'dict' }
  | { kind: 'json' }
  | { kind: 'list'; items: FieldType }
  | { kind: 'enum'; values: readonly string[] };

export type FieldResult = { ok: true; value: unknown } | { ok: false; errors: ValidationItem[] };

const ok = (value: unknown): FieldResult => ({ ok: true, value });
const fail = (
  loc: (string | number)[],
  type: string,
  msg: string,
  input: unknown,
  ctx?: Record<string, unknown>,
): FieldResult => ({ ok: false, errors: [{ type, loc, msg, input, ...(ctx ? { ctx } : {}) }] });

const TRUE = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const FALSE = new Set(['0', 'off', 'f', 'false', 'n', 'no']);

/** Validates `input` at `loc` as pydantic would for a field of `type`. */
export function validateField(type: FieldType, input: unknown, loc: (string | number)[]): FieldResult {
  switch (type.kind) {
    case 'str':
      return str(type, input, loc);
    case 'bool':
      return bool(input, loc);
    case 'int':
      return int(type, input, loc);
    case 'float':
      return float(input, loc);
    case 'datetime':
      return datetime(type.aware, input, loc);
    case 'dict':
      return isPlainObject(input) ? ok(input) : fail(loc, 'dict_type', 'Input should be a valid dictionary', input);
    case 'json':
      return ok(input);
    case 'list':
      return list(type.items, input, loc);
    case 'enum': {
      if (typeof input === 'string' && type.values.includes(input)) return ok(input);
      const expected = enumText(type.values);
      return fail(loc, 'enum', `Input should be ${expected}`, input, { expected });
    }
  }
}

/** pydantic's "'a', 'b' or 'c'". */
export function enumText(values: readonly string[]): string {
  const quoted = values.map((v) => `'${v}'`);
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}` : (quoted[0] ?? '');
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(type: { pattern?: string; maxLength?: number }, input: unknown, loc: (string | number)[]): FieldResult {
  if (typeof input !== 'string') return fail(loc, 'string_type', 'Input should be a valid string', input);
  if (type.maxLength !== undefined && [...input].length > type.maxLength) {
    const n = type.maxLength;
    return fail(loc, 'string_too_long', `String should have at most ${n} character${n === 1 ? '' : 's'}`, input, {
      max_length: n,
    });
  }
  if (type.pattern !== undefined && !pythonRegExp(type.pattern).test(input)) {
    return fail(loc, 'string_pattern_mismatch', `String should match pattern '${type.pattern}'`, input, {
      pattern: type.pattern,
    });
  }
  return ok(input);
}

/**
 * A Python `re` pattern as a JavaScript RegExp. Python's `\w` on str is Unicode-aware (letters, numbers and `_`),
 * JavaScript's is ASCII even with the `u` flag; the patterns Airflow's models use need nothing else.
 */
function pythonRegExp(pattern: string): RegExp {
  let inClass = false;
  const out = pattern.replace(/\\.|\[|\]/g, (t) => {
    if (t === '[') inClass = true;
    else if (t === ']') inClass = false;
    else if (t === '\\w') return inClass ? '\\p{L}\\p{N}_' : '[\\p{L}\\p{N}_]';
    return t;
  });
  return new RegExp(out, 'u');
}

function bool(input: unknown, loc: (string | number)[]): FieldResult {
  if (typeof input === 'boolean') return ok(input);
  const parsing = () => fail(loc, 'bool_parsing', 'Input should be a valid boolean, unable to interpret input', input);
  if (typeof input === 'string') {
    const s = input.toLowerCase();
    return TRUE.has(s) ? ok(true) : FALSE.has(s) ? ok(false) : parsing();
  }
  if (typeof input === 'number') {
    if (input === 0 || input === 1) return ok(input === 1);
    if (Number.isInteger(input)) return parsing();
  }
  return fail(loc, 'bool_type', 'Input should be a valid boolean', input);
}

const INT_TEXT = /^[+-]?\d+(?:_\d+)*(?:\.0*)?$/;

function int(type: { ge?: number; gt?: number }, input: unknown, loc: (string | number)[]): FieldResult {
  let n: number;
  if (typeof input === 'boolean') n = input ? 1 : 0;
  else if (typeof input === 'number') {
    if (!Number.isFinite(input)) return fail(loc, 'finite_number', 'Input should be a finite number', input);
    if (!Number.isInteger(input))
      return fail(loc, 'int_from_float', 'Input should be a valid integer, got a number with a fractional part', input);
    if (!Number.isSafeInteger(input))
      return fail(loc, 'int_parsing_size', 'Unable to parse input string as an integer, exceeded maximum size', input);
    n = input;
  } else if (typeof input === 'string') {
    const s = input.trim();
    if (!INT_TEXT.test(s))
      return fail(loc, 'int_parsing', 'Input should be a valid integer, unable to parse string as an integer', input);
    n = Number(s.replaceAll('_', '').replace(/\.0*$/, ''));
  } else return fail(loc, 'int_type', 'Input should be a valid integer', input);
  if (type.ge !== undefined && n < type.ge)
    return fail(loc, 'greater_than_equal', `Input should be greater than or equal to ${type.ge}`, input, {
      ge: type.ge,
    });
  if (type.gt !== undefined && n <= type.gt)
    return fail(loc, 'greater_than', `Input should be greater than ${type.gt}`, input, { gt: type.gt });
  return ok(n);
}

function float(input: unknown, loc: (string | number)[]): FieldResult {
  if (typeof input === 'number') return ok(input);
  if (typeof input === 'boolean') return ok(input ? 1 : 0);
  if (typeof input === 'string' && input.trim() !== '' && !Number.isNaN(Number(input.trim())))
    return ok(Number(input.trim()));
  if (typeof input === 'string')
    return fail(loc, 'float_parsing', 'Input should be a valid number, unable to parse string as a number', input);
  return fail(loc, 'float_type', 'Input should be a valid number', input);
}

function list(items: FieldType, input: unknown, loc: (string | number)[]): FieldResult {
  if (!Array.isArray(input)) return fail(loc, 'list_type', 'Input should be a valid list', input);
  const out: unknown[] = [];
  const errors: ValidationItem[] = [];
  input.forEach((v, i) => {
    const r = validateField(items, v, [...loc, i]);
    if (r.ok) out.push(r.value);
    else errors.push(...r.errors);
  });
  return errors.length ? { ok: false, errors } : ok(out);
}

/** A datetime as pydantic reads it: an ISO 8601 / RFC 3339 text, or Unix seconds (milliseconds past 2e10). */
export interface ParsedDatetime {
  /** The instant, for aware values (or naive ones read as UTC). */
  date: Date;
  /** No offset was given. */
  naive: boolean;
  /** Microseconds within the second (JavaScript dates keep milliseconds only). */
  micros: number;
  /** The UTC offset given, in minutes (0 for `Z` and Unix times), or null when naive. */
  offsetMinutes: number | null;
}

/** A datetime as pydantic serialises it: in its own offset, `Z` for UTC, six fraction digits or none. */
export function pydanticDatetimeText(d: ParsedDatetime): string {
  const offset = d.offsetMinutes ?? 0;
  const local = new Date(d.date.getTime() + offset * 60_000).toISOString().slice(0, 19);
  const fraction = d.micros ? `.${String(d.micros).padStart(6, '0')}` : '';
  if (d.offsetMinutes === null) return `${local}${fraction}`;
  if (offset === 0) return `${local}${fraction}Z`;
  const abs = Math.abs(offset);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${local}${fraction}${offset < 0 ? '-' : '+'}${hhmm}`;
}

const DATETIME =
  /^(\d{4})-(\d\d)-(\d\d)(?:[Tt _](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?(?:([Zz])|([+-])(\d\d):?(\d\d))?)?$/;
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function datetime(aware: boolean, input: unknown, loc: (string | number)[]): FieldResult {
  const r = parseDatetime(input);
  if ('error' in r) {
    if (r.error === 'type') return fail(loc, 'datetime_type', 'Input should be a valid datetime', input);
    return fail(loc, 'datetime_from_date_parsing', `Input should be a valid datetime or date, ${r.error}`, input, {
      error: r.error,
    });
  }
  if (aware && r.naive) return fail(loc, 'timezone_aware', 'Input should have timezone info', input);
  return ok(r);
}

/** pydantic's (speedate's) datetime reading; a failed text is reported with the date parser's error, as pydantic does. */
export function parseDatetime(input: unknown): ParsedDatetime | { error: string } {
  if (typeof input === 'number' || (typeof input === 'string' && NUMBER_TEXT.test(input.trim()))) {
    const n = Number(input);
    if (!Number.isFinite(n)) return { error: 'type' };
    const ms = Math.abs(n) > 2e10 ? n : n * 1000;
    const micros = Math.round((((ms % 1000) + 1000) % 1000) * 1000);
    return { date: new Date(Math.floor(ms)), naive: false, micros, offsetMinutes: 0 };
  }
  if (typeof input !== 'string') return { error: 'type' };
  const m = DATETIME.exec(input);
  if (m && m[4] !== undefined) {
    const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const fraction = (m[7] ?? '').slice(0, 6).padEnd(6, '0');
    const offsetMinutes = m[9] ? (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11])) : 0;
    if (validDay(year, month, day) && hour < 24 && minute < 60 && second < 60 && Math.abs(offsetMinutes) < 24 * 60) {
      const micros = Number(fraction);
      const utc =
        Date.UTC(year, month - 1, day, hour, minute, second, Math.floor(micros / 1000)) - offsetMinutes * 60_000;
      const naive = m[8] === undefined && m[9] === undefined;
      return { date: new Date(utc), naive, micros, offsetMinutes: naive ? null : offsetMinutes };
    }
  }
  return parseDateOnly(input);
}

function validDay(year: number, month: number, day: number): boolean {
  const probe = new Date(Date.UTC(year, month - 1, day));
  return month >= 1 && month <= 12 && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

/** speedate's date parser, whose error pydantic reports when a text is not a datetime. */
function parseDateOnly(s: string): ParsedDatetime | { error: string } {
  if (s.length < 10) return { error: 'input is too short' };
  const digits = (from: number, to: number) => /^\d+$/.test(s.slice(from, to));
  if (!digits(0, 4)) return { error: 'invalid character in year' };
  if (s[4] !== '-') return { error: 'invalid date separator, expected `-`' };
  if (!digits(5, 7)) return { error: 'invalid character in month' };
  if (s[7] !== '-') return { error: 'invalid date separator, expected `-`' };
  if (!digits(8, 10)) return { error: 'invalid character in day' };
  const [year, month, day] = [s.slice(0, 4), s.slice(5, 7), s.slice(8, 10)].map(Number) as [number, number, number];
  if (month < 1 || month > 12) return { error: 'month value is outside expected range of 1-12' };
  if (!validDay(year, month, day)) return { error: 'day value is outside expected range' };
  if (s.length > 10) return { error: 'unexpected extra characters at the end of the input' };
  return { date: new Date(Date.UTC(year, month - 1, day)), naive: true, micros: 0, offsetMinutes: null };
}
