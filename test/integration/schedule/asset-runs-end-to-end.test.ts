import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { airflowProfile } from '../../../agent/airflow/profile-lookup.js';
import { SystemClock } from '../../../agent/core/clock.js';
import { silentLogger } from '../../../agent/core/logger.js';
import type { AssetRef } from '../../../agent/dags/dag-model.js';
import { createManualRun } from '../../../agent/schedule/manual-run.js';
import { Scheduler } from '../../../agent/schedule/scheduler.js';
import { readTaskLogMessages } from '../../../agent/tasks/task-log-records.js';
import { StaticDagSource } from '../../../harness/static-dag-source.js';
import { bashTask, type Harness, makeDag, startHarness } from '../tasks/executor-harness.js';

const rt: AssetRef = { className: 'Asset', name: 's3://rt/bash', uri: 's3://rt/bash', group: 'asset' };
const producer = makeDag('rt_logs', [
  bashTask('bash_ok', 'echo "{{ run_id }}"', { outlets: [{ kind: 'asset', asset: rt }] }),
]);
const consumer = makeDag('rt_consumer', [bashTask('consume', "echo '{{ triggering_asset_events }}'")], {
  schedule: { kind: 'assets', condition: { kind: 'asset', asset: rt } },
  startDate: '2024-01-01T00:00:00+00:00',
});

let running: { harness: Harness; scheduler: Scheduler }[] = [];
afterEach(async () => {
  for (const { harness, scheduler } of running) {
    await scheduler.stop();
    await harness.close();
  }
  running = [];
});

describe('an asset-triggered run end to end on Airflow 3.3.1 (scheduler, executor, SQLite store)', () => {
  it('runs the consumer after the producer task with the outlet succeeds, and its task sees the event', async () => {
    const profile = airflowProfile('3.3.1');
    const clock = new SystemClock();
    const harness = startHarness({ clock, dags: [producer, consumer], profile });
    const scheduler = new Scheduler({
      clock,
      store: harness.store,
      dags: new StaticDagSource([producer, consumer]),
      log: silentLogger(),
      events: harness.events,
      dagsArePausedAtCreation: false,
      runFacts: () => profile.runs,
      tickMs: 200,
    });
    running.push({ harness, scheduler });
    harness.events.on('run:started', () => harness.executor.wake());
    await scheduler.start();
    await harness.executor.start();
    const finished = (dagId: string) => harness.events.waitFor('run:finished', (p) => p.dagId === dagId, 60_000);
    const produced = finished('rt_logs');
    const consumed = finished('rt_consumer');
    const manual = createManualRun(harness.store, producer, {
      now: clock.now(),
      replaceMicroseconds: true,
      runs: profile.runs,
      events: harness.events,
    });
    scheduler.wake();
    expect((await produced).state).toBe('success');
    expect((await consumed).state).toBe('success');

    const [event] = harness.store.listAssetEvents();
    const [run] = harness.store.listRuns('rt_consumer').runs;
    expect(event).toMatchObject({ uri: 's3://rt/bash', sourceDagId: 'rt_logs', sourceRunId: manual.runId });
    expect(run).toMatchObject({ runType: 'asset_triggered', logicalDate: null, runAfter: event!.timestamp });
    expect(run!.runId).toMatch(/^asset_triggered__\d{4}-\d\d-\d\dT[\d:.]+\+00:00_[A-Za-z0-9]{8}$/);
    expect(harness.store.listAssetEventConsumers(event!.id)).toEqual([{ dagId: 'rt_consumer', runId: run!.runId }]);

    const messages = readTaskLogMessages(
      harness.stateDir,
      { dagId: 'rt_consumer', runId: run!.runId, taskId: 'consume', tryNumber: 1 },
      profile,
    );
    expect(messages[1]).toEqual({
      event: join(
        harness.stateDir,
        'logs',
        'dag_id=rt_consumer',
        `run_id=${run!.runId}`,
        'task_id=consume',
        'attempt=1.log',
      ),
    });
    // The rendered command, as the 3.3.1 consumer's log shows it (its output loses the quotes to the shell).
    const command = messages.find((m) => m.lineno === 80);
    expect(command?.event).toContain(
      `source_task_id='bash_ok', source_dag_id='rt_logs', source_run_id='${manual.runId}', source_map_index=-1`,
    );
  });
});
