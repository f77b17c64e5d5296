import { reprFloat, reprInt } from './number-repr.js';
import { reprStr } from './str-repr.js';

/**
 * `repr()` and `str()` of Python values held as plain JavaScript, the form JSON gives them: null/undefined is
 * None, booleans are bool, a string is str, an array is a list, a plain object is a dict with str keys. A
 * number is an int when integral, else a float: `JSON.parse` keeps no difference between `1` and `1.0`, so
 * a JSON float with an integral value (`1.0`, `1e16`) prints as an int. Any other
 * object prints as its `toString()` (how template values such as pendulum dates stand in for `__str__`).
 *
 * Callers with typed values (the DAG evaluator) use the pieces: {@link reprStr}, {@link reprFloat},
 * {@link reprInt} and the container layouts below.
 */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return reprStr(value);
  if (typeof value === 'number') return reprNumber(value);
  if (typeof value === 'bigint') return reprInt(value);
  if (Array.isArray(value)) return reprList(value.map(pyRepr));
  if (isPlainObject(value)) return reprDict(Object.entries(value).map(([k, v]) => [reprStr(k), pyRepr(v)]));
  return String(value);
}

/** `str()`: a str is itself; everything else prints as its repr (containers print their items' reprs). */
export function pyStr(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value);
}

/** The Python type name of a JSON-like value, as TypeError messages print it. */
export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return isIntLike(value) ? 'int' : 'float';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return 'list';
  return 'dict';
}

/** `[a, b]` from the items' reprs. */
export function reprList(items: readonly string[]): string {
  return `[${items.join(', ')}]`;
}

/** `()`, `(a,)`, `(a, b)` from the items' reprs. */
export function reprTuple(items: readonly string[]): string {
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

/** `{k: v, …}` from key and value reprs, in insertion order. */
export function reprDict(entries: readonly (readonly [string, string])[]): string {
  return `{${entries.map(([k, v]) => `${k}: ${v}`).join(', ')}}`;
}

function reprNumber(n: number): string {
  return isIntLike(n) ? reprInt(n) : reprFloat(n);
}

/** The JSON convention above: an integral number reads as an int. */
function isIntLike(n: number): boolean {
  return Number.isInteger(n);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
