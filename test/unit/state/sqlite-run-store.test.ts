import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAgentError } from '../../../agent/core/errors.js';
import type { DagRunRecord, TaskInstanceRecord } from '../../../agent/runs/run-records.js';
import { SqliteRunStore } from '../../../agent/state/sqlite-run-store.js';
import { stateDatabasePath } from '../../../agent/core/sqlite-database.js';
import { compactUtc, pythonDateString, pythonIsoformat } from '../../../agent/python/python-dates.js';

function run(over: Partial<DagRunRecord> = {}): DagRunRecord {
  return {
    dagId: 'd',
    runId: 'manual__2024-01-03T10:15:42.123456+00:00',
    runType: 'manual',
    state: 'queued',
    logicalDate: '2024-01-03T10:15:42.123456+00:00',
    dataIntervalStart: '2024-01-02T06:00:00+00:00',
    dataIntervalEnd: '2024-01-03T06:00:00+00:00',
    conf: { a: 1 },
    externalTrigger: true,
    queuedAt: '2024-01-03T10:15:42.123456+00:00',
    startDate: null,
    endDate: null,
    lastSchedulingDecision: null,
    note: null,
    ...over,
  };
}

function ti(taskId: string): TaskInstanceRecord {
  return {
    dagId: 'd',
    runId: run().runId,
    taskId,
    mapIndex: -1,
    state: null,
    tryNumber: 0,
    maxTries: 2,
    operator: 'SSHOperator',
    startDate: null,
    endDate: null,
    duration: null,
    queuedWhen: null,
    nextRetryAt: null,
    hostname: '',
    unixname: '',
    pid: null,
  };
}

describe('SqliteRunStore', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'runstore-'));
    file = stateDatabasePath(join(dir, 'state'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps runs, task instances and xcoms across a re-open', () => {
    const a = new SqliteRunStore({ file });
    a.upsertDag({
      dagId: 'd',
      fileloc: 'ssh.py',
      pausedUponCreation: true,
      hasImportErrors: false,
      parsedAt: '2024-01-01T00:00:00+00:00',
    });
    a.createRun(run(), [ti('t1'), ti('t2')]);
    a.updateTaskInstance('d', run().runId, 't1', { state: 'success', tryNumber: 1 });
    a.setXCom({
      dagId: 'd',
      runId: run().runId,
      taskId: 't1',
      mapIndex: -1,
      key: 'return_value',
      value: '"aG9zdAo="',
      timestamp: 'x',
    });
    a.close();
    const b = new SqliteRunStore({ file });
    expect(b.getRun('d', run().runId)).toEqual(run());
    expect(b.listTaskInstances('d', run().runId).map((t) => [t.taskId, t.state, t.tryNumber])).toEqual([
      ['t1', 'success', 1],
      ['t2', null, 0],
    ]);
    expect(b.getXCom('d', run().runId, 't1', 'return_value')?.value).toBe('"aG9zdAo="');
    expect(b.getDag('d')?.isPaused).toBe(true);
    b.close();
  });

  it("refuses a second run with the same run_id or logical date, with Airflow's 409 wording", () => {
    const s = new SqliteRunStore({ file });
    s.createRun(run(), []);
    const sameId = (() => {
      try {
        s.createRun(run({ logicalDate: '2025-01-01T00:00:00+00:00' }), []);
      } catch (e) {
        return e;
      }
    })();
    expect(isAgentError(sameId, 'DAG_RUN_EXISTS')).toBe(true);
    expect((sameId as Error).message).toBe(`DAGRun with DAG ID: 'd' and DAGRun ID: '${run().runId}' already exists`);
    const sameDate = (() => {
      try {
        s.createRun(run({ runId: 'other' }), []);
      } catch (e) {
        return e;
      }
    })();
    expect((sameDate as Error).message).toBe(
      `DAGRun with DAG ID: 'd' and DAGRun logical date: '2024-01-03 10:15:42.123456+00:00' already exists`,
    );
    s.close();
  });

  it('keeps the pause flag of a known DAG when it is parsed again', () => {
    const s = new SqliteRunStore({ file });
    s.upsertDag({ dagId: 'd', fileloc: 'a.py', pausedUponCreation: true, hasImportErrors: false, parsedAt: 'x' });
    s.setPaused('d', false);
    expect(
      s.upsertDag({ dagId: 'd', fileloc: 'a.py', pausedUponCreation: true, hasImportErrors: false, parsedAt: 'y' })
        .isPaused,
    ).toBe(false);
    s.deactivateMissing([]);
    expect(s.getDag('d')?.isActive).toBe(false);
    s.close();
  });

  it('makes the state folder private', () => {
    new SqliteRunStore({ file }).close();
    expect(statSync(join(dir, 'state')).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('filters and pages runs newest first', () => {
    const s = new SqliteRunStore({ file });
    for (let i = 1; i <= 5; i++)
      s.createRun(
        run({ runId: `r${i}`, logicalDate: `2024-01-0${i}T00:00:00+00:00`, state: i % 2 ? 'success' : 'failed' }),
        [],
      );
    const page = s.listRuns('d', { newestFirst: true, limit: 2, offset: 1, state: ['success'] });
    expect(page.total).toBe(3);
    expect(page.runs.map((r) => r.runId)).toEqual(['r3', 'r1']);
    s.close();
  });
});

describe('python date strings', () => {
  it.each([
    ['2024-01-03T10:15:42.123Z', 456, '2024-01-03T10:15:42.123456+00:00'],
    ['2024-01-03T10:15:42Z', 0, '2024-01-03T10:15:42+00:00'],
  ])('isoformat(%s, %d µs) = %s', (iso, us, want) => expect(pythonIsoformat(iso, us)).toBe(want));
  it('str() and strftime forms', () => {
    expect(pythonDateString('2024-01-03T10:15:42.123456+00:00')).toBe('2024-01-03 10:15:42.123456+00:00');
    expect(compactUtc('2022-07-12T20:09:14.5Z')).toBe('20220712T200914');
  });
});
