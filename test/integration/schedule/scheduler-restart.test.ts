import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteRunStore } from '../../../agent/state/sqlite-run-store.js';
import { dagSpec, task } from '../../../harness/dag-specs.js';
import { schedulerHarness } from '../../unit/schedule/scheduler-harness.js';

const hourly = dagSpec({
  dagId: 'hourly',
  schedule: { kind: 'cron', expression: '0 * * * *' },
  startDate: '2024-01-01T00:00:00+00:00',
  maxActiveRuns: 3,
  tasks: [task('a'), task('b')],
});

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function storeFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'scheduler-restart-'));
  dirs.push(dir);
  return join(dir, 'mwaa-agent.db');
}

/** One agent "process": a scheduler loop on its own store connection, started, run until `until`, stopped. */
async function runAgent(
  file: string,
  now: string,
  until: (store: SqliteRunStore) => Promise<void> | void,
): Promise<void> {
  const store = new SqliteRunStore({ file });
  const h = schedulerHarness({ store, dags: [hourly], now });
  try {
    await h.scheduler.start();
    await until(store);
  } finally {
    await h.scheduler.stop();
    store.close();
  }
}

async function poll(cond: () => boolean, what: string): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (!cond()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

describe('Scheduler on the SQLite store across restarts', () => {
  it('neither duplicates nor loses runs when stopped and started again', async () => {
    const file = storeFile();
    const runningCount = (s: SqliteRunStore) => s.listRuns('hourly', { state: ['running'] }).total;
    await runAgent(file, '2024-01-01T05:30:00Z', (s) => poll(() => runningCount(s) === 3, 'three running runs'));

    // The task runner finished two runs while the agent was down; a restart must create the next ones only.
    const between = new SqliteRunStore({ file });
    for (const runId of ['scheduled__2024-01-01T00:00:00+00:00', 'scheduled__2024-01-01T01:00:00+00:00'])
      between.updateRun('hourly', runId, { state: 'success' });
    // Simulate a crash between creating a run and saving the watermark.
    between.setWatermark('hourly', '2024-01-01T01:00:00+00:00');
    between.close();

    await runAgent(file, '2024-01-01T05:30:00Z', (s) =>
      poll(() => s.listRuns('hourly').total === 5 && runningCount(s) === 3, 'five runs, three running'),
    );

    const store = new SqliteRunStore({ file });
    const runs = store.listRuns('hourly').runs;
    expect(runs.map((r) => r.runId)).toEqual([0, 1, 2, 3, 4].map((h) => `scheduled__2024-01-01T0${h}:00:00+00:00`));
    expect(new Set(runs.map((r) => r.logicalDate)).size).toBe(runs.length);
    expect(store.getDag('hourly')?.lastAutomatedDataIntervalEnd).toBe('2024-01-01T05:00:00+00:00');
    expect(store.listTaskInstances('hourly', 'scheduled__2024-01-01T04:00:00+00:00').map((t) => t.taskId)).toEqual([
      'a',
      'b',
    ]);
    store.close();
  });

  it('starts, after a restart, the runs that were queued when the agent stopped', async () => {
    const file = storeFile();
    const store = new SqliteRunStore({ file });
    store.upsertDag({
      dagId: 'hourly',
      relativeFileloc: 'd.py',
      pausedUponCreation: false,
      hasImportErrors: false,
      parsedAt: '2024-01-01T00:00:00+00:00',
    });
    store.setWatermark('hourly', '2024-01-01T02:00:00+00:00');
    const base = {
      dagId: 'hourly',
      runType: 'scheduled' as const,
      state: 'queued' as const,
      conf: {},
      externalTrigger: false,
      queuedAt: null,
      startDate: null,
      endDate: null,
      lastSchedulingDecision: null,
      triggeringUserName: null,
      note: null,
    };
    store.createRun(
      {
        ...base,
        runId: 'scheduled__2024-01-01T01:00:00+00:00',
        logicalDate: '2024-01-01T01:00:00+00:00',
        dataIntervalStart: '2024-01-01T01:00:00+00:00',
        dataIntervalEnd: '2024-01-01T02:00:00+00:00',
        runAfter: '2024-01-01T02:00:00+00:00',
      },
      [],
    );
    store.close();

    await runAgent(file, '2024-01-01T02:10:00Z', (s) =>
      poll(
        () => s.getRun('hourly', 'scheduled__2024-01-01T01:00:00+00:00')?.state === 'running',
        'the queued run to start',
      ),
    );
    const after = new SqliteRunStore({ file });
    expect(after.listRuns('hourly').total).toBe(1);
    after.close();
  });
});
