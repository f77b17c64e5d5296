import { afterEach, describe, expect, it } from 'vitest';
import { airflowProfile } from '../../../agent/airflow/profile-lookup.js';
import { EventBus } from '../../../agent/core/events.js';
import type { AssetCondition, AssetRef, DagSpec } from '../../../agent/dags/dag-model.js';
import { MemoryRunStore } from '../../../agent/runs/memory-run-store.js';
import type { Scheduler } from '../../../agent/schedule/scheduler.js';
import { assetConditionMet } from '../../../agent/schedule/asset-condition.js';
import { recordOutletEvents } from '../../../agent/tasks/asset-outlets.js';
import { dagSpec, task } from '../../../harness/dag-specs.js';
import { StaticDagSource } from '../../../harness/static-dag-source.js';
import { schedulerHarness } from './scheduler-harness.js';

const asset = (uri: string, className = 'Asset'): AssetRef => ({
  className,
  name: uri,
  uri,
  group: className === 'Dataset' ? '' : 'asset',
});
const A = asset('s3://rt/a');
const B = asset('s3://rt/b');
const on = (a: AssetRef): AssetCondition => ({ kind: 'asset', asset: a });

const producer = dagSpec({
  dagId: 'producer',
  schedule: { kind: 'none' },
  tasks: [
    task('write_a', { operator: 'BashOperator', outlets: [{ kind: 'asset', asset: A }] }),
    task('write_b', { operator: 'BashOperator', outlets: [{ kind: 'asset', asset: B }] }),
  ],
});
const consumer = (condition: AssetCondition, overrides: Partial<DagSpec> = {}): DagSpec =>
  dagSpec({ dagId: 'consumer', schedule: { kind: 'assets', condition }, startDate: null, ...overrides });

const started: Scheduler[] = [];
afterEach(async () => {
  for (const s of started.splice(0)) await s.stop();
});

/** A producer run whose task `taskId` succeeds at `at` (the executor's outlet bookkeeping). */
function succeed(store: MemoryRunStore, dags: DagSpec[], taskId: string, at: string, version: string): void {
  const run = store.listRuns('producer').runs[0]!;
  recordOutletEvents({
    store,
    dags: new StaticDagSource(dags),
    events: new EventBus(),
    facts: airflowProfile(version).runs,
    dag: producer,
    task: producer.tasks.find((t) => t.taskId === taskId)!,
    run,
    now: new Date(at),
  });
}

function setUp(dags: DagSpec[], version: string, now = '2024-06-15T12:00:00Z') {
  const store = new MemoryRunStore();
  const h = schedulerHarness({ store, dags, now, airflowVersion: version });
  h.scheduler.tick();
  store.createRun(
    {
      dagId: 'producer',
      runId: 'manual__2024-06-15T11:00:00+00:00',
      runType: 'manual',
      state: 'success',
      logicalDate: '2024-06-15T11:00:00+00:00',
      dataIntervalStart: '2024-06-14T00:00:00+00:00',
      dataIntervalEnd: '2024-06-15T00:00:00+00:00',
      conf: {},
      externalTrigger: true,
      queuedAt: null,
      startDate: null,
      endDate: null,
      lastSchedulingDecision: null,
      note: null,
      triggeringUserName: null,
      runAfter: '2024-06-15T11:00:00+00:00',
    },
    [],
  );
  return { store, h };
}

