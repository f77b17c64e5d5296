/**
 * CPython's `repr()`/`str()` of numbers. A float prints its shortest round-tripping digits (the same digits
 * JavaScript chooses) in Python's layout: positional while the decimal exponent is in [-4, 16), with `.0`
 * when integral; otherwise `d.ddde±XX` with at least two exponent digits (`1e-05`, `1e+16`).
 */

/** `repr(float)`: `0.1`, `1.0`, `1e+16`, `1.5e-07`, `inf`, `-inf`, `nan`, `-0.0`. */
export function reprFloat(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const sign = n < 0 ? '-' : '';
  // toExponential() without an argument gives the shortest digits that read back as the same double.
  const [mantissa, exp] = Math.abs(n).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const e = Number(exp);
  if (e < -4 || e >= 16) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : '';
    return `${sign}${digits[0]}${frac}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  const whole = digits.slice(0, e + 1).padEnd(e + 1, '0');
  const frac = digits.slice(e + 1);
  return `${sign}${whole}.${frac === '' ? '0' : frac}`;
}

/** `repr(int)` of an integer held in a double or a bigint: every digit, never an exponent. */
export function reprInt(n: number | bigint): string {
  if (typeof n === 'bigint' || Number.isSafeInteger(n)) return String(n);
  return BigInt(n).toString();
}
