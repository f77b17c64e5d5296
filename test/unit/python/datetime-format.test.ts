import { describe, expect, it } from 'vitest';
import {
  asctimePython,
  asctimeTimezoneAware,
  epochMicros,
  isoBasicUtc,
  isoformatMicros,
  isoformatUtc,
  pendulumStr,
  strNaiveMicros,
  strUtc,
} from '../../../agent/python/datetime-format.js';
import { strTimedelta } from '../../../agent/python/timedelta-str.js';
import { cpython } from './cpython-fixtures.js';

describe(`date text forms match CPython ${cpython.python}`, () => {
  it.each(cpython.dates)('$isoformat', (d) => {
    expect(isoformatMicros(d.epochMicros)).toBe(d.isoformat);
    expect(isoformatMicros(d.epochMicros, ' ')).toBe(d.isoformatSpace);
    expect(strNaiveMicros(d.epochMicros)).toBe(d.naiveStr);
    expect(isoformatUtc(d.isoformat)).toBe(d.isoformat);
    expect(strUtc(d.isoformat)).toBe(d.str);
    expect(isoBasicUtc(d.isoformat)).toBe(d.isoBasic);
    expect(epochMicros(d.isoformat)).toBe(d.epochMicros);
  });

  it('pendulum 2 prints str() as isoformat("T"), pendulum 3 as isoformat(" ")', () => {
    for (const d of cpython.dates) {
      expect(pendulumStr(d.isoformat, 2)).toBe(d.isoformat);
      expect(pendulumStr(d.isoformat, 3)).toBe(d.isoformatSpace);
    }
  });

  it.each(cpython.asctime)('asctime of $epochMillis', (a) => {
    expect(asctimePython(new Date(a.epochMillis))).toBe(a.pythonDefault);
    expect(asctimeTimezoneAware(new Date(a.epochMillis))).toBe(a.timezoneAware);
  });

  it.each(cpython.timedeltaStr)('str(timedelta(seconds=%d)) = %s', (seconds, want) => {
    expect(strTimedelta(seconds)).toBe(want);
  });

  it('keeps the microseconds of an ISO string that a Date would drop, and reads Z and offsets', () => {
    expect(isoformatUtc('2024-01-03T10:15:42.1234567Z')).toBe('2024-01-03T10:15:42.123456+00:00');
    expect(isoformatUtc('2024-01-03T11:15:42.5+01:00')).toBe('2024-01-03T10:15:42.500000+00:00');
    expect(isoformatUtc(new Date('2024-01-03T10:15:42.120Z'))).toBe('2024-01-03T10:15:42.120000+00:00');
  });
});
