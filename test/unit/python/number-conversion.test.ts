import { describe, expect, it } from 'vitest';
import { PythonException } from '../../../agent/python/exceptions.js';
import { pyFloat, pyInt } from '../../../agent/python/number-conversion.js';
import { reprFloat } from '../../../agent/python/number-repr.js';
import { pyTruthy } from '../../../agent/python/truth-value.js';
import { cpython, type Outcome } from './cpython-fixtures.js';

function outcomeOf<T>(fn: () => T): Outcome<T> {
  try {
    return { value: fn() };
  } catch (e) {
    if (!(e instanceof PythonException)) throw e;
    return { raises: [e.pyClass, e.message] };
  }
}

const jsValue = (v: unknown): unknown =>
  v === 'nan' ? Number.NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v;

describe(`int() matches CPython ${cpython.python}`, () => {
  it.each(cpython.intOfStr)('int(%j)', (s, want) => {
    expect(outcomeOf(() => pyInt(s))).toEqual(want);
  });

  it.each(cpython.intOfValue)('int(%j) of a non-str', (v, want) => {
    expect(outcomeOf(() => pyInt(jsValue(v)))).toEqual(want);
  });
});

describe(`float() matches CPython ${cpython.python}`, () => {
  it.each(cpython.floatOfStr)('float(%j)', (s, want) => {
    expect(outcomeOf(() => reprFloat(pyFloat(s)))).toEqual(want);
  });

  it.each(cpython.floatOfValue)('float(%j) of a non-str', (v, want) => {
    expect(outcomeOf(() => reprFloat(pyFloat(v)))).toEqual(want);
  });
});

describe('truth value', () => {
  it.each([
    [null, false],
    [0, false],
    ['', false],
    [false, false],
    [[], false],
    [{}, false],
    ['0', true],
    ['false', true],
    [0.5, true],
    [Number.NaN, true],
    [[0], true],
    [{ a: 0 }, true],
  ] as const)('bool(%j) is %s', (v, want) => {
    expect(pyTruthy(v)).toBe(want);
  });
});
