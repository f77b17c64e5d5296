import { PythonException } from './exceptions.js';
import { pyTypeName } from './repr.js';
import { reprStr } from './str-repr.js';

/**
 * CPython's `int(x)` and `float(x)` of a str or a JSON-like value (Objects/longobject.c, floatobject.c).
 * A str is first read as CPython does (`_PyUnicode_TransformDecimalAndSpaceToASCII`): any Unicode decimal
 * digit counts as its ASCII digit, Unicode white space as a space; then surrounding ASCII white space is
 * dropped (so `'\x1c1'` is refused although `'\x1c'.isspace()`), and `_` may stand only between two digits
 * (`1_000` is 1000, `1__0` and `_1` are refused). Results are JavaScript numbers: integers beyond 2^53 lose
 * precision that Python keeps.
 */

/** `int(value)`: str by the rules above, bool as 0/1, float truncated toward zero. */
export function pyInt(value: unknown): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) throw new PythonException('ValueError', 'cannot convert float NaN to integer');
    if (!Number.isFinite(value)) throw new PythonException('OverflowError', 'cannot convert float infinity to integer');
    return Math.trunc(value) + 0; // + 0 turns -0 into 0
  }
  if (typeof value === 'string') {
    const t = asciiForm(value);
    if (t !== null && INT_LITERAL.test(t)) return Number(t.replace(/_/g, '')) + 0;
    throw new PythonException('ValueError', `invalid literal for int() with base 10: ${reprStr(value)}`);
  }
  throw new PythonException(
    'TypeError',
    `int() argument must be a string, a bytes-like object or a real number, not '${pyTypeName(value)}'`,
  );
}

/** `float(value)`: str by the rules above plus `inf`/`infinity`/`nan` in any case, bool as 0.0/1.0. */
export function pyFloat(value: unknown): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const t = asciiForm(value);
    if (t !== null && FLOAT_LITERAL.test(t)) return Number(t.replace(/_/g, ''));
    const special = t === null ? null : SPECIAL_FLOAT.exec(t);
    if (special) return special[2]!.toLowerCase() === 'nan' ? Number.NaN : special[1] === '-' ? -Infinity : Infinity;
    throw new PythonException('ValueError', `could not convert string to float: ${reprStr(value)}`);
  }
  throw new PythonException(
    'TypeError',
    `float() argument must be a string or a real number, not '${pyTypeName(value)}'`,
  );
}

const DIGITS = '[0-9](?:_?[0-9])*';
const INT_LITERAL = new RegExp(`^[+-]?${DIGITS}$`);
const FLOAT_LITERAL = new RegExp(`^[+-]?(?:${DIGITS}(?:\\.(?:${DIGITS})?)?|\\.${DIGITS})(?:[eE][+-]?${DIGITS})?$`);
const SPECIAL_FLOAT = /^([+-]?)(inf|infinity|nan)$/i;

/** Unicode white space that CPython maps to a space before parsing (non-ASCII `Py_UNICODE_ISSPACE`). */
const UNICODE_SPACE = /[\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/gu;
const DECIMAL_DIGIT = /\p{Nd}/gu;
const ASCII_SPACE = /^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g;

/**
 * The text CPython's number parser sees: digits and spaces made ASCII, outer ASCII white space dropped;
 * null when some other non-ASCII character remains (CPython turns it into a '?' that no parser accepts).
 */
function asciiForm(s: string): string | null {
  const t = s
    .replace(UNICODE_SPACE, ' ')
    .replace(DECIMAL_DIGIT, (d) => String(decimalValue(d)))
    .replace(ASCII_SPACE, '');
  return /^[\x00-\x7f]*$/.test(t) ? t : null;
}

/**
 * The value of a Unicode decimal digit. Unicode assigns decimal digits (category Nd) only in runs of ten,
 * 0 to 9 in order, so the value is the distance from the start of the run modulo ten.
 */
function decimalValue(digit: string): number {
  let cp = digit.codePointAt(0)!;
  let steps = 0;
  while (DECIMAL_DIGIT_ONE.test(String.fromCodePoint(cp - 1))) {
    cp--;
    steps++;
  }
  return steps % 10;
}

const DECIMAL_DIGIT_ONE = /^\p{Nd}$/u;
