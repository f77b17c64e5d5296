import { afterEach, describe, expect, it } from 'vitest';
import { createManualRun } from '../../../agent/schedule/manual-run.js';
import type { Scheduler } from '../../../agent/schedule/scheduler.js';
import { MemoryRunStore } from '../../../agent/runs/memory-run-store.js';
import { dagSpec, task } from '../../../harness/dag-specs.js';
import { schedulerHarness } from './scheduler-harness.js';

const daily = dagSpec({
  dagId: 'daily',
  schedule: { kind: 'cron', expression: '0 6 * * *' },
  startDate: '2024-01-01T00:00:00+00:00',
  tasks: [task('a'), task('b', { retries: 2 })],
});
const started: Scheduler[] = [];
afterEach(async () => {
  for (const s of started.splice(0)) await s.stop();
});

function runIds(store: MemoryRunStore, dagId: string): string[] {
  return store.listRuns(dagId).runs.map((r) => `${r.runId} ${r.state}`);
}

describe('Scheduler', () => {
  it('creates due runs with their task instances and starts them', () => {
    const store = new MemoryRunStore();
    const h = schedulerHarness({ store, dags: [daily], now: '2024-01-03T10:00:00Z' });
    h.scheduler.tick();
    expect(runIds(store, 'daily')).toEqual([
      'scheduled__2024-01-01T06:00:00+00:00 running',
      'scheduled__2024-01-02T06:00:00+00:00 running',
    ]);
    expect(
      store
        .listTaskInstances('daily', 'scheduled__2024-01-02T06:00:00+00:00')
        .map((t) => [t.taskId, t.state, t.tryNumber, t.maxTries, t.operator]),
    ).toEqual([
      ['a', null, 0, 0, 'SSHOperator'],
      ['b', null, 0, 2, 'SSHOperator'],
    ]);
    expect(h.seen.map((e) => e.name)).toEqual(['run:created', 'run:created', 'run:started', 'run:started']);
    expect(store.getDag('daily')?.lastAutomatedDataIntervalEnd).toBe('2024-01-03T06:00:00+00:00');
  });

  it('keeps new DAGs paused when dags_are_paused_at_creation, and is_paused_upon_creation=False wins', () => {
    const store = new MemoryRunStore();
    const eager = { ...daily, dagId: 'eager', isPausedUponCreation: false };
    const h = schedulerHarness({ store, dags: [daily, eager], now: '2024-01-03T10:00:00Z', pausedAtCreation: true });
    h.scheduler.tick();
    expect(store.getDag('daily')?.isPaused).toBe(true);
    expect(runIds(store, 'daily')).toEqual([]);
    expect(runIds(store, 'eager')).toHaveLength(2);
  });

  it('keeps a paused DAG’s manual run queued until the DAG is unpaused', () => {
    const store = new MemoryRunStore();
    const h = schedulerHarness({
      store,
      dags: [{ ...daily, schedule: { kind: 'none' } }],
      now: '2024-01-03T10:00:00Z',
      pausedAtCreation: true,
    });
    h.scheduler.tick();
    const run = createManualRun(store, daily, { now: h.clock.now(), replaceMicroseconds: true });
    h.scheduler.tick();
    expect(store.getRun('daily', run.runId)?.state).toBe('queued');
    store.setPaused('daily', false);
    h.scheduler.tick();
    expect(store.getRun('daily', run.runId)?.state).toBe('running');
  });

  it('starts queued runs only while fewer than max_active_runs are running', () => {
    const store = new MemoryRunStore();
    const h = schedulerHarness({ store, dags: [{ ...daily, maxActiveRuns: 1 }], now: '2024-01-05T10:00:00Z' });
    h.scheduler.tick();
    expect(runIds(store, 'daily')).toEqual(['scheduled__2024-01-01T06:00:00+00:00 running']);
    store.updateRun('daily', 'scheduled__2024-01-01T06:00:00+00:00', { state: 'success' });
    h.scheduler.tick();
    expect(runIds(store, 'daily')).toEqual([
      'scheduled__2024-01-01T06:00:00+00:00 success',
      'scheduled__2024-01-02T06:00:00+00:00 running',
    ]);
  });

  it('skips a scheduled interval whose logical date a manual run holds, and moves on', () => {
    const store = new MemoryRunStore();
    const h = schedulerHarness({ store, dags: [daily], now: '2024-01-02T07:00:00Z' });
    h.scheduler.tick();
    createManualRun(store, daily, {
      now: h.clock.now(),
      logicalDate: '2024-01-02T06:00:00+00:00',
      replaceMicroseconds: true,
    });
    h.clock.set('2024-01-03T07:00:00Z');
    h.scheduler.tick();
    expect(runIds(store, 'daily')).toEqual([
      'scheduled__2024-01-01T06:00:00+00:00 running',
      'manual__2024-01-02T06:00:00+00:00 running',
    ]);
    expect(store.getDag('daily')?.lastAutomatedDataIntervalEnd).toBe('2024-01-03T06:00:00+00:00');
  });

  it('fails a run past dagrun_timeout and skips its unfinished task instances', () => {
    const store = new MemoryRunStore();
    const h = schedulerHarness({ store, dags: [{ ...daily, dagrunTimeoutSeconds: 600 }], now: '2024-01-02T06:00:00Z' });
    h.scheduler.tick();
    const runId = 'scheduled__2024-01-01T06:00:00+00:00';
    store.updateTaskInstance('daily', runId, 'a', { state: 'success' });
    h.clock.set('2024-01-02T06:10:01Z');
    h.scheduler.tick();
    expect(store.getRun('daily', runId)?.state).toBe('failed');
    expect(store.listTaskInstances('daily', runId).map((t) => [t.taskId, t.state])).toEqual([
      ['a', 'success'],
      ['b', 'skipped'],
    ]);
    expect(h.logLines).toContain(`Run ${runId} of daily has timed-out`);
    expect(h.seen.at(-1)).toEqual({ name: 'run:finished', runId, state: 'failed' });
  });

  it('does not schedule DAGs of a file with import errors, and deactivates DAGs gone from the folder', () => {
    const store = new MemoryRunStore();
    const other = { ...daily, dagId: 'other', relativeFileloc: 'other.py' };
    const h = schedulerHarness({
      store,
      dags: [daily, other],
      now: '2024-01-03T10:00:00Z',
      errors: [{ filename: 'd.py', line: 1, column: 1, message: 'SyntaxError' }],
    });
    h.scheduler.tick();
    expect(store.getDag('daily')?.hasImportErrors).toBe(true);
    expect(runIds(store, 'daily')).toEqual([]);
    h.source.dags = [daily];
    h.source.errors = [];
    h.scheduler.tick();
    expect(store.getDag('other')?.isActive).toBe(false);
    expect(runIds(store, 'daily')).toHaveLength(2);
  });

  it('does not schedule anything twice when restarted on the same store', async () => {
    const store = new MemoryRunStore();
    const first = schedulerHarness({ store, dags: [daily], now: '2024-01-03T10:00:00Z' });
    first.scheduler.tick();
    const second = schedulerHarness({ store, dags: [daily], now: '2024-01-04T07:00:00Z' });
    second.scheduler.tick();
    second.scheduler.tick();
    expect(store.listRuns('daily').runs.map((r) => r.logicalDate)).toEqual([
      '2024-01-01T06:00:00+00:00',
      '2024-01-02T06:00:00+00:00',
      '2024-01-03T06:00:00+00:00',
    ]);
  });

  it('wakes on its own clock when the next interval ends, and stops cleanly', async () => {
    const store = new MemoryRunStore();
    const h = schedulerHarness({ store, dags: [daily], now: '2024-01-03T10:00:00Z' });
    const initial = h.events.waitFor('run:started', () => true, 5000);
    await h.scheduler.start();
    started.push(h.scheduler);
    await initial;
    const next = h.events.waitFor('run:created', (p) => p.runId === 'scheduled__2024-01-03T06:00:00+00:00', 5000);
    h.clock.set('2024-01-04T06:00:00Z');
    await next;
    await h.scheduler.stop();
    await h.scheduler.done;
  });

  it('gives a cron that never fires no run and says so once, while the other DAGs keep their schedule', () => {
    const store = new MemoryRunStore();
    const never = dagSpec({ dagId: 'never', schedule: { kind: 'cron', expression: '0 0 31 2 *' }, catchup: false });
    const h = schedulerHarness({ store, dags: [never, daily], now: '2024-01-03T10:00:00Z' });
    h.scheduler.tick();
    h.clock.set('2024-01-04T07:00:00Z');
    h.scheduler.tick();
    expect(store.listRuns('never').total).toBe(0);
    expect(store.listRuns('daily').total).toBe(3);
    expect(h.logLines.filter((l) => l.includes("for DAG 'never'"))).toEqual([
      `Failed to fetch run info after data interval None for DAG 'never': failed to find prev date: schedule "0 0 31 2 *" has no time within 50 years before 2024; the DAG gets no scheduled runs`,
    ]);
  });

  it('says a never-firing cron once even when its unchanged file is read again', () => {
    const store = new MemoryRunStore();
    const spec = { dagId: 'never', schedule: { kind: 'cron', expression: '0 0 31 2 *' }, catchup: true } as const;
    const h = schedulerHarness({ store, dags: [dagSpec(spec)], now: '2024-01-03T10:00:00Z' });
    h.scheduler.tick();
    // The mirror and the folder watcher both report a write: the reader gives a new spec of the same DAG.
    h.source.dags = [dagSpec(spec)];
    h.scheduler.tick();
    expect(h.logLines.filter((l) => l.includes("for DAG 'never'"))).toHaveLength(1);
  });

  it('creates a catch-up from year 1 in batches of 32 runs per pass', () => {
    const store = new MemoryRunStore();
    const old = dagSpec({
      dagId: 'old',
      schedule: { kind: 'cron', expression: '0 0 * * *' },
      startDate: '0001-01-01T00:00:00+00:00',
      maxActiveRuns: 1_000_000,
      tasks: [task('a')],
    });
    const h = schedulerHarness({ store, dags: [old], now: '2024-01-03T10:00:00Z' });
    const wakeAt = h.scheduler.tick();
    expect(store.listRuns('old').total).toBe(32);
    expect(wakeAt).toBeLessThanOrEqual(h.clock.now().getTime() + 1);
    h.scheduler.tick();
    expect(store.listRuns('old').total).toBe(64);
  });

  it('logs at most 10 lines of one kind per DAG a minute, then how many were held back', () => {
    const store = new MemoryRunStore();
    const old = dagSpec({
      dagId: 'old',
      schedule: { kind: 'cron', expression: '0 0 * * *' },
      startDate: '2020-01-01T00:00:00+00:00',
      maxActiveRuns: 1_000_000,
      tasks: [task('a')],
    });
    const h = schedulerHarness({ store, dags: [old], now: '2024-01-03T10:00:00Z' });
    for (let i = 0; i < 5; i++) h.scheduler.tick();
    expect(h.logLines.filter((l) => l.startsWith('Created <DagRun old'))).toHaveLength(10);
    expect(h.logLines.filter((l) => l.startsWith('Run scheduled__'))).toHaveLength(10);
    h.clock.advance(60_000);
    h.scheduler.tick();
    expect(h.logLines).toContain(
      'DAG old: 150 more "run-created" message(s) in 60 s not logged (at most 10 per DAG and kind per minute); the last one\'s fields are attached',
    );
  });

  it('does not schedule a timedelta finer than a millisecond, saying so once', () => {
    const store = new MemoryRunStore();
    const micro = dagSpec({
      dagId: 'micro',
      schedule: { kind: 'delta', seconds: 0.000001 },
      startDate: '2024-01-01T00:00:00+00:00',
      tasks: [task('a')],
    });
    const h = schedulerHarness({ store, dags: [micro], now: '2024-01-03T10:00:00Z' });
    for (let i = 0; i < 3; i++) h.scheduler.tick();
    expect(store.listRuns('micro').total).toBe(0);
    expect(h.logLines).toEqual([
      'DAG micro cannot be scheduled: schedule interval datetime.timedelta(microseconds=1) is finer than a millisecond, the precision mwaa-agent schedules with; DAG micro is not scheduled (use whole milliseconds)',
    ]);
  });
});
