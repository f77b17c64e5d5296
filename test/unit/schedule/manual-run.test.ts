import { describe, expect, it } from 'vitest';
import { isAgentError } from '../../../agent/core/errors.js';
import { createManualRun } from '../../../agent/schedule/manual-run.js';
import { MemoryRunStore } from '../../../agent/runs/memory-run-store.js';
import { dagSpec, task } from '../../../harness/dag-specs.js';

const dag = dagSpec({
  dagId: 'd',
  schedule: { kind: 'cron', expression: '0 6 * * *' },
  tasks: [task('t', { retries: 3, operator: 'BashOperator' })],
});
const now = new Date('2024-01-03T10:15:42.123Z');

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('createManualRun', () => {
  it('keeps microseconds for the REST API and uses the last complete interval', () => {
    const store = new MemoryRunStore();
    const run = createManualRun(store, dag, {
      now,
      logicalDate: '2024-01-03T10:15:42.123456+00:00',
      conf: { k: 1 },
      replaceMicroseconds: false,
    });
    expect(run).toMatchObject({
      runId: 'manual__2024-01-03T10:15:42.123456+00:00',
      logicalDate: '2024-01-03T10:15:42.123456+00:00',
      dataIntervalStart: '2024-01-02T06:00:00+00:00',
      dataIntervalEnd: '2024-01-03T06:00:00+00:00',
      state: 'queued',
      runType: 'manual',
      externalTrigger: true,
      conf: { k: 1 },
    });
    expect(
      store.listTaskInstances('d', run.runId).map((t) => [t.taskId, t.state, t.tryNumber, t.maxTries, t.operator]),
    ).toEqual([['t', null, 0, 3, 'BashOperator']]);
  });

  it('zeroes the sub-second part like `airflow dags trigger`', () => {
    const run = createManualRun(new MemoryRunStore(), dag, { now, replaceMicroseconds: true });
    expect(run.runId).toBe('manual__2024-01-03T10:15:42+00:00');
  });

  it.each([
    ['None', { kind: 'none' } as const, ['2024-01-03T10:15:42+00:00', '2024-01-03T10:15:42+00:00']],
    [
      'a timedelta',
      { kind: 'delta', seconds: 3600 } as const,
      ['2024-01-03T09:15:42+00:00', '2024-01-03T10:15:42+00:00'],
    ],
  ])('infers the data interval of a %s schedule', (_name, schedule, [start, end]) => {
    const run = createManualRun(new MemoryRunStore(), { ...dag, schedule }, { now, replaceMicroseconds: true });
    expect([run.dataIntervalStart, run.dataIntervalEnd]).toEqual([start, end]);
  });

  it('takes an explicit data interval (REST API 2.9+)', () => {
    const run = createManualRun(new MemoryRunStore(), dag, {
      now,
      replaceMicroseconds: false,
      dataInterval: { start: '2024-01-01T00:00:00Z', end: '2024-01-02T00:00:00.000001+00:00' },
    });
    expect([run.dataIntervalStart, run.dataIntervalEnd]).toEqual([
      '2024-01-01T00:00:00+00:00',
      '2024-01-02T00:00:00.000001+00:00',
    ]);
  });

  it("refuses a duplicate run_id or logical date with Airflow's 409 wording", () => {
    const store = new MemoryRunStore();
    createManualRun(store, dag, { now, replaceMicroseconds: true });
    const sameId = thrown(() =>
      createManualRun(store, dag, {
        now,
        runId: 'manual__2024-01-03T10:15:42+00:00',
        logicalDate: '2024-01-04T00:00:00Z',
        replaceMicroseconds: true,
      }),
    );
    expect(isAgentError(sameId, 'DAG_RUN_EXISTS')).toBe(true);
    expect(sameId.message).toBe(
      "DAGRun with DAG ID: 'd' and DAGRun ID: 'manual__2024-01-03T10:15:42+00:00' already exists",
    );
    const sameDate = thrown(() => createManualRun(store, dag, { now, runId: 'other', replaceMicroseconds: true }));
    expect(sameDate.message).toBe(
      "DAGRun with DAG ID: 'd' and DAGRun logical date: '2024-01-03 10:15:42+00:00' already exists",
    );
  });

  it('rejects run ids outside the allowed pattern, naive dates, and (CLI) dates before start_date', () => {
    const store = new MemoryRunStore();
    expect(
      thrown(() => createManualRun(store, dag, { now, runId: 'bad id', replaceMicroseconds: true })).message,
    ).toContain("The run_id provided 'bad id' does not match the pattern");
    expect(
      thrown(() => createManualRun(store, dag, { now, logicalDate: '2024-01-03T10:00:00', replaceMicroseconds: true }))
        .message,
    ).toContain('Naive datetime is disallowed');
    expect(
      thrown(() =>
        createManualRun(store, dag, {
          now,
          logicalDate: '2023-12-01T00:00:00Z',
          replaceMicroseconds: true,
          rejectBeforeStartDate: true,
        }),
      ).message,
    ).toBe(
      "The execution_date [2023-12-01T00:00:00+00:00] should be >= start_date [2024-01-01T00:00:00+00:00] from DAG's default_args",
    );
  });
});
