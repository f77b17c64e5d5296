import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { airflowProfile } from '../../../agent/airflow/profile-lookup.js';
import type { ScheduleSpec } from '../../../agent/dags/dag-model.js';
import { isoformatUtc } from '../../../agent/python/datetime-format.js';
import { MemoryRunStore } from '../../../agent/runs/memory-run-store.js';
import { createTimetable } from '../../../agent/schedule/create-timetable.js';
import { createManualRun } from '../../../agent/schedule/manual-run.js';
import { planRuns } from '../../../agent/schedule/plan-runs.js';
import { dagSpec } from '../../../harness/dag-specs.js';
import { DST_TRANSITIONS } from './dst-cases.js';

/**
 * The schedule table against real Airflow 3.0.6 and 3.3.1 (`infra/setup.d/21-airflow3.sh`), and the 2.10 venv
 * for the trigger cases: the same run sets, run ids, logical dates, data intervals and run_after, case by case.
 * A cron string or timedelta is what the parser makes of it on the version (3.x: the trigger timetables).
 */
const VERSIONS = [
  { version: '3.0.6', venv: 'airflow-3.0.6' },
  { version: '3.3.1', venv: 'airflow-3.3.1' },
] as const;
const oracle = new URL('./airflow-timetable-oracle.py', import.meta.url).pathname;
const venvPython = (venv: string): string => new URL(`../../../.venv/${venv}/bin/python`, import.meta.url).pathname;

type Explicit =
  | 'cron_trigger'
  | 'cron_data_interval'
  | 'delta_trigger'
  | 'delta_data_interval'
  | 'multiple_cron_trigger';

interface PlanCase {
  kind: 'cron' | 'delta';
  expr?: string;
  exprs?: string[];
  seconds?: number;
  tz?: string;
  start: string;
  end?: string;
  now: string;
  catchup: boolean;
  timetable?: Explicit;
  interval_seconds?: number;
  run_immediately?: boolean | number;
}

const DST: PlanCase[] = [
  ...DST_TRANSITIONS,
  {
    kind: 'cron',
    expr: '0 2 * * *',
    tz: 'Europe/Amsterdam',
    start: '2024-03-30T01:00:00Z',
    now: '2024-04-01T12:00:00Z',
    catchup: false,
  },
  {
    kind: 'cron',
    expr: '30 * * * *',
    tz: 'Europe/Amsterdam',
    start: '2024-10-26T22:30:00Z',
    now: '2024-10-27T02:40:00Z',
    catchup: false,
  },
];

const CRON: PlanCase[] = [
  {
    kind: 'cron',
    expr: '0 0 * * 1-5',
    tz: 'Asia/Kolkata',
    start: '2024-01-01T00:00:00Z',
    now: '2024-01-10T00:00:00Z',
    catchup: true,
  },
  { kind: 'cron', expr: '0 6 * * *', start: '2024-01-01T00:00:00Z', now: '2024-01-03T10:00:00Z', catchup: true },
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
  { kind: 'cron', expr: '0 0 31 2 *', start: '2024-01-01T00:00:00Z', now: '2024-03-01T00:00:00Z', catchup: true },
];

const PRESETS: PlanCase[] = [
  { kind: 'cron', expr: '@daily', start: '2024-01-01T00:00:00Z', now: '2024-01-03T10:00:00Z', catchup: false },
  { kind: 'cron', expr: '@daily', start: '2024-01-01T00:00:00Z', now: '2024-01-03T10:00:00Z', catchup: true },
  { kind: 'cron', expr: '@hourly', start: '2024-01-01T00:00:00Z', now: '2024-01-01T03:30:00Z', catchup: true },
  {
    kind: 'cron',
    expr: '@weekly',
    tz: 'Europe/London',
    start: '2024-03-01T00:00:00Z',
    now: '2024-04-15T00:00:00Z',
    catchup: false,
  },
  { kind: 'cron', expr: '@monthly', start: '2024-01-15T00:00:00Z', now: '2024-05-02T00:00:00Z', catchup: true },
  { kind: 'cron', expr: '@once', start: '2024-01-01T00:00:00Z', now: '2024-01-03T00:00:00Z', catchup: false },
  { kind: 'cron', expr: '@once', start: '2024-01-05T00:00:00Z', now: '2024-01-03T00:00:00Z', catchup: true },
];

