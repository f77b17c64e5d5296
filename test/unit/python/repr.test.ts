import { describe, expect, it } from 'vitest';
import { reprFloat, reprInt } from '../../../agent/python/number-repr.js';
import { pyRepr, pyStr, reprTuple } from '../../../agent/python/repr.js';
import { cpython, floatInput } from './cpython-fixtures.js';

describe(`repr() and str() of values match CPython ${cpython.python}`, () => {
  it.each(cpython.reprValues)('repr(%j) and str()', (value, repr, str) => {
    expect(pyRepr(value)).toBe(repr);
    expect(pyStr(value)).toBe(str);
  });

  it.each(cpython.tupleReprs)('tuple %j', (items, repr) => {
    expect(reprTuple(items.map((i) => (Array.isArray(i) ? reprTuple(i.map(pyRepr)) : pyRepr(i))))).toBe(repr);
  });

  it.each(cpython.floatRepr)('repr(float %j) = %s', (input, repr, str) => {
    expect(reprFloat(floatInput(input))).toBe(repr);
    expect(reprFloat(floatInput(input))).toBe(str);
  });

  it('prints ints past 2^53 with every digit of the double, never an exponent', () => {
    expect(reprInt(1e21)).toBe('1000000000000000000000');
    expect(reprInt(10n ** 30n)).toBe('1000000000000000000000000000000');
  });

  it('prints an integral JSON number as an int, whatever its size (JSON.parse keeps no 1 / 1.0 difference)', () => {
    expect(pyRepr(1e16)).toBe('10000000000000000');
    expect(pyRepr([2.5, 3])).toBe('[2.5, 3]');
  });
});
