import { describe, expect, it } from 'vitest';
import { apiDate, readIsoDate } from '../../../agent/api/api-date.js';
import { ImportErrorLedger } from '../../../agent/api/import-error-ledger.js';

describe('apiDate writes dates as Python isoformat() in UTC', () => {
  it.each([
    ['2024-01-02T06:00:00.000Z', '2024-01-02T06:00:00+00:00'],
    ['2024-01-02T06:00:00Z', '2024-01-02T06:00:00+00:00'],
    ['2024-01-02T06:00:00.985Z', '2024-01-02T06:00:00.985000+00:00'],
    ['2024-01-02T06:00:00.123456+00:00', '2024-01-02T06:00:00.123456+00:00'],
    ['2024-01-02T08:00:00.5+02:00', '2024-01-02T06:00:00.500000+00:00'],
    [null, null],
    ['', null],
    ['not a date', 'not a date'],
    ['9999-12-31T00:00:00+00:00', '9999-12-31T00:00:00+00:00'],
  ])('%s → %s', (input, expected) => {
    expect(apiDate(input)).toBe(expected);
  });
});

describe('apiDate on dates past Python’s year 9999 (a DAG starting in 9999 used to make GET /dags fail)', () => {
  it.each(['9999-12-31T23:00:00-05:00', '+010000-01-01T00:00:00.000Z', '10000-01-01T00:00:00+00:00'])(
    '%s gives a string, never a RangeError',
    (value) => {
      expect(apiDate(value)).toBeTypeOf('string');
    },
  );
});

describe('ImportErrorLedger keeps Airflow import_error rows stable', () => {
  const err = (filename: string, message: string) => ({ filename, line: 3, column: 1, message });

  it('keeps id and timestamp while an error stays, and gives a changed error a new row', () => {
    const ledger = new ImportErrorLedger('/dags');
    const first = ledger.current(
      [err('a.py', 'SyntaxError'), err('b.py', 'NameError')],
      new Date('2024-01-01T00:00:00Z'),
    );
    expect(first.map((r) => [r.import_error_id, r.filename, r.timestamp])).toEqual([
      [1, '/dags/a.py', '2024-01-01T00:00:00+00:00'],
      [2, '/dags/b.py', '2024-01-01T00:00:00+00:00'],
    ]);
    const later = ledger.current(
      [err('a.py', 'SyntaxError'), err('b.py', 'TypeError')],
      new Date('2024-01-01T00:05:00Z'),
    );
    expect(later.map((r) => [r.import_error_id, r.timestamp])).toEqual([
      [1, '2024-01-01T00:00:00+00:00'],
      [3, '2024-01-01T00:05:00+00:00'],
    ]);
    expect(ledger.current([], new Date())).toEqual([]);
  });
});

describe('readIsoDate reads request dates as pendulum does', () => {
  it.each([
    ['2024-01-02T06:00:00+00:00', { valid: true, naive: false }],
    ['2024-01-02T06:00:00.123456Z', { valid: true, naive: false }],
    ['2024-01-02 06:00:00-05:00', { valid: true, naive: false }],
    ['2024-01-02T06:00:00', { valid: true, naive: true }],
    ['2024-01-02', { valid: true, naive: true }],
    ['2024-02-29T00:00:00Z', { valid: true, naive: false }],
    ['2023-02-29T00:00:00Z', { valid: false }],
    ['2024-02-30T00:00:00+00:00', { valid: false }],
    ['2024-01-02T24:00:00Z', { valid: false }],
    ['2024-13-01T00:00:00Z', { valid: false }],
    ['yesterday', { valid: false }],
    ['', { valid: false }],
  ])('%s → %o', (input, expected) => {
    expect(readIsoDate(input)).toEqual(expected);
  });
});
