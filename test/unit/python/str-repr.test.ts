import { describe, expect, it } from 'vitest';
import { isPrintable, reprStr } from '../../../agent/python/str-repr.js';
import { cpython, propertyAt } from './cpython-fixtures.js';

describe(`repr() of a str matches CPython ${cpython.python}`, () => {
  it.each(cpython.reprStr)('repr(%j)', (s, repr) => {
    expect(reprStr(s)).toBe(repr);
  });

  it('escapes exactly what str.isprintable() rejects, for every code point Python 3.11 has assigned', () => {
    const differ: string[] = [];
    for (let cp = 0; cp < 0x110000; cp++) {
      const python = propertyAt(cpython.printableBoundaries, cp);
      // JavaScript's Unicode data is newer than CPython 3.11's (Unicode 14): it assigns, and so may print,
      // code points Python still sees as unassigned. Those are the only differences allowed.
      if (isPrintable(String.fromCodePoint(cp)) !== python && !propertyAt(cpython.unassignedBoundaries, cp))
        differ.push(cp.toString(16));
    }
    expect(differ).toEqual([]);
  });
});
