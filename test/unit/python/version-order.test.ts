import { describe, expect, it } from 'vitest';
import { comparePep440, compareReleaseDotted } from '../../../agent/python/version-order.js';
import { cpython } from './cpython-fixtures.js';

describe("PEP 440 order matches pip's packaging", () => {
  it.each(cpython.pep440Compare)('%s vs %s', (a, b, want) => {
    expect({ value: comparePep440(a, b) }).toEqual(want);
  });
});

describe('release order compares the dotted numbers only', () => {
  it.each([
    ['2.10.3', '2.9.1', 1],
    ['2.2', '2.2.0', 0],
    ['2.10.3rc1', '2.10.3', 0],
    ['3.7', '3.10', -1],
    ['4.1.5', '4.1.10', -1],
  ] as const)('%s vs %s is %d', (a, b, want) => {
    expect(compareReleaseDotted(a, b)).toBe(want);
  });
});
