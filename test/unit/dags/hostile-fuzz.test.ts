import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apiDate, readIsoDate } from '../../../agent/api/api-date.js';
import { ManualClock } from '../../../agent/core/clock.js';
import { parseDagFile } from '../../../agent/dags/dag-file-parser.js';
import { createTimetable } from '../../../agent/schedule/create-timetable.js';
import { dagScheduleFields } from '../../../agent/schedule/dag-schedule-fields.js';
import { planRuns } from '../../../agent/schedule/plan-runs.js';
import { scheduleHistory } from '../../../agent/schedule/schedule-history.js';
import { MemoryRunStore } from '../../../agent/runs/memory-run-store.js';

/**
 * Generated hostile DAG files, cron strings and dates fed to the reader and the scheduler under the
 * agent's budgets: whatever the bucket holds, each step ends in bounded time with a result or a clear
 * error, never an internal one. Cases per run are bounded (fast-check prints the seed of a failure).
 */
const NOW = new Date('2024-06-15T12:34:56Z');
const LIMITS = { timeoutMs: 2_000, maxTasks: 2_000 };
/** Wall time any one step may take here (generous: the machine is shared). */
const STEP_MS = 8_000;

const cronField = fc.constantFrom(
  '*',
  '0',
  '1',
  '5',
  '29',
  '30',
  '31',
  '2',
  '12',
  '*/0',
  '*/7',
  '1-100',
  'L',
  '?',
  'x',
  '59',
  '-1',
);
const cron = fc.oneof(
  fc.array(cronField, { minLength: 4, maxLength: 7 }).map((f) => f.join(' ')),
  fc.constantFrom(
    '@daily',
    '@hourly',
    '@yearly',
    '@once',
    '@continuous',
    '@reboot',
    '@never',
    '0 0 31 2 *',
    '0 0 30 2 *',
  ),
  fc.string({ maxLength: 20 }),
);
const timedelta = fc
  .tuple(
    fc.constantFrom('days', 'seconds', 'microseconds', 'milliseconds', 'weeks'),
    fc.integer({ min: -5, max: 10 ** 9 }),
  )
  .map(([unit, n]) => `timedelta(${unit}=${n})`);
// Mostly valid parts, so most files reach the scheduler; the edges are where the bugs were.
const year = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 9999 }), weight: 4 },
  { arbitrary: fc.constantFrom(-1, 0, 1, 9999, 10000, 12_000), weight: 1 },
);
const month = fc.oneof({ arbitrary: fc.integer({ min: 1, max: 12 }), weight: 5 }, fc.constantFrom(0, 13));
const day = fc.oneof({ arbitrary: fc.integer({ min: 1, max: 28 }), weight: 5 }, fc.constantFrom(0, 29, 30, 31, 32));
const date = fc.tuple(year, month, day).map(([y, m, d]) => `datetime(${y}, ${m}, ${d})`);
const dateExpr = fc.oneof(
  { arbitrary: date, weight: 4 },
  fc.tuple(date, timedelta).map(([d, t]) => `${d} + ${t}`),
);
const schedule = fc.oneof(
  { arbitrary: fc.constantFrom('"@daily"', '"*/5 * * * *"', 'timedelta(hours=1)', 'None', '"0 6 * * 1-5"'), weight: 3 },
  cron.map((c) => JSON.stringify(c)),
  timedelta,
);
const dagId = fc.oneof(
  { arbitrary: fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/), weight: 4 },
  fc.string({ maxLength: 12 }),
  fc.constantFrom('a.b', '', '\u202e', 'x'.repeat(300)),
);
const nesting = fc.integer({ min: 0, max: 260 }).map((n) => `${'('.repeat(n)}1${')'.repeat(n)}`);
const body = fc.oneof(
  {
    arbitrary: fc
      .integer({ min: 1, max: 50 })
      .map((n) => `    for i in range(${n}):\n        EmptyOperator(task_id=f"t{i}")`),
    weight: 12,
  },
  fc.integer({ min: 0, max: 5_000 }).map((n) => `    for i in range(${n}):\n        EmptyOperator(task_id=f"t{i}")`),
  fc.integer({ min: 0, max: 100_000 }).map((n) => `    x = [i for i in range(${n}) for j in range(${n})]`),
  nesting.map((e) => `    y = ${e}`),
  fc.constant('    while True:\n        pass'),
  fc.constant('    EmptyOperator(task_id="t") >> EmptyOperator(task_id="t")'),
  fc.string({ maxLength: 40 }).map((s) => `    ${s}`),
);
const dagFile = fc
  .record({
    id: dagId,
    schedule,
    start: dateExpr,
    end: fc.option(dateExpr, { freq: 3 }),
    catchup: fc.boolean(),
    maxActiveRuns: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 64 }), weight: 4 }, fc.constantFrom(-1, 0, 10 ** 6)),
    body,
  })
  .map(
    (r) =>
      'from datetime import datetime, timedelta\nfrom airflow import DAG\nfrom airflow.operators.empty import EmptyOperator\n' +
      `with DAG(${JSON.stringify(r.id)}, schedule=${r.schedule}, start_date=${r.start}, ` +
      `${r.end ? `end_date=${r.end}, ` : ''}catchup=${r.catchup ? 'True' : 'False'}, max_active_runs=${r.maxActiveRuns}) as dag:\n` +
      `${r.body}\n`,
  );

