import { describe, expect, it } from 'vitest';
import { airflowProfile } from '../../../agent/airflow/profile-lookup.js';
import {
  DagTestUsageError,
  parseConf,
  parseLogicalDate,
  parseMarkSuccessPattern,
} from '../../../agent/cli/commands/dags-test-input.js';

const V2 = airflowProfile('2.10.3').dagTest;
const V3 = airflowProfile('3.3.1').dagTest;
const NOW = new Date('2026-12-07T10:11:12.345Z');

describe('dags test logical date', () => {
  it.each([
    ['2024-03-01', '2024-03-01T00:00:00.000Z'],
    ['2024-03-01T06:07', '2024-03-01T06:07:00.000Z'],
    ['2024-03-01T06:07:08', '2024-03-01T06:07:08.000Z'],
    ['2024-03-01 06:07:08.123456', '2024-03-01T06:07:08.123Z'],
    ['2024-03-01T06:07:08Z', '2024-03-01T06:07:08.000Z'],
    ['2024-03-01T06:07:08+02:00', '2024-03-01T04:07:08.000Z'],
    ['2024-03-01T06:07:08-0130', '2024-03-01T07:37:08.000Z'],
    ['20240301', '2024-03-01T00:00:00.000Z'],
  ])('reads %s as Airflow does (no offset: UTC)', (text, iso) => {
    expect(parseLogicalDate(text, V2, NOW).toISOString()).toBe(iso);
  });

  it('is now when none is given', () => {
    expect(parseLogicalDate(undefined, V3, NOW)).toBe(NOW);
  });

  it.each(['yesterday', '2024-02-30', '2024-13-01', '2024-03-01T25:00', '03/01/2024'])(
    'refuses %s naming the version’s argument and what is allowed',
    (text) => {
      expect(() => parseLogicalDate(text, V2, NOW)).toThrow(
        new DagTestUsageError(
          `argument execution_date: invalid parse value: '${text}'; give an ISO 8601 date, e.g. 2024-03-01 or 2024-03-01T06:00:00+00:00`,
        ),
      );
      expect(() => parseLogicalDate(text, V3, NOW)).toThrow(/^argument logical_date: invalid parse value: /);
    },
  );
});

describe('dags test conf', () => {
  it('reads a JSON object; nothing is {}', () => {
    expect(parseConf('{"a": [1, {"b": null}]}')).toEqual({ a: [1, { b: null }] });
    expect(parseConf(undefined)).toEqual({});
  });

  it.each([
    ['{bad', /^Configuration '\{bad' is not valid JSON\. Error: /],
    ['[1]', /^Configuration '\[1\]' is not a JSON object; dag_run\.conf must be one/],
    ['null', /^Configuration 'null' is not a JSON object/],
  ])('refuses %s', (text, message) => {
    expect(() => parseConf(text)).toThrow(message);
  });
});

describe('dags test --mark-success-pattern', () => {
  it.each([
    ['wait_.*', 'wait_for_s3', true],
    ['wait', 'wait_for_s3', false],
    ['a|b', 'a', true],
    ['a|b', 'ab', false],
    ['(?P<kind>wait|check)_(?P=kind)', 'wait_wait', true],
    ['group\\.task', 'group.task', true],
  ])('%s matches the whole task id %s: %s', (pattern, taskId, matches) => {
    expect(parseMarkSuccessPattern(pattern, V3)?.test(taskId)).toBe(matches);
  });

  it('is none when not given', () => {
    expect(parseMarkSuccessPattern(undefined, V2)).toBeNull();
  });

  it('refuses a pattern that is not a regex, naming the version’s syntax', () => {
    expect(() => parseMarkSuccessPattern('(wait', V2)).toThrow(
      /^--mark-success-pattern '\(wait' is not a regular expression \(.+\); give a RE2 pattern that task ids must match in full/,
    );
    expect(() => parseMarkSuccessPattern('[z-a]', V3)).toThrow(/give a Python's re pattern/);
  });
});
