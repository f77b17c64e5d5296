/**
 * The few Python built-ins the SSH hook applies to JSON extra values (`str`, `repr`, `int`, `float`,
 * truthiness), so extras parse with the provider's quirks: `str(True).lower() == "true"`, `int("10.5")`
 * fails, `bool("0")` is True.
 */

/** A Python exception's `str()`, raised as a JS error so the operator can report it verbatim. */
export class PythonValueError extends Error {
  constructor(
    readonly pythonClass: 'ValueError' | 'TypeError',
    message: string,
  ) {
    super(message);
    this.name = pythonClass;
  }
}

function reprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\' || ch === quote) out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return quote + out + quote;
}

function reprNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return String(n);
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  return String(n).replace(/e\+?/, 'e+').replace('e+-', 'e-');
}

/** Python's `repr()` of a JSON value (dicts print as `{'k': 'v'}`, booleans as True/False, null as None). */
export function pythonRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return reprNumber(v);
  if (typeof v === 'string') return reprString(v);
  if (Array.isArray(v)) return `[${v.map(pythonRepr).join(', ')}]`;
  if (typeof v === 'object') {
    const items = Object.entries(v as Record<string, unknown>).map(([k, x]) => `${reprString(k)}: ${pythonRepr(x)}`);
    return `{${items.join(', ')}}`;
  }
  return String(v);
}

/** Python's `str()` of a JSON value. */
export function pythonStr(v: unknown): string {
  return typeof v === 'string' ? v : pythonRepr(v);
}

/** `str(v).lower() == literal`, the provider's string-boolean test. */
export function strEquals(v: unknown, literal: 'true' | 'false'): boolean {
  return pythonStr(v).toLowerCase() === literal;
}

/** Python truthiness of a JSON value. */
export function pythonTruthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
}

/** Python's `int(v)`: strings must be integer literals, floats truncate, booleans are 0/1. */
export function pythonInt(v: unknown): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') {
    if (!Number.isFinite(v))
      throw new PythonValueError('ValueError', `cannot convert float ${reprNumber(v)} to integer`);
    return Math.trunc(v);
  }
  if (typeof v === 'string') {
    const t = v.trim().replace(/_/g, '');
    if (/^[+-]?\d+$/.test(t)) return Number.parseInt(t, 10);
    throw new PythonValueError('ValueError', `invalid literal for int() with base 10: ${reprString(v)}`);
  }
  throw new PythonValueError(
    'TypeError',
    `int() argument must be a string, a bytes-like object or a real number, not '${pythonTypeName(v)}'`,
  );
}

/** Python's `float(v)`. */
export function pythonFloat(v: unknown): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t)) return Number(t);
    if (/^[+-]?(inf|infinity)$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
    throw new PythonValueError('ValueError', `could not convert string to float: ${reprString(v)}`);
  }
  throw new PythonValueError(
    'TypeError',
    `float() argument must be a string or a real number, not '${pythonTypeName(v)}'`,
  );
}

function pythonTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object') return 'dict';
  return typeof v === 'string' ? 'str' : typeof v;
}
