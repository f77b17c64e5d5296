/**
 * A frozen table for lookups by user-written keys: without a prototype, so `table['valueOf']` or
 * `'constructor' in table` find nothing instead of Object.prototype's members (a bucket writer controls the
 * keys: schedules, requirement extras).
 */
export function lookupTable<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}
