import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCron, validateCron } from '../../../agent/dags/cron-grammar.js';
import { CronExpression } from '../../../agent/schedule/cron-expression.js';
import { tempDirSync } from '../../../harness/temp-dir.js';

/** The Airflow 2.10 virtualenv that infra/setup.d/20-airflow.sh installs. */
const python = new URL('../../../.venv/airflow/bin/python', import.meta.url).pathname;
const oracle = new URL('./cron-grammar-oracle.py', import.meta.url).pathname;

/** Every syntax croniter has: names, ranges that wrap, steps, L, nth days, `?`, 6 and 7 fields, and its errors. */
const EXPRESSIONS = [
  '* * * * *',
  '0 0 * * L5',
  '0 0 * * 5L',
  '0 0 * * l',
  '0 0 L * *',
  '0 0 L,15 * *',
  '0 0 * * mon#1',
  '0 0 * * 1#5',
  '0 0 * * 1#6',
  '0 0 * * 5#0',
  '0 0 * * 1#1,2#2',
  '0 0 * * mon-fri#2',
  '0 0 * * x#2',
  '0 0 * * l5,l2',
  '0 0 1 * 2#1',
  '0 0 * * 1,L5',
  '0 0 * * L7',
  '0 0 * * L0',
  '0 0 * * L8',
  '0 0 * * mon-fri',
  '0 0 * * 7',
  '0 0 * * 1-7',
  '0 0 * * 5-0',
  '0 0 * * 0-7',
  '0 0 * * fri-mon',
  '0 0 * * fri-mon/2',
  '0 0 * * sun-sat',
  '0 0 1 * sun-sat',
  '0 0 1-31 * mon',
  '0 0 1,15 * 1',
  '0 0 1 * mon',
  '0 0 * jan-dec *',
  '0 0 * JAN *',
  '0 0 * jan-3 *',
  '0 0 * apr-jan/3 *',
  '30 2 * jan-feb sat',
  '0 0 1-31/2 * *',
  '0 0 */3 * *',
  '1-5/2 * * * *',
  '5-1 * * * *',
  '5-5 * * * *',
  '*/5,1 * * * *',
  '0-59/60 * * * *',
  '00 00 * * *',
  '0 */2 * * *',
  '*/5 0-23 * * *',
  '30 * * * *',
  '0 0 ? * *',
  '0 0 * * ?',
  '0 0 ?,1 * *',
  '0 0 12 * * ?',
  '0 0 * * * 30',
  '0 0 0 * * 0',
  '0 0 * * 7 0',
  '0 0 * * 7 0 2025',
  '0 0 1 1 * 0 2020',
  '0 0 1 1 * 0 2099',
  '0 0 31 2 *',
  '0 0 31 4,6 *',
  '0 0 29 2 *',
  '@daily',
  '@DAILY',
  '@hourly',
  '@weekly',
  '@quarterly',
  '@QUARTERLY',
  '@annually',
  '@midnight',
  ' @daily',
  '@reboot',
  ' 0 0 * * * ',
  '0\t0 * * *',
  '*/0 * * * *',
  'H 0 * * *',
  '0 0 15W * *',
  '0 0 LW * *',
  '0 0 L-2 * *',
  '0 0 l-5 * *',
  '0 0 1-32 * *',
  '61 * * * *',
  '0 24 * * *',
  '0 0 0 * *',
  '0 0 * 13 *',
  '0 0 * * 8',
  '* * * * * 60',
  '* * * * * * 2100',
  '* * * * * * 1969',
  '1,,2 * * * *',
  '- * * * *',
  '1- * * * *',
  '*/ * * * *',
  '0 0 * * tues',
  '0 0 * * 2l',
  '* * *',
];

/**
 * Where mwaa-agent's text differs from croniter 6.0's, on purpose: the unit tests pin the first two (written for
 * an older croniter); the third, croniter's random `R`, mwaa-agent refuses (see cron-grammar.ts).
 */
const OWN_WORDING: Record<string, { ours: string; croniter: string | null }> = {
  '0 0 12 * * ?': {
    ours: '[0 0 12 * * ?] is not acceptable, out of range',
    croniter: '[0 0 12 * * ?] is not acceptable. Question mark can only used in day_of_month or day_of_week',
  },
  'H 0 * * *': {
    ours: '[H 0 * * *] is not acceptable. Hashed definitions must include hash_id',
    croniter: 'Hashed definitions must include hash_id',
  },
};

interface Answer {
  error: string | null;
  fields?: unknown[][];
  nth?: Record<string, string[]>;
  next?: string[];
  prev?: string[];
}

/** The next `n` (previous) ticks from 2024-01-01T00:00:30, and croniter's text where the search gives up. */
function ticks(cron: CronExpression, n: number, previous: boolean): string[] {
  const out: string[] = [];
  let at: Date | null = new Date('2024-01-01T00:00:30Z');
  for (let i = 0; i < n && at; i++) {
    at = previous ? cron.prevWall(at) : cron.nextWall(at);
    out.push(at ? at.toISOString().slice(0, 19) : `failed to find ${previous ? 'prev' : 'next'} date`);
  }
  return out;
}

describe.skipIf(!existsSync(python) && !process.env.CI)(
  'the cron grammar agrees with croniter as Airflow 2.10 runs it (differential, needs .venv/airflow)',
  () => {
    using home = tempDirSync('airflow-home-');
    const out = spawnSync(python, [oracle], {
      input: JSON.stringify(EXPRESSIONS),
      env: { ...process.env, AIRFLOW_HOME: home.path, AIRFLOW__CORE__LOAD_EXAMPLES: 'False', PYTHONWARNINGS: 'ignore' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (out.status !== 0) throw new Error(`croniter oracle failed: ${out.stderr}`);
    const answers = JSON.parse(out.stdout) as Answer[];

    it.each(EXPRESSIONS.map((e, i) => [JSON.stringify(e), e, answers[i]!] as const))(
      'validates, expands and ticks like croniter: %s',
      (_name, expression, airflow) => {
        const own = OWN_WORDING[expression];
        if (own) expect(airflow.error).toBe(own.croniter);
        expect(validateCron(expression)).toBe(own ? own.ours : airflow.error);
        if (airflow.error !== null) return;
        const parsed = parseCron(expression);
        expect(parsed.fields.map((f) => (f === '*' ? ['*'] : f))).toEqual(airflow.fields);
        expect(
          Object.fromEntries([...parsed.nthWeekday].map(([day, nth]) => [String(day), nth.map(String).sort()])),
        ).toEqual(airflow.nth);
        const cron = new CronExpression(expression);
        expect(ticks(cron, 4, false)).toEqual(airflow.next);
        expect(ticks(cron, 2, true)).toEqual(airflow.prev);
      },
    );

    it("refuses croniter's random R fields, which croniter would give a new value at every read", () => {
      expect(validateCron('R 0 * * *')).toBe(
        '[R 0 * * *] is not acceptable: random (R) fields are not supported by mwaa-agent',
      );
    });
  },
);
