import { describe, expect, it } from 'vitest';
import { airflowProfile } from '../../../agent/airflow/profile-lookup.js';
import { isAgentError } from '../../../agent/core/errors.js';
import type { ScheduleSpec } from '../../../agent/dags/dag-model.js';
import { MemoryRunStore } from '../../../agent/runs/memory-run-store.js';
import { createTimetable } from '../../../agent/schedule/create-timetable.js';
import { createManualRun } from '../../../agent/schedule/manual-run.js';
import { planRuns } from '../../../agent/schedule/plan-runs.js';
import { dagSpec } from '../../../harness/dag-specs.js';

const fresh = {
  isPaused: false,
  hasImportErrors: false,
  lastAutomatedDataIntervalEnd: null,
  activeRuns: 0,
  isLogicalDateTaken: () => false,
};
const cronTrigger = (runImmediately: boolean | number): ScheduleSpec => ({
  kind: 'cron-trigger',
  expression: '0 * * * *',
  intervalSeconds: 0,
  runImmediately,
});

describe('trigger timetables without a start date (Airflow 3)', () => {
  it.each([
    // _calc_first_run: within max(10% of the gap, 5 min) of the last fire time runs it, else waits.
    ['run_immediately=False, 4 min after the hour', false, '2024-01-01T10:04:00Z', ['2024-01-01T10:00:00+00:00']],
    ['run_immediately=False, 7 min after the hour', false, '2024-01-01T10:07:00Z', []],
    ['run_immediately=True, 50 min after the hour', true, '2024-01-01T10:50:00Z', ['2024-01-01T10:00:00+00:00']],
    ['run_immediately=15 min, 14 min after the hour', 900, '2024-01-01T10:14:00Z', ['2024-01-01T10:00:00+00:00']],
    ['run_immediately=15 min, 16 min after the hour', 900, '2024-01-01T10:16:00Z', []],
  ] as const)('catchup: %s', (_name, runImmediately, now, runs) => {
    const dag = dagSpec({ schedule: cronTrigger(runImmediately), startDate: null, catchup: true });
    expect(planRuns(new Date(now), dag, fresh).create.map((r) => r.logicalDate)).toEqual(runs);
  });

  it('starts a delta-trigger DAG without a start date at "now", then every delta after it', () => {
    const dag = dagSpec({
      schedule: { kind: 'delta-trigger', seconds: 3600, intervalSeconds: 0 },
      startDate: null,
      catchup: false,
    });
    const plan = planRuns(new Date('2024-01-01T10:07:30.250Z'), dag, fresh);
    expect(plan.create.map((r) => r.runId)).toEqual(['scheduled__2024-01-01T10:07:30.250000+00:00']);
    expect(plan.next?.createAfter).toBe('2024-01-01T11:07:30.250000+00:00');
  });

  it('names a scheduled run by its run_after on 3.2+ and by its logical date before', () => {
    const dag = dagSpec({
      schedule: { kind: 'cron-trigger', expression: '0 6 * * *', intervalSeconds: 3600, runImmediately: false },
      startDate: '2024-01-03T00:00:00+00:00',
      catchup: true,
    });
    const ids = (version: string) =>
      planRuns(new Date('2024-01-03T10:00:00Z'), dag, fresh, {
        runIdDate: airflowProfile(version).runs.scheduledRunIdDate,
      }).create.map((r) => [r.runId, r.logicalDate]);
    expect(ids('3.0.6')).toEqual([['scheduled__2024-01-03T05:00:00+00:00', '2024-01-03T05:00:00+00:00']]);
    expect(ids('3.3.1')).toEqual([['scheduled__2024-01-03T06:00:00+00:00', '2024-01-03T05:00:00+00:00']]);
  });

  it('describes a cron restricting day of month and of week as alternatives from 3.2', () => {
    const dag = dagSpec({ schedule: { kind: 'cron', expression: '0 0 1,15 * 1' } });
    expect(createTimetable(dag, { cronDescription: 'dom-or-dow' }).description).toBe(
      'At 00:00, on day 1 and 15 of the month (or) At 00:00, only on Monday',
    );
    expect(createTimetable(dag).description).toBe('At 00:00, on day 1 and 15 of the month, and on Monday');
  });
});

describe('manual runs per version', () => {
  const dag = dagSpec({ schedule: { kind: 'none' } });
  const now = new Date('2024-06-15T12:34:56.789Z');

  it('gives a 3.0 run without a logical date a random suffix, 3.3 none, and refuses one on 2.x', () => {
    const make = (version: string) =>
      createManualRun(new MemoryRunStore(), dag, {
        now,
        logicalDate: null,
        replaceMicroseconds: true,
        runs: airflowProfile(version).runs,
        randomSuffix: () => 'Xy12Ab34',
      }).runId;
    expect(make('3.0.6')).toBe('manual__2024-06-15T12:34:56.789000+00:00_Xy12Ab34');
    expect(make('3.3.1')).toBe('manual__2024-06-15T12:34:56.789000+00:00');
    let error: unknown;
    try {
      make('2.10.3');
    } catch (e) {
      error = e;
    }
    expect(isAgentError(error, 'API_BAD_REQUEST')).toBe(true);
  });

  it('leaves a 3.x run without a logical date by default, and a 2.x run at "now"', () => {
    const make = (version: string) =>
      createManualRun(new MemoryRunStore(), dag, {
        now,
        replaceMicroseconds: true,
        runs: airflowProfile(version).runs,
      });
    expect(make('3.3.1')).toMatchObject({
      logicalDate: null,
      dataIntervalStart: null,
      runAfter: '2024-06-15T12:34:56.789000+00:00',
    });
    expect(make('2.10.3')).toMatchObject({
      logicalDate: '2024-06-15T12:34:56+00:00',
      runId: 'manual__2024-06-15T12:34:56+00:00',
    });
  });

  it("rejects a logical date before the DAG's start date in the version's words", () => {
    const started = dagSpec({ schedule: { kind: 'none' }, startDate: '2024-06-01T00:00:00+00:00' });
    const message = (version: string) => {
      try {
        createManualRun(new MemoryRunStore(), started, {
          now,
          logicalDate: '2024-01-01T00:00:00+00:00',
          replaceMicroseconds: true,
          rejectBeforeStartDate: true,
          runs: airflowProfile(version).runs,
        });
      } catch (e) {
        return (e as Error).message;
      }
      return null;
    };
    expect(message('2.10.3')).toBe(
      "The execution_date [2024-01-01T00:00:00+00:00] should be >= start_date [2024-06-01T00:00:00+00:00] from DAG's default_args",
    );
    expect(message('3.0.6')).toBe(
      "Logical date [2024-01-01T00:00:00+00:00] should be >= start_date [2024-06-01T00:00:00+00:00] from DAG's default_args",
    );
    expect(message('3.3.1')).toMatch(/from Dag's default_args$/);
  });
});
