import { describe, expect, it } from 'vitest';
import type { DagSpec, ScheduleSpec } from '../../../agent/dags/dag-model.js';
import { planRuns, type ScheduleHistory } from '../../../agent/schedule/plan-runs.js';
import { dagSpec } from '../../../harness/dag-specs.js';

const Z = (s: string): string => `${s.length === 10 ? s + 'T00:00:00' : s.length === 16 ? s + ':00' : s}+00:00`;

function history(overrides: Partial<ScheduleHistory> = {}): ScheduleHistory {
  return {
    isPaused: false,
    hasImportErrors: false,
    lastAutomatedDataIntervalEnd: null,
    activeRuns: 0,
    isLogicalDateTaken: () => false,
    ...overrides,
  };
}

const cron = (expression: string): ScheduleSpec => ({ kind: 'cron', expression });

interface Row {
  name: string;
  schedule: ScheduleSpec;
  start: string | null;
  now: string;
  catchup: boolean;
  end?: string;
  timezone?: string;
  runs: [string, string][];
  next: [string, string, string] | null;
}

/** The reference's worked-examples table (airflow-scheduling.md §3.4), then timezones, DST and timedelta. */
const rows: Row[] = [
  {
    name: 'cron with catchup creates every missed interval',
    schedule: cron('0 6 * * *'),
    start: '2024-01-01',
    now: '2024-01-03T10:00',
    catchup: true,
    runs: [
      ['2024-01-01T06:00', '2024-01-02T06:00'],
      ['2024-01-02T06:00', '2024-01-03T06:00'],
    ],
    next: ['2024-01-03T06:00', '2024-01-04T06:00', '2024-01-04T06:00'],
  },
  {
    name: 'cron without catchup creates only the latest complete interval',
    schedule: cron('0 6 * * *'),
    start: '2024-01-01',
    now: '2024-01-03T10:00',
    catchup: false,
    runs: [['2024-01-02T06:00', '2024-01-03T06:00']],
    next: ['2024-01-03T06:00', '2024-01-04T06:00', '2024-01-04T06:00'],
  },
  {
    name: 'a start date between ticks is aligned up to the next tick',
    schedule: cron('0 0 * * *'),
    start: '2024-01-01T12:00',
    now: '2024-01-04T01:00',
    catchup: true,
    runs: [
      ['2024-01-02', '2024-01-03'],
      ['2024-01-03', '2024-01-04'],
    ],
    next: ['2024-01-04', '2024-01-05', '2024-01-05'],
  },
  {
    name: 'a future start date creates nothing until one interval after it (catchup)',
    schedule: cron('0 0 * * *'),
    start: '2024-06-01',
    now: '2024-05-20',
    catchup: true,
    runs: [],
    next: ['2024-06-01', '2024-06-02', '2024-06-02'],
  },
  {
    name: 'a future start date creates nothing until one interval after it (no catchup)',
    schedule: cron('0 0 * * *'),
    start: '2024-06-01',
    now: '2024-05-20',
    catchup: false,
    runs: [],
    next: ['2024-06-01', '2024-06-02', '2024-06-02'],
  },
  {
    name: 'end_date is compared with the interval start, so the interval starting at it still runs',
    schedule: cron('0 0 * * *'),
    start: '2024-01-01',
    now: '2024-01-10',
    catchup: true,
    end: '2024-01-03',
    runs: [
      ['2024-01-01', '2024-01-02'],
      ['2024-01-02', '2024-01-03'],
      ['2024-01-03', '2024-01-04'],
    ],
    next: null,
  },
  {
    name: '@once runs once at the start date whatever catchup says',
    schedule: { kind: 'once' },
    start: '2024-01-01T08:00',
    now: '2024-02-01',
    catchup: false,
    runs: [['2024-01-01T08:00', '2024-01-01T08:00']],
    next: null,
  },
  {
    name: 'None is never scheduled',
    schedule: { kind: 'none' },
    start: '2024-01-01',
    now: '2024-02-01',
    catchup: true,
    runs: [],
    next: null,
  },
  {
    name: 'a DAG without start_date is never scheduled',
    schedule: cron('@daily'),
    start: null,
    now: '2024-02-01',
    catchup: true,
    runs: [],
    next: null,
  },
  {
    name: 'now exactly on a boundary without catchup takes the interval ending now',
    schedule: cron('0 6 * * *'),
    start: '2024-01-01',
    now: '2024-01-03T06:00',
    catchup: false,
    runs: [['2024-01-02T06:00', '2024-01-03T06:00']],
    next: ['2024-01-03T06:00', '2024-01-04T06:00', '2024-01-04T06:00'],
  },
  {
    name: 'cron runs in the start date timezone; ids and intervals are UTC',
    schedule: cron('@daily'),
    start: '2023-12-31T23:00',
    now: '2024-01-02T00:00',
    catchup: true,
    timezone: 'Europe/Amsterdam',
    runs: [['2023-12-31T23:00', '2024-01-01T23:00']],
    next: ['2024-01-01T23:00', '2024-01-02T23:00', '2024-01-02T23:00'],
  },
  {
    name: 'a wall time skipped by spring-forward moves forward by the gap',
    schedule: cron('0 2 * * *'),
    start: '2024-03-29T01:00',
    now: '2024-04-01T12:00',
    catchup: true,
    timezone: 'Europe/Amsterdam',
    runs: [
      ['2024-03-29T01:00', '2024-03-30T01:00'],
      ['2024-03-30T01:00', '2024-03-31T01:00'],
      ['2024-03-31T01:00', '2024-04-01T00:00'],
    ],
    next: ['2024-04-01T00:00', '2024-04-02T00:00', '2024-04-02T00:00'],
  },
  {
    name: 'a wall time repeated by fall-back runs at its second occurrence',
    schedule: cron('0 2 * * *'),
    start: '2024-10-26T00:00',
    now: '2024-10-28T12:00',
    catchup: true,
    timezone: 'Europe/Amsterdam',
    runs: [
      ['2024-10-26T00:00', '2024-10-27T01:00'],
      ['2024-10-27T01:00', '2024-10-28T01:00'],
    ],
    next: ['2024-10-28T01:00', '2024-10-29T01:00', '2024-10-29T01:00'],
  },
  {
    name: 'an hourly schedule keeps the repeated hour at fall-back',
    schedule: cron('30 * * * *'),
    start: '2024-10-27T00:30',
    now: '2024-10-27T03:00',
    catchup: true,
    timezone: 'Europe/Amsterdam',
    runs: [
      ['2024-10-27T00:30', '2024-10-27T01:30'],
      ['2024-10-27T01:30', '2024-10-27T02:30'],
    ],
    next: ['2024-10-27T02:30', '2024-10-27T03:30', '2024-10-27T03:30'],
  },
  {
    name: 'a timedelta schedule with catchup steps from the start date',
    schedule: { kind: 'delta', seconds: 6 * 3600 },
    start: '2024-01-01T01:00',
    now: '2024-01-02T00:00',
    catchup: true,
    runs: [
      ['2024-01-01T01:00', '2024-01-01T07:00'],
      ['2024-01-01T07:00', '2024-01-01T13:00'],
      ['2024-01-01T13:00', '2024-01-01T19:00'],
    ],
    next: ['2024-01-01T19:00', '2024-01-02T01:00', '2024-01-02T01:00'],
  },
  {
    name: 'a timedelta schedule without catchup is epoch-aligned (Airflow 2.8+)',
    schedule: { kind: 'delta', seconds: 6 * 3600 },
    start: '2024-01-01T01:00',
    now: '2024-01-02T02:00',
    catchup: false,
    runs: [['2024-01-01T18:00', '2024-01-02T00:00']],
    next: ['2024-01-02T00:00', '2024-01-02T06:00', '2024-01-02T06:00'],
  },
];

