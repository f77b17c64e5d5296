import { describe, expect, it } from 'vitest';
import { pyJsonDumps } from '../../../agent/python/json-dumps.js';
import { pyRepr } from '../../../agent/python/repr.js';
import { reprStr } from '../../../agent/python/str-repr.js';

// Expected texts printed by CPython 3.11 for the same values.
describe('Python text forms', () => {
  it.each([
    ['a\'b"c', `'a\\'b"c'`],
    ["it's", `"it's"`],
    ['tab\there\x7f\u00a0\u2028é', `'tab\\there\\x7f\\xa0\\u2028é'`],
  ])('repr(%j)', (s, repr) => {
    expect(reprStr(s)).toBe(repr);
  });

  it('repr of an extra dict matches how Airflow logs it', () => {
    expect(pyRepr({ key_file: "it's", n: null, b: true, f: 1.5, l: [1, 'x"y'] })).toBe(
      `{'key_file': "it's", 'n': None, 'b': True, 'f': 1.5, 'l': [1, 'x"y']}`,
    );
  });

  it('json.dumps uses ", " and ": " separators and ensure_ascii', () => {
    expect(pyJsonDumps({ key_file: '/k', é: 1 })).toBe('{"key_file": "/k", "\\u00e9": 1}');
  });

  it('json.dumps with indent puts one item per line and keeps empty containers inline', () => {
    expect(pyJsonDumps({ a: 'é\u2028', b: [], c: {} }, 2)).toBe(
      '{\n  "a": "\\u00e9\\u2028",\n  "b": [],\n  "c": {}\n}',
    );
  });
});
