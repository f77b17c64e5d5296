import { describe, expect, it } from 'vitest';
import { cronExpressionOf, validateCron } from '../../../agent/dags/cron-grammar.js';

describe('cron validation (croniter rules)', () => {
  it.each([
    '0 0 * * *',
    '*/15 8-18 * * mon-fri',
    '0 0 1,15 * 1',
    '0 23 L * *',
    '0 9 * * mon#1',
    '0 0 * * * 30',
    '0 0 * * 7',
    '@daily',
    '@quarterly',
  ])('accepts %j', (expr) => {
    expect(validateCron(expr)).toBeNull();
  });

  it.each([
    ['61 * * * *', '[61 * * * *] is not acceptable, out of range'],
    ['* * *', 'Exactly 5, 6 or 7 columns has to be specified for iterator expression.'],
    ['0 0 12 * * ?', '[0 0 12 * * ?] is not acceptable, out of range'],
    ['0 0 32 * *', '[0 0 32 * *] is not acceptable, out of range'],
    // Names of Object.prototype members are schedules like any other word (a fuzz case once threw here).
    ['valueOf', 'Exactly 5, 6 or 7 columns has to be specified for iterator expression.'],
    ['constructor', 'Exactly 5, 6 or 7 columns has to be specified for iterator expression.'],
    ['__proto__', 'Exactly 5, 6 or 7 columns has to be specified for iterator expression.'],
  ])('rejects %j', (expr, message) => {
    expect(validateCron(expr)).toBe(message);
  });

  it('maps presets to their cron form', () => {
    expect(cronExpressionOf('@weekly')).toBe('0 0 * * 0');
    expect(cronExpressionOf('5 4 * * *')).toBe('5 4 * * *');
  });
});