const DELTA: PlanCase[] = [
  { kind: 'delta', seconds: 3600, start: '2024-01-01T00:00:00Z', now: '2024-01-01T03:30:00Z', catchup: true },
  { kind: 'delta', seconds: 3600, start: '2024-01-01T00:00:00Z', now: '2024-01-01T03:30:00Z', catchup: false },
  { kind: 'delta', seconds: 6 * 3600, start: '2024-01-01T01:00:00Z', now: '2024-01-02T02:00:00Z', catchup: false },
  { kind: 'delta', seconds: 7 * 3600, start: '2024-01-01T01:00:00Z', now: '2024-01-02T02:00:00Z', catchup: true },
  { kind: 'delta', seconds: 5400, start: '2024-01-01T00:10:00Z', now: '2024-01-01T09:17:00Z', catchup: false },
  {
    kind: 'delta',
    seconds: 86400,
    start: '2024-03-30T22:00:00Z',
    tz: 'Europe/Amsterdam',
    now: '2024-04-02T00:00:00Z',
    catchup: true,
  },
];

const EXPLICIT: PlanCase[] = [
  {
    kind: 'cron',
    expr: '0 6 * * *',
    timetable: 'cron_trigger',
    run_immediately: true,
    start: '2024-01-01T00:00:00Z',
    now: '2024-01-03T10:00:00Z',
    catchup: false,
  },
  {
    kind: 'cron',
    expr: '0 6 * * *',
    timetable: 'cron_trigger',
    interval_seconds: 3600,
    start: '2024-01-01T00:00:00Z',
    now: '2024-01-03T10:00:00Z',
    catchup: true,
  },
  {
    kind: 'cron',
    expr: '0 6 * * *',
    timetable: 'cron_trigger',
    interval_seconds: 3600,
    start: '2024-01-01T00:00:00Z',
    now: '2024-01-03T10:00:00Z',
    catchup: false,
  },
  {
    kind: 'cron',
    expr: '0 2 * * *',
    tz: 'Europe/Amsterdam',
    timetable: 'cron_trigger',
    interval_seconds: 86400,
    start: '2024-10-25T00:00:00Z',
    now: '2024-10-29T12:00:00Z',
    catchup: true,
  },
  {
    kind: 'cron',
    expr: '0 6 * * *',
    timetable: 'cron_data_interval',
    start: '2024-01-01T00:00:00Z',
    now: '2024-01-03T10:00:00Z',
    catchup: true,
  },
  {
    kind: 'cron',
    expr: '0 6 * * *',
    timetable: 'cron_data_interval',
    start: '2024-01-01T00:00:00Z',
    now: '2024-01-03T10:00:00Z',
    catchup: false,
  },
  {
    kind: 'delta',
    seconds: 14400,
    timetable: 'delta_data_interval',
    start: '2024-01-01T00:00:00Z',
    now: '2024-01-01T13:00:00Z',
    catchup: true,
  },
  {
    kind: 'delta',
    seconds: 14400,
    timetable: 'delta_trigger',
    start: '2024-01-01T00:00:00Z',
    now: '2024-01-01T13:00:00Z',
    catchup: true,
  },
  {
    kind: 'cron',
    timetable: 'multiple_cron_trigger',
    exprs: ['0 6 * * *', '30 18 * * *'],
    start: '2024-01-01T00:00:00Z',
    now: '2024-01-02T20:00:00Z',
    catchup: true,
  },
  {
    kind: 'cron',
    timetable: 'multiple_cron_trigger',
    exprs: ['0 6 * * *', '30 18 * * *'],
    start: '2024-01-01T00:00:00Z',
    now: '2024-01-02T20:00:00Z',
    catchup: false,
  },
];

const PLAN_CASES: PlanCase[] = [...DST, ...CRON, ...PRESETS, ...DELTA, ...EXPLICIT];

interface ManualCase {
  kind: 'cron' | 'delta';
  expr?: string;
  seconds?: number;
  tz?: string;
  at: string;
}
const MANUAL_CASES: ManualCase[] = [
  { kind: 'cron', expr: '0 6 * * *', at: '2024-01-03T10:15:42Z' },
  { kind: 'cron', expr: '0 2 * * *', tz: 'Europe/Amsterdam', at: '2024-03-31T08:00:00Z' },
  { kind: 'delta', seconds: 3600, at: '2024-01-03T10:15:42Z' },
];

