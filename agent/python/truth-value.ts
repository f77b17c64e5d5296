/**
 * Python's truth value (`bool(x)`) of a JSON-like value: None, False, 0, 0.0, '' and empty containers are
 * false; everything else is true (`bool("0")` and `bool("false")` are True).
 */
export function pyTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Number.isNaN(value)) return true;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}
