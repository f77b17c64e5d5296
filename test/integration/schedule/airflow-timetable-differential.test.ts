import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScheduleSpec } from '../../../agent/dags/dag-model.js';
import { createTimetable } from '../../../agent/schedule/create-timetable.js';
import { planRuns } from '../../../agent/schedule/plan-runs.js';
import { isoformatUtc } from '../../../agent/python/datetime-format.js';
import { dagSpec } from '../../../harness/dag-specs.js';
import { DST_TRANSITIONS } from './dst-cases.js';

/** The Airflow 2.10 virtualenv that infra/setup.d/20-airflow.sh installs. */
const python = new URL('../../../.venv/airflow/bin/python', import.meta.url).pathname;
const oracle = new URL('./airflow-timetable-oracle.py', import.meta.url).pathname;

interface PlanCase {
  kind: 'cron' | 'delta';
  expr?: string;
  seconds?: number;
  tz?: string;
  start: string;
  end?: string;
  now: string;
  catchup: boolean;
}
interface ManualCase {
  kind: 'cron' | 'delta';
  expr?: string;
  seconds?: number;
  tz?: string;
  at: string;
}

const planCases: PlanCase[] = [
  ...DST_TRANSITIONS,
  {
    kind: 'cron',
    expr: '0 0 * * 1-5',
    tz: 'Asia/Kolkata',
    start: '2024-01-01T00:00:00Z',
    now: '2024-01-10T00:00:00Z',
    catchup: true,
  },
  { kind: 'cron', expr: '0 6 * * *', start: '2024-01-01T00:00:00Z', now: '2024-01-03T10:00:00Z', catchup: false },
  { kind: 'cron', expr: '0 6 * * *', start: '2024-01-01T00:00:00Z', now: '2024-01-03T06:00:00Z', catchup: false },
  { kind: 'cron', expr: '0 0 * * *', start: '2024-01-01T12:00:00Z', now: '2024-01-04T01:00:00Z', catchup: true },
  { kind: 'cron', expr: '0 0 * * *', start: '2024-06-01T00:00:00Z', now: '2024-05-20T00:00:00Z', catchup: false },
  {
    kind: 'cron',
    expr: '0 0 * * *',
    start: '2024-01-01T00:00:00Z',
    end: '2024-01-03T00:00:00Z',
    now: '2024-01-10T00:00:00Z',
    catchup: true,
  },
  { kind: 'cron', expr: '0 0 1,15 * 1', start: '2024-01-01T00:00:00Z', now: '2024-03-01T00:00:00Z', catchup: true },
  { kind: 'cron', expr: '0 12 L * *', start: '2024-01-01T00:00:00Z', now: '2024-06-01T00:00:00Z', catchup: true },
  { kind: 'cron', expr: '0 9 * * mon#2', start: '2024-01-01T00:00:00Z', now: '2024-06-01T00:00:00Z', catchup: true },
  { kind: 'cron', expr: '15 10 * * * 30', start: '2024-01-01T00:00:00Z', now: '2024-01-04T00:00:00Z', catchup: true },
  {
    kind: 'cron',
    expr: '@weekly',
    tz: 'Europe/London',
    start: '2024-03-01T00:00:00Z',
    now: '2024-04-15T00:00:00Z',
    catchup: false,
  },
  { kind: 'cron', expr: '0 0 31 2 *', start: '2024-01-01T00:00:00Z', now: '2024-03-01T00:00:00Z', catchup: true },
  { kind: 'cron', expr: '0 0 31 2 *', start: '2024-01-01T00:00:00Z', now: '2024-03-01T00:00:00Z', catchup: false },
  { kind: 'cron', expr: '0 0 1 1 * 0 2025', start: '2024-01-01T00:00:00Z', now: '2026-03-01T00:00:00Z', catchup: true },
  { kind: 'delta', seconds: 6 * 3600, start: '2024-01-01T01:00:00Z', now: '2024-01-02T02:00:00Z', catchup: false },
  { kind: 'delta', seconds: 7 * 3600, start: '2024-01-01T01:00:00Z', now: '2024-01-02T02:00:00Z', catchup: true },
  { kind: 'delta', seconds: 5400, start: '2024-01-01T00:10:00Z', now: '2024-01-01T09:17:00Z', catchup: false },
];

const manualCases: ManualCase[] = [
  { kind: 'cron', expr: '0 6 * * *', at: '2024-01-03T10:15:42Z' },
  { kind: 'cron', expr: '0 6 * * *', at: '2024-01-03T06:00:00Z' },
  { kind: 'cron', expr: '0 2 * * *', tz: 'Europe/Amsterdam', at: '2024-03-31T08:00:00Z' },
  { kind: 'cron', expr: '30 * * * *', tz: 'Europe/Amsterdam', at: '2024-10-27T01:45:00Z' },
  { kind: 'delta', seconds: 3600, at: '2024-01-03T10:15:42Z' },
];

function schedule(c: { kind: string; expr?: string; seconds?: number }): ScheduleSpec {
  return c.kind === 'cron' ? { kind: 'cron', expression: c.expr! } : { kind: 'delta', seconds: c.seconds! };
}

const iso = (s: string): string => isoformatUtc(new Date(s));

describe.skipIf(!existsSync(python) && !process.env.CI)(
  'timetables agree with Airflow 2.10 (differential, needs .venv/airflow)',
  () => {
    const home = mkdtempSync(join(tmpdir(), 'airflow-home-'));
    const out = spawnSync(python, [oracle], {
      input: JSON.stringify([...planCases, ...manualCases]),
      env: { ...process.env, AIRFLOW_HOME: home, AIRFLOW__CORE__LOAD_EXAMPLES: 'False', PYTHONWARNINGS: 'ignore' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    rmSync(home, { recursive: true, force: true });
    if (out.status !== 0) throw new Error(`Airflow oracle failed: ${out.stderr}`);
    const answers = JSON.parse(out.stdout) as unknown[];

    it.each(planCases.map((c, i) => [JSON.stringify(c), c, answers[i]] as const))(
      'plans like Airflow: %s',
      (_name, c, expected) => {
        const dag = dagSpec({
          schedule: schedule(c),
          timezone: c.tz ?? 'UTC',
          startDate: iso(c.start),
          endDate: c.end ? iso(c.end) : null,
          catchup: c.catchup,
        });
        const plan = planRuns(
          new Date(c.now),
          dag,
          {
            isPaused: false,
            hasImportErrors: false,
            lastAutomatedDataIntervalEnd: null,
            activeRuns: 0,
            isLogicalDateTaken: () => false,
          },
          { limit: 200 },
        );
        const got = {
          runs: plan.create.map((r) => [r.dataIntervalStart, r.dataIntervalEnd]),
          next: plan.next && [plan.next.dataIntervalStart, plan.next.dataIntervalEnd],
        };
        expect(got).toEqual(expected);
      },
    );

    it.each(manualCases.map((c, i) => [JSON.stringify(c), c, answers[planCases.length + i]] as const))(
      'infers manual data intervals like Airflow: %s',
      (_name, c, expected) => {
        const interval = createTimetable(
          dagSpec({ schedule: schedule(c), timezone: c.tz ?? 'UTC' }),
        ).inferManualDataInterval(new Date(c.at));
        expect([isoformatUtc(interval.start), isoformatUtc(interval.end)]).toEqual(expected);
      },
    );
  },
);
