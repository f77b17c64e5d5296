import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteRunStore } from '../../../agent/state/sqlite-run-store.js';
import { migrate, openStateDatabase, stateDatabasePath } from '../../../agent/core/sqlite-database.js';
import { RUN_STORE_MIGRATIONS, STORED_DATE } from '../../../agent/state/sqlite-schema.js';
import { epochMicros, isoBasicUtc, isoformatMicros, strUtc } from '../../../agent/python/datetime-format.js';
import { dagRunRecord, taskInstanceRecord } from '../../../harness/run-records.js';

const run = dagRunRecord;
const ti = (taskId: string) => taskInstanceRecord({ taskId, maxTries: 2 });

describe('SqliteRunStore', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'runstore-'));
    file = stateDatabasePath(join(dir, 'state'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('changes every DAG’s stamp when another connection (a CLI command) wrote to the file', async () => {
    const agent = new SqliteRunStore({ file });
    const cli = new SqliteRunStore({ file });
    const parsed = {
      relativeFileloc: 'd.py',
      pausedUponCreation: true,
      hasImportErrors: false,
      parsedAt: '2024-01-01T00:00:00+00:00',
    };
    agent.upsertDag({ dagId: 'd', ...parsed });
    const nextTick = () => new Promise((resolve) => setImmediate(resolve));
    await nextTick();
    const before = [agent.changeStamp('d'), agent.changeStamp()];
    await nextTick();
    expect([agent.changeStamp('d'), agent.changeStamp()]).toEqual(before);
    cli.createRun(run(), [ti('t1')]);
    await nextTick();
    expect(agent.changeStamp('d')).not.toBe(before[0]);
    expect(agent.changeStamp()).not.toBe(before[1]);
    cli.close();
    agent.close();
  });

  it('keeps runs, task instances and xcoms across a re-open', () => {
    const a = new SqliteRunStore({ file });
    a.upsertDag({
      dagId: 'd',
      relativeFileloc: 'ssh.py',
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

  it('opens a store written by the previous release: its relative fileloc and its …Z dates read as today', () => {
    const old = openStateDatabase(file);
    migrate(old, 'run_store', RUN_STORE_MIGRATIONS.slice(0, 1));
    old
      .prepare('INSERT INTO dag (dag_id, is_paused, fileloc, last_parsed_time) VALUES (?, 0, ?, ?)')
      .run('d', 'sub/ssh.py', '2024-01-03T10:00:00.000Z');
    old
      .prepare(
        `INSERT INTO dag_run (dag_id, run_id, run_type, state, logical_date, external_trigger, start_date, end_date)
         VALUES ('d', 'r', 'manual', 'success', '2024-01-03T10:15:42.123456+00:00', 1, ?, ?)`,
      )
      .run('2024-01-03T10:15:43+00:00', '2024-01-03T10:15:50.500Z');
    old
      .prepare(
        `INSERT INTO task_instance (dag_id, run_id, task_id, state, operator, start_date, end_date, queued_when)
         VALUES ('d', 'r', 't', 'success', 'BashOperator', ?, ?, ?)`,
      )
      .run('2024-01-03T10:15:44.120Z', '2024-01-03T10:15:49.000Z', '2024-01-03T10:15:43.999Z');
    old.close();
    const store = new SqliteRunStore({ file });
    expect(store.getDag('d')).toMatchObject({
      relativeFileloc: 'sub/ssh.py',
      lastParsedTime: '2024-01-03T10:00:00+00:00',
    });
    expect(store.getRun('d', 'r')).toMatchObject({
      logicalDate: '2024-01-03T10:15:42.123456+00:00',
      startDate: '2024-01-03T10:15:43+00:00',
      endDate: '2024-01-03T10:15:50.500000+00:00',
      runAfter: '2024-01-03T10:15:42.123456+00:00',
    });
    expect(store.getTaskInstance('d', 'r', 't')).toMatchObject({
      startDate: '2024-01-03T10:15:44.120000+00:00',
      endDate: '2024-01-03T10:15:49+00:00',
      queuedWhen: '2024-01-03T10:15:43.999000+00:00',
    });
    store.close();
  });

  it('opens a store of schema 3: run_after as Airflow 3 migrates it, who triggered and task notes kept, foreign keys on again', () => {
    const old = openStateDatabase(file);
    old.function(STORED_DATE, (v: unknown) => v);
    migrate(old, 'run_store', RUN_STORE_MIGRATIONS.slice(0, 3));
    old
      .prepare(
        `INSERT INTO dag_run (dag_id, run_id, run_type, state, logical_date, data_interval_start, data_interval_end,
           external_trigger, triggering_user_name) VALUES ('d', 's', 'manual', 'success', ?, ?, ?, 1, 'admin')`,
      )
      .run('2024-01-01T06:00:00+00:00', '2024-01-01T06:00:00+00:00', '2024-01-02T06:00:00+00:00');
    old
      .prepare(
        `INSERT INTO task_instance (dag_id, run_id, task_id, operator, note) VALUES ('d', 's', 't', 'BashOperator', 'n')`,
      )
      .run();
    old.close();
    const store = new SqliteRunStore({ file });
    expect(store.getRun('d', 's')).toMatchObject({
      runAfter: '2024-01-02T06:00:00+00:00',
      triggeringUserName: 'admin',
    });
    expect(store.listTaskInstances('d', 's').map((t) => [t.taskId, t.note])).toEqual([['t', 'n']]);
    store.close();
    const db = openStateDatabase(file);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() =>
      db.prepare(`INSERT INTO task_instance (dag_id, run_id, task_id, operator) VALUES ('d', 'nope', 't', 'x')`).run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('opens a store of schema 4 (before deferral): its task instances read as never deferred', () => {
    const old = openStateDatabase(file);
    old.function(STORED_DATE, (v: unknown) => v);
    migrate(old, 'run_store', RUN_STORE_MIGRATIONS.slice(0, 4));
    old
      .prepare(
        `INSERT INTO dag_run (dag_id, run_id, run_type, state, logical_date, external_trigger, run_after)
         VALUES ('d', 'r', 'manual', 'running', '2024-01-03T10:15:42+00:00', 1, '2024-01-03T10:15:42+00:00')`,
      )
      .run();
    old
      .prepare(
        `INSERT INTO task_instance (dag_id, run_id, task_id, state, operator) VALUES ('d', 'r', 't', 'running', 'X')`,
      )
      .run();
    old.close();
    const store = new SqliteRunStore({ file });
    expect(store.getTaskInstance('d', 'r', 't')).toMatchObject({
      trigger: null,
      triggerTimeout: null,
      nextMethod: null,
      nextKwargs: null,
    });
    store.close();
  });

  it('makes the state folder private', () => {
    new SqliteRunStore({ file }).close();
    expect(statSync(join(dir, 'state')).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('python date strings', () => {
  it.each([
    ['2024-01-03T10:15:42.123Z', 456, '2024-01-03T10:15:42.123456+00:00'],
    ['2024-01-03T10:15:42Z', 0, '2024-01-03T10:15:42+00:00'],
  ])('isoformat(%s, %d µs) = %s', (iso, us, want) => expect(isoformatMicros(epochMicros(iso) + us)).toBe(want));
  it('str() and strftime forms', () => {
    expect(strUtc('2024-01-03T10:15:42.123456+00:00')).toBe('2024-01-03 10:15:42.123456+00:00');
    expect(isoBasicUtc('2022-07-12T20:09:14.5Z')).toBe('20220712T200914');
  });
});
