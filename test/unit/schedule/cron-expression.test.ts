import { describe, expect, it } from 'vitest';
import { isAgentError } from '../../../agent/core/errors.js';
import { CronExpression } from '../../../agent/schedule/cron-expression.js';

/** The next n ticks strictly after `from` (naive/UTC), as ISO without the zone. */
function ticks(expr: string, from: string, n = 4): string[] {
  const cron = new CronExpression(expr);
  const out: string[] = [];
  let t: Date | null = new Date(from + 'Z');
  for (let i = 0; i < n && t; i++) {
    t = cron.nextWall(t);
    if (t) out.push(t.toISOString().slice(0, 19));
  }
  return out;
}

describe('CronExpression (croniter semantics)', () => {
  it.each([
    [
      'combines restricted day-of-month and day-of-week with OR',
      '0 0 1,15 * 1',
      '2024-01-01T00:00:00',
      ['2024-01-08T00:00:00', '2024-01-15T00:00:00', '2024-01-22T00:00:00', '2024-01-29T00:00:00'],
    ],
    [
      'uses only day-of-week when day-of-month is *',
      '0 0 * * 1',
      '2024-01-01T00:00:00',
      ['2024-01-08T00:00:00', '2024-01-15T00:00:00', '2024-01-22T00:00:00', '2024-01-29T00:00:00'],
    ],
    [
      'reads L in day-of-month as the last day',
      '0 0 L * *',
      '2024-01-01T00:00:00',
      ['2024-01-31T00:00:00', '2024-02-29T00:00:00', '2024-03-31T00:00:00', '2024-04-30T00:00:00'],
    ],
    [
      "reads croniter's L5 as the last Friday",
      '0 0 * * L5',
      '2024-01-01T00:00:00',
      ['2024-01-26T00:00:00', '2024-02-23T00:00:00', '2024-03-29T00:00:00', '2024-04-26T00:00:00'],
    ],
    [
      'reads mon#1 as the first Monday',
      '0 0 * * mon#1',
      '2023-12-31T00:00:00',
      ['2024-01-01T00:00:00', '2024-02-05T00:00:00', '2024-03-04T00:00:00', '2024-04-01T00:00:00'],
    ],
    [
      'accepts month and day names',
      '30 2 * jan-feb sat',
      '2024-01-01T00:00:00',
      ['2024-01-06T02:30:00', '2024-01-13T02:30:00', '2024-01-20T02:30:00', '2024-01-27T02:30:00'],
    ],
    [
      'reads a 6th field as trailing seconds',
      '0 0 * * * 30',
      '2024-01-01T00:00:00',
      ['2024-01-01T00:00:30', '2024-01-02T00:00:30', '2024-01-03T00:00:30', '2024-01-04T00:00:30'],
    ],
    [
      'maps @weekly to Sunday midnight',
      '@weekly',
      '2024-01-01T00:00:00',
      ['2024-01-07T00:00:00', '2024-01-14T00:00:00', '2024-01-21T00:00:00', '2024-01-28T00:00:00'],
    ],
    [
      'maps @quarterly to every third month',
      '@quarterly',
      '2024-01-01T00:00:00',
      ['2024-04-01T00:00:00', '2024-07-01T00:00:00', '2024-10-01T00:00:00', '2025-01-01T00:00:00'],
    ],
    [
      'reads a range ending in 0 as ending on Sunday',
      '0 0 * * 5-0',
      '2024-01-01T00:00:00',
      ['2024-01-05T00:00:00', '2024-01-06T00:00:00', '2024-01-07T00:00:00', '2024-01-12T00:00:00'],
    ],
  ])('%s', (_name, expr, from, expected) => {
    expect(ticks(expr, from)).toEqual(expected);
  });

  it('finds the previous tick strictly before the reference', () => {
    const cron = new CronExpression('0 6 * * *');
    expect(cron.prevWall(new Date('2024-01-03T06:00:00Z'))?.toISOString()).toBe('2024-01-02T06:00:00.000Z');
    expect(cron.prevWall(new Date('2024-01-03T06:00:00.500Z'))?.toISOString()).toBe('2024-01-03T06:00:00.000Z');
  });

  it('knows which schedules fire every hour (the DST delta rule)', () => {
    expect(new CronExpression('30 * * * *').coversEveryHour).toBe(true);
    expect(new CronExpression('*/5 0-23 * * *').coversEveryHour).toBe(true);
    expect(new CronExpression('0 */2 * * *').coversEveryHour).toBe(false);
  });

  it.each([
    ['four fields', '0 0 * *', 'Exactly 5, 6 or 7 columns'],
    ['a minute out of range', '61 * * * *', 'is not acceptable'],
    ['Quartz ?', '0 0 12 * * ?', 'is not acceptable'],
    ['hash H', 'H 0 * * *', 'is not acceptable'],
    ['nearest weekday W', '0 0 15W * *', 'is not acceptable'],
  ])('rejects %s', (_name, expr, message) => {
    let caught: unknown;
    try {
      new CronExpression(expr);
    } catch (e) {
      caught = e;
    }
    expect(isAgentError(caught, 'DAG_IMPORT_ERROR')).toBe(true);
    expect((caught as Error).message).toContain(message);
  });
});

describe("the search bound (croniter's max_years_between_matches = 50)", () => {
  it.each([
    ['the next tick 50 years ahead is found', '0 0 1 1 * 0 2074', '2024-01-01T00:00:30', 'next', '2074-01-01T00:00:00'],
    ['the next tick 51 years ahead is not', '0 0 1 1 * 0 2074', '2023-01-01T00:00:30', 'next', null],
    [
      'the previous tick 50 years back is found',
      '0 0 1 1 * 0 1974',
      '2024-06-01T00:00:00',
      'prev',
      '1974-01-01T00:00:00',
    ],
    ['the previous tick 51 years back is not', '0 0 1 1 * 0 1973', '2024-06-01T00:00:00', 'prev', null],
    ['a day that no month has never fires', '0 0 31 2 *', '2024-01-01T00:00:00', 'next', null],
    ['nor did it before', '0 0 31 2 *', '2024-01-01T00:00:00', 'prev', null],
    ['29 February still fires', '0 0 29 2 *', '2024-03-01T00:00:00', 'next', '2028-02-29T00:00:00'],
  ])('%s', (_name, expr, from, direction, expected) => {
    const cron = new CronExpression(expr);
    const at = new Date(from + 'Z');
    const tick = direction === 'next' ? cron.nextWall(at) : cron.prevWall(at);
    expect(tick?.toISOString().slice(0, 19) ?? null).toBe(expected);
  });

  it('gives up at the edge of the calendar instead of searching from year -271821', () => {
    const cron = new CronExpression('0 0 31 2 *');
    expect(cron.nextWall(new Date(-8.64e15))).toBeNull();
    expect(cron.prevWall(new Date(8.64e15))).toBeNull();
  });
});