interface TriggerCase {
  kind: 'cron' | 'delta' | 'none';
  expr?: string;
  seconds?: number;
  start: string;
  trigger: { at: string; logical_date: string | null; replace_microseconds?: boolean };
}
const AT = '2024-06-15T12:34:56.789Z';
const TRIGGER_CASES: TriggerCase[] = [
  { kind: 'cron', expr: '0 6 * * *', start: '2024-01-01T00:00:00Z', trigger: { at: AT, logical_date: null } },
  {
    kind: 'cron',
    expr: '0 6 * * *',
    start: '2024-01-01T00:00:00Z',
    trigger: { at: AT, logical_date: '2024-06-15T00:00:00+00:00' },
  },
  { kind: 'none', start: '2024-01-01T00:00:00Z', trigger: { at: AT, logical_date: null } },
  { kind: 'none', start: '2024-01-01T00:00:00Z', trigger: { at: AT, logical_date: '2024-06-15T10:00:00.5+00:00' } },
  {
    kind: 'none',
    start: '2024-01-01T00:00:00Z',
    trigger: { at: AT, logical_date: '2024-06-15T10:00:00.5+00:00', replace_microseconds: false },
  },
  { kind: 'delta', seconds: 3600, start: '2024-01-01T00:00:00Z', trigger: { at: AT, logical_date: null } },
];

/** What the version's parser makes of the case's schedule. */
function scheduleOf(c: {
  kind: string;
  expr?: string;
  exprs?: string[];
  seconds?: number;
  timetable?: Explicit;
  tz?: string;
  interval_seconds?: number;
  run_immediately?: boolean | number;
}): ScheduleSpec {
  const intervalSeconds = c.interval_seconds ?? 0;
  const runImmediately = c.run_immediately ?? false;
  if (c.kind === 'none') return { kind: 'none' };
  if (c.expr === '@once') return { kind: 'once' };
  switch (c.timetable) {
    case 'cron_data_interval':
      return { kind: 'cron', expression: c.expr!, timezone: c.tz };
    case 'delta_data_interval':
      return { kind: 'delta', seconds: c.seconds! };
    case 'multiple_cron_trigger':
      return { kind: 'multiple-cron-trigger', expressions: c.exprs!, intervalSeconds, runImmediately, timezone: c.tz };
    case 'delta_trigger':
      return { kind: 'delta-trigger', seconds: c.seconds!, intervalSeconds };
    default:
      return c.kind === 'cron'
        ? {
            kind: 'cron-trigger',
            expression: c.expr!,
            intervalSeconds,
            runImmediately,
            timezone: c.timetable ? c.tz : undefined,
          }
        : { kind: 'delta-trigger', seconds: c.seconds!, intervalSeconds };
  }
}

const iso = (s: string): string => isoformatUtc(new Date(s));

