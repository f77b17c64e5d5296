import { describe, expect, it } from 'vitest';
import { dagScheduleFields, scheduleIntervalJson } from '../../../agent/schedule/dag-schedule-fields.js';
import { nextExecutions } from '../../../agent/schedule/next-executions.js';
import { MemoryRunStore } from '../../../agent/runs/memory-run-store.js';
import { dagSpec } from '../../../harness/dag-specs.js';

const now = new Date('2024-01-03T10:00:00Z');

describe('DAG scheduling fields for the API', () => {
  it('reports the next run, its interval and when it will be created', () => {
    const dag = dagSpec({ schedule: { kind: 'cron', expression: '0 6 * * *' } });
    const store = new MemoryRunStore();
    store.upsertDag({
      dagId: 'd',
      relativeFileloc: 'd.py',
      pausedUponCreation: true,
      hasImportErrors: false,
      parsedAt: '2024-01-03T10:00:00+00:00',
    });
    store.setWatermark('d', '2024-01-03T06:00:00+00:00');
    expect(dagScheduleFields(dag, store, now)).toEqual({
      schedule_interval: { __type: 'CronExpression', value: '0 6 * * *' },
      timetable_description: 'At 06:00',
      next_dagrun: '2024-01-03T06:00:00+00:00',
      next_dagrun_data_interval_start: '2024-01-03T06:00:00+00:00',
      next_dagrun_data_interval_end: '2024-01-04T06:00:00+00:00',
      next_dagrun_create_after: '2024-01-04T06:00:00+00:00',
    });
  });

  it.each([
    [
      { schedule: { kind: 'cron', expression: '0 0 * * *' }, scheduleAsWritten: '@daily' },
      { __type: 'CronExpression', value: '@daily' },
    ],
    [
      { schedule: { kind: 'delta', seconds: 90061.5 }, scheduleAsWritten: { timedelta_seconds: 90061.5 } },
      { __type: 'TimeDelta', days: 1, seconds: 3661, microseconds: 500000 },
    ],
    [{ schedule: { kind: 'none' }, scheduleAsWritten: null }, null],
    [
      { schedule: { kind: 'once' }, scheduleAsWritten: '@once' },
      { __type: 'CronExpression', value: '@once' },
    ],
  ] as const)('serializes schedule_interval %j as Airflow does', (dag, expected) => {
    expect(scheduleIntervalJson(dag as never)).toEqual(expected);
  });

  it('gives Airflow’s descriptions for the trivial timetables', () => {
    const store = new MemoryRunStore();
    expect(dagScheduleFields(dagSpec({ schedule: { kind: 'none' } }), store, now)).toMatchObject({
      timetable_description: 'Never, external triggers only',
      next_dagrun: null,
    });
    expect(dagScheduleFields(dagSpec({ schedule: { kind: 'once' } }), store, now).timetable_description).toBe(
      'Once, as soon as possible',
    );
  });
});

describe('nextExecutions (dags next-execution)', () => {
  it('lists the next logical dates, unrestricted after the first', () => {
    const dag = dagSpec({ schedule: { kind: 'cron', expression: '0 6 * * *' }, endDate: '2024-01-01T12:00:00+00:00' });
    expect(nextExecutions(dag, new MemoryRunStore(), now, 3)).toEqual({
      paused: false,
      starts: ['2024-01-01T06:00:00+00:00', '2024-01-02T06:00:00+00:00', '2024-01-03T06:00:00+00:00'],
    });
  });

  it('prints None for @once after its run and reports a paused DAG', () => {
    const store = new MemoryRunStore();
    store.upsertDag({
      dagId: 'd',
      relativeFileloc: 'd.py',
      pausedUponCreation: true,
      hasImportErrors: false,
      parsedAt: '2024-01-03T10:00:00+00:00',
    });
    store.setWatermark('d', '2024-01-01T00:00:00+00:00');
    expect(nextExecutions(dagSpec({ schedule: { kind: 'once' } }), store, now, 2)).toEqual({
      paused: true,
      starts: [null, null],
    });
  });
});