describe('asset conditions', () => {
  it.each([
    ['an asset with a queued event', on(A), [A], true],
    ['an asset without one', on(A), [B], false],
    ['all of two, one queued', { kind: 'all', of: [on(A), on(B)] }, [A], false],
    ['all of two, both queued', { kind: 'all', of: [on(A), on(B)] }, [B, A], true],
    ['any of two, one queued', { kind: 'any', of: [on(A), on(B)] }, [B], true],
    [
      '(a | b) & c with b and c',
      { kind: 'all', of: [{ kind: 'any', of: [on(A), on(B)] }, on(asset('c'))] },
      [B, asset('c')],
      true,
    ],
    [
      'an alias (only run-time events reach it)',
      { kind: 'alias', alias: { className: 'AssetAlias', name: 'x', group: '' } },
      [A],
      false,
    ],
  ] as [string, AssetCondition, AssetRef[], boolean][])('%s', (_name, condition, queued, met) => {
    expect(assetConditionMet(condition, queued)).toBe(met);
  });

  it('names an asset by name and URI: same URI under another name is another asset', () => {
    expect(assetConditionMet(on(A), [{ name: 'other', uri: A.uri }])).toBe(false);
  });
});

describe('asset-triggered runs (Airflow 3)', () => {
  it('runs the consumer once the producer task with the outlet succeeds, as 3.x names and dates it', () => {
    const dags = [producer, consumer(on(A))];
    const { store, h } = setUp(dags, '3.3.1');
    succeed(store, dags, 'write_a', '2024-06-15T12:48:16.290Z', '3.3.1');
    h.clock.set('2024-06-15T12:48:17Z');
    h.scheduler.tick();
    const [run] = store.listRuns('consumer').runs;
    expect(run).toMatchObject({
      runId: 'asset_triggered__2024-06-15T12:48:16.290000+00:00_AbCd1234',
      runType: 'asset_triggered',
      logicalDate: null,
      dataIntervalStart: null,
      dataIntervalEnd: null,
      runAfter: '2024-06-15T12:48:16.290000+00:00',
      externalTrigger: false,
      state: 'running',
    });
    expect(store.listConsumedAssetEvents('consumer', run!.runId).map((e) => [e.uri, e.sourceTaskId])).toEqual([
      ['s3://rt/a', 'write_a'],
    ]);
    expect(store.listAssetQueue('consumer')).toEqual([]);
  });

  it('waits for every asset of an all-of condition, then consumes all their events since the last run', () => {
    const dags = [producer, consumer({ kind: 'all', of: [on(A), on(B)] })];
    const { store, h } = setUp(dags, '3.0.6');
    succeed(store, dags, 'write_a', '2024-06-15T12:00:01Z', '3.0.6');
    succeed(store, dags, 'write_a', '2024-06-15T12:00:02Z', '3.0.6');
    h.scheduler.tick();
    expect(store.listRuns('consumer').total).toBe(0);
    succeed(store, dags, 'write_b', '2024-06-15T12:00:03Z', '3.0.6');
    h.scheduler.tick();
    const [run] = store.listRuns('consumer').runs;
    // The triggered date is the latest queue time; the first queue time of an asset is kept.
    expect(run?.runId).toBe('asset_triggered__2024-06-15T12:00:03+00:00_AbCd1234');
    expect(store.listConsumedAssetEvents('consumer', run!.runId).map((e) => [e.uri, e.timestamp])).toEqual([
      ['s3://rt/a', '2024-06-15T12:00:01+00:00'],
      ['s3://rt/a', '2024-06-15T12:00:02+00:00'],
      ['s3://rt/b', '2024-06-15T12:00:03+00:00'],
    ]);
  });

  it('runs an any-of consumer on the first event', () => {
    const dags = [producer, consumer({ kind: 'any', of: [on(A), on(B)] })];
    const { store, h } = setUp(dags, '3.3.1');
    succeed(store, dags, 'write_b', '2024-06-15T12:00:03Z', '3.3.1');
    h.scheduler.tick();
    expect(store.listRuns('consumer').total).toBe(1);
  });

  it('does not queue a paused consumer, and keeps the queue of one at max_active_runs until a run ends', () => {
    const dags = [producer, consumer(on(A), { maxActiveRuns: 1 })];
    const { store, h } = setUp(dags, '3.3.1');
    store.setPaused('consumer', true);
    succeed(store, dags, 'write_a', '2024-06-15T12:00:01Z', '3.3.1');
    expect(store.listAssetQueue('consumer')).toEqual([]);
    store.setPaused('consumer', false);
    succeed(store, dags, 'write_a', '2024-06-15T12:00:02Z', '3.3.1');
    h.scheduler.tick();
    expect(store.listRuns('consumer').total).toBe(1);
    succeed(store, dags, 'write_a', '2024-06-15T12:00:03Z', '3.3.1');
    h.scheduler.tick();
    expect(store.listRuns('consumer').total).toBe(1);
    expect(store.listAssetQueue('consumer').map((q) => q.createdAt)).toEqual(['2024-06-15T12:00:03+00:00']);
    const first = store.listRuns('consumer').runs[0]!;
    store.updateRun('consumer', first.runId, { state: 'success' });
    h.scheduler.tick();
    const runs = store.listRuns('consumer').runs;
    expect(runs.map((r) => r.runAfter)).toEqual(['2024-06-15T12:00:02+00:00', '2024-06-15T12:00:03+00:00']);
    // The second run consumes only what came after the first one's run_after.
    expect(store.listConsumedAssetEvents('consumer', runs[1]!.runId).map((e) => e.timestamp)).toEqual([
      '2024-06-15T12:00:03+00:00',
    ]);
  });

  it('runs an asset-or-time DAG on its timetable and on its assets', () => {
    const dags = [
      producer,
      consumer(on(A), {
        schedule: {
          kind: 'asset-or-time',
          condition: on(A),
          timetable: { kind: 'cron-trigger', expression: '0 6 * * *', intervalSeconds: 0, runImmediately: false },
        },
        startDate: '2024-06-14T00:00:00+00:00',
        catchup: false,
      }),
    ];
    const { store, h } = setUp(dags, '3.3.1');
    succeed(store, dags, 'write_a', '2024-06-15T12:00:01Z', '3.3.1');
    h.scheduler.tick();
    expect(store.listRuns('consumer').runs.map((r) => r.runId)).toEqual([
      'scheduled__2024-06-15T06:00:00+00:00',
      'asset_triggered__2024-06-15T12:00:01+00:00_AbCd1234',
    ]);
  });
});