function askOracle(python: string, cases: unknown[]): unknown[] {
  const home = mkdtempSync(join(tmpdir(), 'airflow-home-'));
  try {
    const out = spawnSync(python, [oracle], {
      input: JSON.stringify(cases),
      env: { ...process.env, AIRFLOW_HOME: home, AIRFLOW__CORE__LOAD_EXAMPLES: 'False', PYTHONWARNINGS: 'ignore' },
      encoding: 'utf8',
      timeout: 180_000,
    });
    if (out.status !== 0) throw new Error(`Airflow oracle failed: ${out.stderr}`);
    return JSON.parse(out.stdout) as unknown[];
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

interface OracleRun {
  data_interval: [string, string];
  logical_date: string;
  run_after: string;
  run_id: string;
}

describe.each(VERSIONS)('schedules as Airflow $version does (differential)', ({ version, venv }) => {
  const python = venvPython(venv);
  describe.skipIf(!existsSync(python) && !process.env.CI)(`needs .venv/${venv}`, () => {
    const profile = airflowProfile(version);
    const planned = PLAN_CASES.map((c) => ({ ...c, detail: true }));
    const answers = askOracle(python, [
      ...planned,
      ...MANUAL_CASES.map((c) => ({ ...c, detail: true })),
      ...TRIGGER_CASES,
    ]);
    const planAnswers = answers.slice(0, PLAN_CASES.length);
    const manualAnswers = answers.slice(PLAN_CASES.length, PLAN_CASES.length + MANUAL_CASES.length);
    const triggerAnswers = answers.slice(PLAN_CASES.length + MANUAL_CASES.length);

    it.each(PLAN_CASES.map((c, i) => [JSON.stringify(c), c, planAnswers[i]] as const))(
      'plans the same runs, run ids, data intervals and next run: %s',
      (_name, c, expected) => {
        const dag = dagSpec({
          schedule: scheduleOf(c),
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
          { limit: 200, runIdDate: profile.runs.scheduledRunIdDate },
        );
        const want = expected as { runs: OracleRun[]; next: OracleRun | null; error?: string };
        expect(want.error).toBeUndefined();
        expect(
          plan.create.map((r) => ({
            data_interval: [r.dataIntervalStart, r.dataIntervalEnd],
            logical_date: r.logicalDate,
            run_after: r.runAfter,
            run_id: r.runId,
          })),
        ).toEqual(want.runs);
        expect(plan.next && [plan.next.dataIntervalStart, plan.next.dataIntervalEnd, plan.next.createAfter]).toEqual(
          want.next && [...want.next.data_interval, want.next.run_after],
        );
      },
    );

    it.each(MANUAL_CASES.map((c, i) => [JSON.stringify(c), c, manualAnswers[i]] as const))(
      'infers the data interval of a manual run as the timetable does: %s',
      (_name, c, expected) => {
        const tt = createTimetable(dagSpec({ schedule: scheduleOf(c), timezone: c.tz ?? 'UTC' }));
        const interval = tt.inferManualDataInterval(new Date(c.at));
        expect([isoformatUtc(interval.start), isoformatUtc(interval.end)]).toEqual(
          (expected as { data_interval: string[] }).data_interval,
        );
      },
    );

    it.each(TRIGGER_CASES.map((c, i) => [JSON.stringify(c), c, triggerAnswers[i]] as const))(
      'triggers a manual run with the same id, logical date, data interval and run_after: %s',
      (_name, c, expected) => {
        const store = new MemoryRunStore();
        const run = createManualRun(store, dagSpec({ schedule: scheduleOf(c), startDate: iso(c.start) }), {
          now: new Date(c.trigger.at),
          logicalDate: c.trigger.logical_date,
          replaceMicroseconds: c.trigger.replace_microseconds ?? true,
          runs: profile.runs,
          randomSuffix: () => 'RANDOMXX',
        });
        const want = expected as {
          run_id: string;
          logical_date: string | null;
          data_interval: string[] | null;
          run_after: string;
        };
        // The suffix is random in Airflow too: the same shape, 8 letters and digits.
        const runId = run.runId.replace(/_RANDOMXX$/, want.run_id.match(/_[A-Za-z0-9]{8}$/)?.[0] ?? '_RANDOMXX');
        expect({
          run_id: runId,
          logical_date: run.logicalDate,
          data_interval: run.dataIntervalStart && [run.dataIntervalStart, run.dataIntervalEnd],
          run_after: run.runAfter,
        }).toEqual(want);
      },
    );
  });
});

describe.skipIf(!existsSync(venvPython('airflow')) && !process.env.CI)(
  'triggers manual runs as Airflow 2.10 does (differential, needs .venv/airflow)',
  () => {
    const profile = airflowProfile('2.10.5');
    const answers = askOracle(venvPython('airflow'), TRIGGER_CASES);
    it.each(TRIGGER_CASES.map((c, i) => [JSON.stringify(c), c, answers[i]] as const))(
      'same id, logical date and data interval: %s',
      (_name, c, expected) => {
        const store = new MemoryRunStore();
        const run = createManualRun(store, dagSpec({ schedule: scheduleOf2(c), startDate: iso(c.start) }), {
          now: new Date(c.trigger.at),
          logicalDate: c.trigger.logical_date ?? undefined,
          replaceMicroseconds: c.trigger.replace_microseconds ?? true,
          runs: profile.runs,
        });
        const want = expected as { run_id: string; logical_date: string; data_interval: string[] };
        expect({
          run_id: run.runId,
          logical_date: run.logicalDate,
          data_interval: [run.dataIntervalStart, run.dataIntervalEnd],
          run_after: null,
        }).toEqual(want);
      },
    );
  },
);

/** 2.10's reading of a cron string or timedelta: the data-interval timetables. */
function scheduleOf2(c: TriggerCase): ScheduleSpec {
  if (c.kind === 'none') return { kind: 'none' };
  return c.kind === 'cron' ? { kind: 'cron', expression: c.expr! } : { kind: 'delta', seconds: c.seconds! };
}
