import { describe, expect, it } from 'vitest';
import { pyFloat, pyInt } from '../../../agent/python/number-conversion.js';
import { pyRepr } from '../../../agent/python/repr.js';
import { pyTruthy } from '../../../agent/python/truth-value.js';
import { strEquals } from '../../../agent/tasks/ssh/ssh-hook-config.js';

describe('pyRepr prints JSON values as Python repr() would', () => {
  it.each([
    [
      { key_file: '/usr/local/airflow/dags/your-secret-key.pem' },
      "{'key_file': '/usr/local/airflow/dags/your-secret-key.pem'}",
    ],
    [{ a: true, b: null, c: 10, d: [1, 'x'] }, "{'a': True, 'b': None, 'c': 10, 'd': [1, 'x']}"],
    ["it's", '"it\'s"'],
    ['a\nb\\', "'a\\nb\\\\'"],
    [{}, '{}'],
    [1.5, '1.5'],
  ])('%j → %s', (value, repr) => {
    expect(pyRepr(value)).toBe(repr);
  });
});

describe('the string-boolean rule str(v).lower() == literal', () => {
  it.each([
    [true, 'true', true],
    ['True', 'true', true],
    ['TRUE', 'true', true],
    ['yes', 'true', false],
    [1, 'true', false],
    [false, 'false', true],
    ['False', 'false', true],
    ['0', 'false', false],
    [null, 'false', false],
  ] as const)('%j == %s → %s', (v, lit, expected) => {
    expect(strEquals(v, lit)).toBe(expected);
  });
});

describe('int(), float() and truthiness of extra values', () => {
  it.each([
    ['10', 10],
    [' 7 ', 7],
    [10.9, 10],
    [true, 1],
  ] as const)('int(%j) = %d', (v, n) => expect(pyInt(v)).toBe(n));

  it("int('10.5') raises Python's ValueError text", () => {
    expect(() => pyInt('10.5')).toThrow("invalid literal for int() with base 10: '10.5'");
  });

  it('int(None) raises TypeError', () => {
    expect(() => pyInt(null)).toThrow("not 'NoneType'");
  });

  it.each([
    ['2.5', 2.5],
    ['0', 0],
    [3, 3],
  ] as const)('float(%j) = %d', (v, n) => expect(pyFloat(v)).toBe(n));

  it.each([
    [null, false],
    [0, false],
    ['', false],
    [false, false],
    ['0', true],
    ['false', true],
    [[], false],
    [{ a: 1 }, true],
  ] as const)('bool(%j) = %s', (v, t) => expect(pyTruthy(v)).toBe(t));
});