async function timed<T>(what: string, fn: () => T | Promise<T>): Promise<T> {
  const t = performance.now();
  const out = await fn();
  expect(performance.now() - t, `${what} took too long`).toBeLessThan(STEP_MS);
  return out;
}

describe('hostile input fuzz (bounded cases per run)', () => {
  it('reads any generated DAG file in bounded time, and schedules what it reads in bounded batches', async () => {
    let scheduled = 0;
    await fc.assert(
      fc.asyncProperty(dagFile, async (source) => {
        const result = await timed('parseDagFile', () =>
          parseDagFile(
            { absolutePath: '/dags/f.py', relativePath: 'f.py', source },
            { clock: new ManualClock(NOW), limits: LIMITS },
          ),
        );
        for (const e of result.importErrors) expect(e.message).not.toMatch(/internal error|call stack/i);
        scheduled += result.dags.length > 0 ? 1 : 0;
        const store = new MemoryRunStore();
        for (const dag of result.dags) {
          const fields = await timed('dagScheduleFields', () => dagScheduleFields(dag, store, NOW));
          for (const v of Object.values(fields)) if (typeof v === 'string') apiDate(v);
          let timetable;
          try {
            timetable = createTimetable(dag);
          } catch {
            continue; // a schedule Airflow refuses: the DAG is not scheduled, and says why
          }
          const plan = await timed('planRuns', () =>
            planRuns(NOW, dag, scheduleHistory(store, undefined, dag.dagId, 0), { timetable, limit: 32 }),
          );
          expect(plan.create.length + plan.skipped.length).toBeLessThanOrEqual(32);
          for (const r of plan.create) expect(apiDate(r.logicalDate)).toBeTypeOf('string');
        }
      }),
      { numRuns: 120 },
    );
    // The generator must reach the scheduler, not only the reader's errors.
    expect(scheduled).toBeGreaterThan(10);
  }, 300_000);

  it('formats and reads any date string without throwing', () => {
    const iso = fc
      .tuple(
        fc.oneof(fc.integer({ min: -300_000, max: 300_000 }), fc.constantFrom(0, 1, 9999, 10000)),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.constantFrom('Z', '+00:00', '-05:00', '+14:00', '', '+99:99'),
        fc.constantFrom('', '.5', '.123456', '.1234567890'),
      )
      .map(
        ([y, m, d, tz, frac]) =>
          `${y < 0 || y > 9999 ? (y < 0 ? '-' : '+') + String(Math.abs(y)).padStart(6, '0') : String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T23:00:00${frac}${tz}`,
      );
    fc.assert(
      fc.property(fc.oneof(iso, fc.string()), (s) => {
        apiDate(s);
        readIsoDate(s);
      }),
      { numRuns: 2_000 },
    );
  });
});
