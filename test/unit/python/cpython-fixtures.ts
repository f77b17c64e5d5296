import { readFileSync } from 'node:fs';

/** What test/fixtures/python/generate.py printed under CPython (see that script for the encodings). */
export interface CPythonFixtures {
  python: string;
  unicode: string;
  reprStr: [string, string][];
  printableBoundaries: number[];
  unassignedBoundaries: number[];
  reprValues: [unknown, string, string][];
  tupleReprs: [unknown[], string][];
  intOfStr: [string, Outcome<number>][];
  intOfValue: [unknown, Outcome<number>][];
  floatOfStr: [string, Outcome<string>][];
  floatOfValue: [unknown, Outcome<string>][];
  floatRepr: [number | string, string, string][];
  dates: DateForms[];
  asctime: { epochMillis: number; pythonDefault: string; timezoneAware: string }[];
  timedeltaStr: [number, string][];
  pep440Compare: [string, string, Outcome<number>][];
}

export type Outcome<T> = { value: T } | { raises: [string, string] };

export interface DateForms {
  epochMicros: number;
  isoformat: string;
  isoformatSpace: string;
  str: string;
  naiveIsoformat: string;
  naiveStr: string;
  isoBasic: string;
}

export const cpython: CPythonFixtures = JSON.parse(
  readFileSync(new URL('../../fixtures/python/cpython-3.11.json', import.meta.url), 'utf8'),
);

/** A float fixture input: a JSON number, or "nan" / "inf" / "-inf". */
export function floatInput(v: number | string): number {
  if (typeof v === 'number') return v;
  return v === 'nan' ? Number.NaN : v === 'inf' ? Infinity : -Infinity;
}

/**
 * The value of a property at a code point, from the list of code points where it flips (the list starts at 0,
 * where the property is false).
 */
export function propertyAt(boundaries: readonly number[], cp: number): boolean {
  let lo = 0;
  let hi = boundaries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (boundaries[mid]! <= cp) lo = mid + 1;
    else hi = mid;
  }
  return (lo - 1) % 2 === 1; // lo - 1 is the last boundary at or below cp
}