describe('planRuns: worked examples', () => {
  it.each(rows)('$name', (row) => {
    const dag: DagSpec = dagSpec({
      schedule: row.schedule,
      startDate: row.start && Z(row.start),
      endDate: row.end ? Z(row.end) : null,
      catchup: row.catchup,
      timezone: row.timezone ?? 'UTC',
    });
    const plan = planRuns(new Date(Z(row.now)), dag, history());
    expect(plan.create.map((r) => [r.dataIntervalStart, r.dataIntervalEnd])).toEqual(
      row.runs.map(([s, e]) => [Z(s), Z(e)]),
    );
    expect(plan.create.map((r) => r.runId)).toEqual(row.runs.map(([s]) => `scheduled__${Z(s)}`));
    expect(plan.next && [plan.next.nextDagrun, plan.next.dataIntervalEnd, plan.next.createAfter]).toEqual(
      // biome-ignore lint/complexity/useOptionalChain: a missing next must stay null, not become undefined
      row.next && row.next.map(Z),
    );
  });
});

describe('planRuns: limits and history', () => {
  const daily = dagSpec({ schedule: cron('0 0 * * *'), startDate: Z('2024-01-01') });
  const now = new Date(Z('2024-01-31'));

  it('creates no more than max_active_runs, counting runs already active', () => {
    const plan = planRuns(now, { ...daily, maxActiveRuns: 3 }, history({ activeRuns: 1 }));
    expect(plan.create.map((r) => r.logicalDate)).toEqual([Z('2024-01-01'), Z('2024-01-02')]);
    expect(plan.atMaxActiveRuns).toBe(true);
    expect(plan.next).toMatchObject({ nextDagrun: Z('2024-01-03'), createAfter: null });
  });

  it('handles at most `limit` due intervals per call, created or skipped, and resumes from the watermark', () => {
    const fromYearOne = { ...daily, startDate: Z('0001-01-01'), maxActiveRuns: 1_000_000 };
    const taken = new Set([Z('0001-01-02')]);
    const first = planRuns(now, fromYearOne, history({ isLogicalDateTaken: (d) => taken.has(d) }), { limit: 5 });
    expect(first.create.map((r) => r.logicalDate)).toEqual([
      Z('0001-01-01'),
      Z('0001-01-03'),
      Z('0001-01-04'),
      Z('0001-01-05'),
    ]);
    expect(first.skipped).toHaveLength(1);
    expect(first.next).toMatchObject({ nextDagrun: Z('0001-01-06'), createAfter: Z('0001-01-07') });
    const second = planRuns(now, fromYearOne, history({ lastAutomatedDataIntervalEnd: first.watermark }), {
      limit: 5,
    });
    expect(second.create[0]!.logicalDate).toBe(Z('0001-01-06'));
  });

  it.each([
    ['a daily DAG starting on 9999-12-31', dagSpec({ schedule: cron('0 0 * * *'), startDate: Z('9999-12-31') })],
    [
      'a timedelta that leaves year 9999 (found by the fuzz test)',
      dagSpec({
        schedule: { kind: 'delta', seconds: 99_121_230 * 86_400 },
        startDate: Z('4375-12-30'),
        catchup: false,
      }),
    ],
  ])('gives %s no next run: its interval ends past Python’s last datetime', (_name, dag) => {
    expect(planRuns(now, dag, history())).toMatchObject({ create: [], next: null });
  });

  it('continues from the watermark after a restart', () => {
    const plan = planRuns(now, daily, history({ lastAutomatedDataIntervalEnd: Z('2024-01-29') }));
    expect(plan.create.map((r) => r.logicalDate)).toEqual([Z('2024-01-29'), Z('2024-01-30')]);
    expect(plan.watermark).toBe(Z('2024-01-31'));
  });

  it('without catchup, a long pause ends with one run for the latest complete interval', () => {
    const plan = planRuns(
      now,
      { ...daily, catchup: false },
      history({ lastAutomatedDataIntervalEnd: Z('2024-01-05') }),
    );
    expect(plan.create.map((r) => r.logicalDate)).toEqual([Z('2024-01-30')]);
  });

  it('skips a logical date a manual run already holds and moves the schedule on', () => {
    const taken = new Set([Z('2024-01-29')]);
    const plan = planRuns(
      now,
      daily,
      history({ lastAutomatedDataIntervalEnd: Z('2024-01-29'), isLogicalDateTaken: (d) => taken.has(d) }),
    );
    expect(plan.skipped.map((r) => r.logicalDate)).toEqual([Z('2024-01-29')]);
    expect(plan.create.map((r) => r.logicalDate)).toEqual([Z('2024-01-30')]);
    expect(plan.watermark).toBe(Z('2024-01-31'));
  });

  it.each([
    ['paused', { isPaused: true }],
    ['inactive', { isActive: false }],
    ['broken by an import error', { hasImportErrors: true }],
  ])('creates nothing for a %s DAG but still reports the next run', (_name, h) => {
    const plan = planRuns(now, daily, history(h));
    expect(plan.create).toEqual([]);
    expect(plan.next).toMatchObject({ nextDagrun: Z('2024-01-01'), createAfter: Z('2024-01-02') });
  });

  it('@continuous starts a run at once and the next one when the previous finished', () => {
    const dag = dagSpec({ schedule: { kind: 'continuous' }, startDate: Z('2024-01-01'), maxActiveRuns: 1 });
    const first = planRuns(now, dag, history());
    expect(first.create.map((r) => [r.dataIntervalStart, r.dataIntervalEnd])).toEqual([
      [Z('2024-01-01'), Z('2024-01-31')],
    ]);
    const later = new Date(Z('2024-01-31T00:05'));
    expect(
      planRuns(later, dag, history({ lastAutomatedDataIntervalEnd: first.watermark, activeRuns: 1 })).create,
    ).toEqual([]);
    const second = planRuns(later, dag, history({ lastAutomatedDataIntervalEnd: first.watermark }));
    expect(second.create.map((r) => [r.dataIntervalStart, r.dataIntervalEnd])).toEqual([
      [Z('2024-01-31'), Z('2024-01-31T00:05')],
    ]);
  });

  it('@once does not run again after its run', () => {
    const dag = dagSpec({ schedule: { kind: 'once' }, startDate: Z('2024-01-01') });
    expect(planRuns(now, dag, history({ lastAutomatedDataIntervalEnd: Z('2024-01-01') }))).toMatchObject({
      create: [],
      next: null,
    });
  });
});

describe('a cron that never fires', () => {
  it.each([true, false])('plans no run and no next run, with croniter’s reason (catchup=%s)', (catchup) => {
    const plan = planRuns(
      new Date('2024-06-01T00:00:00Z'),
      dagSpec({ schedule: cron('0 0 31 2 *'), catchup }),
      history(),
    );
    expect(plan).toMatchObject({ create: [], next: null, watermark: null });
    expect(plan.exhausted).toMatch(
      /^failed to find (next|prev) date: schedule "0 0 31 2 \*" has no time within 50 years/,
    );
  });
});