describe('dataset-triggered runs (Airflow 2.4+)', () => {
  it('dates the run at the event and spans the source runs’ data intervals', () => {
    const D = asset('s3://rt/a', 'Dataset');
    const dsProducer = { ...producer, tasks: [task('write_a', { outlets: [{ kind: 'asset' as const, asset: D }] })] };
    const dags = [dsProducer, consumer(on(D), { startDate: '2024-01-01T00:00:00+00:00' })];
    const { store, h } = setUp(dags, '2.10.3');
    const run = store.listRuns('producer').runs[0]!;
    recordOutletEvents({
      store,
      dags: new StaticDagSource(dags),
      events: new EventBus(),
      facts: airflowProfile('2.10.3').runs,
      dag: dsProducer,
      task: dsProducer.tasks[0]!,
      run,
      now: new Date('2024-06-15T12:00:01.5Z'),
    });
    h.scheduler.tick();
    expect(store.listRuns('consumer').runs[0]).toMatchObject({
      runId: 'dataset_triggered__2024-06-15T12:00:01.500000+00:00',
      runType: 'dataset_triggered',
      logicalDate: '2024-06-15T12:00:01.500000+00:00',
      dataIntervalStart: '2024-06-14T00:00:00+00:00',
      dataIntervalEnd: '2024-06-15T00:00:00+00:00',
    });
  });

  it('records no events on a version without datasets', () => {
    const dags = [producer, consumer(on(A))];
    const { store } = setUp(dags, '2.2.2');
    succeed(store, dags, 'write_a', '2024-06-15T12:00:01Z', '2.2.2');
    expect(store.listAssetEvents()).toEqual([]);
  });
});
