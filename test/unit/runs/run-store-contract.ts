import { expect, it } from 'vitest';
import { isAgentError } from '../../../agent/core/errors.js';
import type { RunStore } from '../../../agent/runs/run-store.js';
import { dagRunRecord, taskInstanceRecord, xcomRecord } from '../../../harness/run-records.js';
import type { StoreUnderTest } from '../../../harness/run-stores.js';

const dag = (dagId: string, relativeFileloc = `${dagId}.py`) => ({
  dagId,
  relativeFileloc,
  pausedUponCreation: true,
  hasImportErrors: false,
  parsedAt: '2024-01-01T00:00:00+00:00',
});

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

/**
 * The RunStore contract: what the scheduler, the task runner and the trigger loop rely on, whichever store
 * keeps the state. Called inside a describe block per store: the memory and SQLite stores here
 * (run-store-contract.test.ts), the PostgreSQL store against a real server (test/integration/state/).
 */
export function runStoreContract(open: () => Promise<StoreUnderTest>): void {
  it('creates a DAG paused as asked and keeps its pause flag, but not its file, when it is parsed again', async () => {
    await using t = await open();
    expect(t.store.upsertDag(dag('d'))).toEqual({
      dagId: 'd',
      isPaused: true,
      relativeFileloc: 'd.py',
      isActive: true,
      hasImportErrors: false,
      lastParsedTime: '2024-01-01T00:00:00+00:00',
      lastAutomatedDataIntervalEnd: null,
    });
    t.store.setPaused('d', false);
    const again = t.store.upsertDag({ ...dag('d', 'sub/d.py'), parsedAt: '2024-01-02T00:00:00+00:00' });
    expect(again).toMatchObject({
      isPaused: false,
      relativeFileloc: 'sub/d.py',
      lastParsedTime: '2024-01-02T00:00:00+00:00',
    });
    expect(t.store.setPaused('missing', true)).toBeUndefined();
  });

  it('changes a DAG’s stamp at every write about it or about many DAGs, and the store stamp at any write', async () => {
    await using t = await open();
    const s = t.store;
    s.upsertDag(dag('d'));
    s.upsertDag(dag('other'));
    const writes: [string, () => unknown, boolean][] = [
      ['setPaused', () => s.setPaused('d', false), true],
      ['setWatermark', () => s.setWatermark('d', '2024-01-02T00:00:00+00:00'), true],
      [
        'createRun',
        () =>
          s.createRun(dagRunRecord({ dagId: 'd', runId: 'r' }), [
            taskInstanceRecord({ dagId: 'd', runId: 'r', taskId: 't' }),
          ]),
        true,
      ],
      ['updateRun', () => s.updateRun('d', 'r', { state: 'running' }), true],
      ['updateTaskInstance', () => s.updateTaskInstance('d', 'r', 't', { state: 'running' }), true],
      ['setXCom', () => s.setXCom(xcomRecord({ dagId: 'd', runId: 'r', taskId: 't' })), true],
      ['clearXComs', () => s.clearXComs('d', 'r', 't'), true],
      ['upsertDag', () => s.upsertDag(dag('d')), true],
      ['setPaused of another DAG', () => s.setPaused('other', false), false],
      ['deactivateMissing', () => s.deactivateMissing(['d', 'other']), true],
      ['setImportErrorsForFile', () => s.setImportErrorsForFile('other.py', true), true],
    ];
    for (const [name, write, changesD] of writes) {
      const [before, storeBefore] = [s.changeStamp('d'), s.changeStamp()];
      write();
      await new Promise((resolve) => setImmediate(resolve));
      expect({ name, changed: s.changeStamp('d') !== before }).toEqual({ name, changed: changesD });
      expect({ name, storeChanged: s.changeStamp() !== storeBefore }).toEqual({ name, storeChanged: true });
    }
    const [before, storeBefore] = [s.changeStamp('d'), s.changeStamp()];
    s.getDag('d');
    s.listRuns('d');
    expect([s.changeStamp('d'), s.changeStamp()]).toEqual([before, storeBefore]);
  });

  it('lists DAGs by id, deactivates the missing ones and flags import errors by file', async () => {
    await using t = await open();
    for (const id of ['b', 'a', 'c']) t.store.upsertDag(dag(id));
    t.store.deactivateMissing(['a', 'c']);
    t.store.setImportErrorsForFile('c.py', true);
    t.store.setWatermark('a', '2024-01-02T00:00:00+00:00');
    expect(
      t.store.listDags().map((d) => [d.dagId, d.isActive, d.hasImportErrors, d.lastAutomatedDataIntervalEnd]),
    ).toEqual([
      ['a', true, false, '2024-01-02T00:00:00+00:00'],
      ['b', false, false, null],
      ['c', true, true, null],
    ]);
  });

  it('keeps a run with its task instances and gives copies back', async () => {
    await using t = await open();
    t.store.createRun(dagRunRecord(), [taskInstanceRecord({ taskId: 'b' }), taskInstanceRecord({ taskId: 'a' })]);
    const got = t.store.getRun('d', dagRunRecord().runId)!;
    expect(got).toEqual(dagRunRecord());
    got.state = 'failed';
    got.conf.a = 2;
    expect(t.store.getRun('d', dagRunRecord().runId)).toEqual(dagRunRecord());
    expect(t.store.listTaskInstances('d', dagRunRecord().runId).map((ti) => ti.taskId)).toEqual(['a', 'b']);
    expect(t.store.getRun('d', 'other')).toBeUndefined();
  });

  it("refuses a second run with the same run_id or logical date, with Airflow's wording", async () => {
    await using t = await open();
    t.store.createRun(dagRunRecord(), []);
    const sameId = thrown(() => t.store.createRun(dagRunRecord({ logicalDate: '2025-01-01T00:00:00+00:00' }), []));
    expect(isAgentError(sameId, 'DAG_RUN_EXISTS')).toBe(true);
    expect((sameId as Error).message).toBe(
      `DAGRun with DAG ID: 'd' and DAGRun ID: '${dagRunRecord().runId}' already exists`,
    );
    const sameDate = thrown(() => t.store.createRun(dagRunRecord({ runId: 'other' }), []));
    expect((sameDate as Error).message).toBe(
      "DAGRun with DAG ID: 'd' and DAGRun logical date: '2024-01-03 10:15:42.123456+00:00' already exists",
    );
    t.store.createRun(dagRunRecord({ dagId: 'e' }), []);
    expect(t.store.listRuns(null).total).toBe(2);
  });

  it('filters by state and type, orders by logical date and pages', async () => {
    await using t = await open();
    for (let i = 1; i <= 5; i++) {
      const state = i % 2 ? 'success' : 'failed';
      const runType = i === 5 ? 'scheduled' : 'manual';
      t.store.createRun(
        dagRunRecord({ runId: `r${i}`, logicalDate: `2024-01-0${i}T00:00:00+00:00`, state, runType }),
        [],
      );
    }
    const ids = (f: Parameters<RunStore['listRuns']>[1]) => t.store.listRuns('d', f).runs.map((r) => r.runId);
    expect(ids({})).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
    expect(ids({ newestFirst: true, limit: 2, offset: 1 })).toEqual(['r4', 'r3']);
    expect(ids({ state: ['success'], runType: ['manual'] })).toEqual(['r1', 'r3']);
    const page = t.store.listRuns('d', { newestFirst: true, limit: 2, offset: 1, state: ['success'] });
    expect([page.total, page.runs.map((r) => r.runId)]).toEqual([3, ['r3', 'r1']]);
  });

  it("keeps who triggered a run through the API and a task instance's note, and changes them by patch", async () => {
    await using t = await open();
    const runId = dagRunRecord().runId;
    t.store.createRun(dagRunRecord({ triggeringUserName: 'admin' }), [taskInstanceRecord({ taskId: 'a' })]);
    expect(t.store.getRun('d', runId)?.triggeringUserName).toBe('admin');
    expect(t.store.getTaskInstance('d', runId, 'a')?.note).toBeNull();
    expect(t.store.updateTaskInstance('d', runId, 'a', { note: 'checked by hand' }).note).toBe('checked by hand');
    expect(t.store.updateRun('d', runId, { triggeringUserName: null }).triggeringUserName).toBeNull();
    expect(t.store.listTaskInstances('d', runId).map((ti) => ti.note)).toEqual(['checked by hand']);
  });

  it('patches runs and task instances field by field and says which one is missing', async () => {
    await using t = await open();
    const runId = dagRunRecord().runId;
    t.store.createRun(dagRunRecord(), [taskInstanceRecord({ taskId: 'a' })]);
    expect(t.store.updateRun('d', runId, { state: 'running', note: undefined })).toMatchObject({
      state: 'running',
      note: null,
    });
    expect(t.store.updateTaskInstance('d', runId, 'a', { state: 'up_for_retry', tryNumber: 1 })).toMatchObject({
      state: 'up_for_retry',
      tryNumber: 1,
      maxTries: 0,
    });
    expect(
      isAgentError(
        thrown(() => t.store.updateRun('d', 'nope', { state: 'failed' })),
        'DAG_RUN_NOT_FOUND',
      ),
    ).toBe(true);
    expect(
      isAgentError(
        thrown(() => t.store.updateTaskInstance('d', runId, 'nope', {})),
        'TASK_NOT_FOUND',
      ),
    ).toBe(true);
  });

  it('adds the task instances a run lacks and keeps the ones it has', async () => {
    await using t = await open();
    const runId = dagRunRecord().runId;
    t.store.createRun(dagRunRecord(), [taskInstanceRecord({ taskId: 'a', state: 'success' })]);
    t.store.addTaskInstances([taskInstanceRecord({ taskId: 'a' }), taskInstanceRecord({ taskId: 'b' })]);
    expect(t.store.listTaskInstances('d', runId).map((ti) => [ti.taskId, ti.state])).toEqual([
      ['a', 'success'],
      ['b', null],
    ]);
  });

  it('queues a task instance only from the state it was planned in, so that only the first claim gets it', async () => {
    await using t = await open();
    const runId = dagRunRecord().runId;
    t.store.createRun(dagRunRecord(), [
      taskInstanceRecord({ taskId: 'a', state: 'scheduled' }),
      taskInstanceRecord({ taskId: 'b' }),
    ]);
    const when = '2024-01-01T00:00:05+00:00';
    expect(t.store.claimTaskInstance('d', runId, 'a', -1, 'scheduled', when)).toMatchObject({
      taskId: 'a',
      state: 'queued',
      queuedWhen: when,
    });
    expect(t.store.claimTaskInstance('d', runId, 'a', -1, 'scheduled', when)).toBeUndefined();
    // None is a state to claim from (a task instance planned without a row change), and a missing one is no claim.
    expect(t.store.claimTaskInstance('d', runId, 'b', -1, 'scheduled', when)).toBeUndefined();
    expect(t.store.claimTaskInstance('d', runId, 'b', -1, null, when)?.state).toBe('queued');
    expect(t.store.claimTaskInstance('d', runId, 'c', -1, null, when)).toBeUndefined();
    expect(t.store.listTaskInstances('d', runId).map((ti) => [ti.taskId, ti.state])).toEqual([
      ['a', 'queued'],
      ['b', 'queued'],
    ]);
  });

  it('finds task instances by state across runs, None included', async () => {
    await using t = await open();
    t.store.createRun(dagRunRecord({ runId: 'r1', logicalDate: '2024-01-01T00:00:00+00:00' }), [
      taskInstanceRecord({ runId: 'r1', taskId: 'a', state: 'running' }),
      taskInstanceRecord({ runId: 'r1', taskId: 'b' }),
    ]);
    t.store.createRun(dagRunRecord({ runId: 'r2', logicalDate: '2024-01-02T00:00:00+00:00' }), [
      taskInstanceRecord({ runId: 'r2', taskId: 'a', state: 'running' }),
    ]);
    const found = (states: Parameters<RunStore['findTaskInstances']>[0]) =>
      t.store.findTaskInstances(states).map((ti) => `${ti.runId}.${ti.taskId}`);
    expect(found(['running'])).toEqual(['r1.a', 'r2.a']);
    expect(found([null, 'running'])).toEqual(['r1.a', 'r1.b', 'r2.a']);
    expect(found([])).toEqual([]);
  });

  it("keeps a deferred task's trigger and resume point, finds it by state, and clears them field by field", async () => {
    await using t = await open();
    t.store.createRun(dagRunRecord(), [taskInstanceRecord({ taskId: 'job' })]);
    const trigger = {
      classpath: 'airflow.providers.ssh.triggers.ssh_remote_job.SSHRemoteJobTrigger',
      kwargs: { job_id: 'af_d_job', log_offset: 0, remote_host: null },
      createdAt: '2024-01-03T10:16:00+00:00',
    };
    t.store.updateTaskInstance('d', dagRunRecord().runId, 'job', {
      state: 'deferred',
      trigger,
      triggerTimeout: '2024-01-03T11:16:00+00:00',
      nextMethod: 'execute_complete',
      nextKwargs: {},
    });
    expect(t.store.findTaskInstances(['deferred'])).toEqual([
      expect.objectContaining({
        taskId: 'job',
        state: 'deferred',
        trigger,
        triggerTimeout: '2024-01-03T11:16:00+00:00',
        nextMethod: 'execute_complete',
        nextKwargs: {},
      }),
    ]);
    const event = { event: { done: true, exit_code: 0, log_chunk: 'a\nb\n' } };
    const resumed = t.store.updateTaskInstance('d', dagRunRecord().runId, 'job', {
      state: 'scheduled',
      trigger: null,
      triggerTimeout: null,
      nextKwargs: event,
    });
    expect(resumed).toMatchObject({
      state: 'scheduled',
      trigger: null,
      nextMethod: 'execute_complete',
      nextKwargs: event,
    });
    expect(t.store.findTaskInstances(['deferred'])).toEqual([]);
  });

  it('keeps one XCom per key, lists them by task and key, and clears one task', async () => {
    await using t = await open();
    const runId = dagRunRecord().runId;
    t.store.createRun(dagRunRecord(), []);
    t.store.setXCom(xcomRecord({ taskId: 'b' }));
    t.store.setXCom(xcomRecord({ taskId: 'a', key: 'z' }));
    t.store.setXCom(xcomRecord({ taskId: 'a', value: '1' }));
    t.store.setXCom(xcomRecord({ taskId: 'a', value: '2' }));
    expect(t.store.getXCom('d', runId, 'a', 'return_value')?.value).toBe('2');
    expect(t.store.listXComs('d', runId).map((x) => `${x.taskId}.${x.key}`)).toEqual([
      'a.return_value',
      'a.z',
      'b.return_value',
    ]);
    t.store.clearXComs('d', runId, 'a');
    expect(t.store.listXComs('d', runId, 'a')).toEqual([]);
    expect(t.store.listXComs('d', runId, 'b')).toHaveLength(1);
  });

  it('keeps runs without a logical date (Airflow 3): they never collide on it and sort by run_after', async () => {
    await using t = await open();
    const noDate = (runId: string, runAfter: string) => dagRunRecord({ runId, logicalDate: null, runAfter });
    t.store.createRun(noDate('m2', '2024-01-03T00:00:00+00:00'), []);
    t.store.createRun(noDate('m1', '2024-01-01T00:00:00+00:00'), []);
    t.store.createRun(dagRunRecord({ runId: 's', logicalDate: '2024-01-02T00:00:00+00:00' }), []);
    expect(t.store.getRun('d', 'm1')).toEqual(noDate('m1', '2024-01-01T00:00:00+00:00'));
    expect(t.store.listRuns('d').runs.map((r) => r.runId)).toEqual(['m1', 's', 'm2']);
    expect(
      isAgentError(
        thrown(() => t.store.createRun(noDate('m1', '2024-01-05T00:00:00+00:00'), [])),
        'DAG_RUN_EXISTS',
      ),
    ).toBe(true);
  });

  it('records asset events, queues each consumer once with the first time, and filters events', async () => {
    await using t = await open();
    const event = (uri: string, timestamp: string) => ({
      name: uri,
      uri,
      group: 'asset',
      extra: { k: 1 },
      sourceDagId: 'p',
      sourceTaskId: 't',
      sourceRunId: 'r',
      sourceMapIndex: -1,
      timestamp,
    });
    const first = t.store.addAssetEvent(event('s3://a', '2024-01-01T00:00:01.5+00:00'), ['c1', 'c2']);
    expect(first).toEqual({ id: 1, ...event('s3://a', '2024-01-01T00:00:01.5+00:00') });
    t.store.addAssetEvent(event('s3://a', '2024-01-01T00:00:02+00:00'), ['c1']);
    t.store.addAssetEvent(event('s3://b', '2024-01-01T00:00:01+00:00'), ['c1']);
    expect(t.store.listAssetQueue('c1').map((q) => [q.uri, q.createdAt])).toEqual([
      ['s3://b', '2024-01-01T00:00:01+00:00'],
      ['s3://a', '2024-01-01T00:00:01.5+00:00'],
    ]);
    expect(t.store.listAssetQueue('c2').map((q) => q.uri)).toEqual(['s3://a']);
    const ids = (f: Parameters<RunStore['listAssetEvents']>[0]) => t.store.listAssetEvents(f).map((e) => e.id);
    expect(ids({})).toEqual([3, 1, 2]);
    expect(ids({ assets: [{ name: 's3://a', uri: 's3://a' }] })).toEqual([1, 2]);
    expect(ids({ after: '2024-01-01T00:00:01+00:00', upTo: '2024-01-01T00:00:01.5+00:00' })).toEqual([1]);
    expect(ids({ assets: [] })).toEqual([]);
    expect(ids({ sourceDagId: 'other' })).toEqual([]);
  });

  it('creates an asset-triggered run with the events it consumed and clears only its DAG’s queue', async () => {
    await using t = await open();
    const e = t.store.addAssetEvent(
      {
        name: 'n',
        uri: 's3://a',
        group: 'asset',
        extra: {},
        sourceDagId: null,
        sourceTaskId: null,
        sourceRunId: null,
        sourceMapIndex: null,
        timestamp: '2024-01-01T00:00:00+00:00',
      },
      ['d', 'other'],
    );
    const run = dagRunRecord({ runId: 'asset_triggered__x', runType: 'asset_triggered', logicalDate: null });
    t.store.createAssetTriggeredRun(run, [taskInstanceRecord({ runId: run.runId, taskId: 'a' })], [e.id]);
    expect(t.store.listConsumedAssetEvents('d', run.runId)).toEqual([e]);
    expect(t.store.listAssetEventConsumers(e.id)).toEqual([{ dagId: 'd', runId: run.runId }]);
    expect(t.store.listAssetQueue('d')).toEqual([]);
    expect(t.store.listAssetQueue('other')).toHaveLength(1);
    expect(t.store.listTaskInstances('d', run.runId)).toHaveLength(1);
  });
}
