import type { RunFacts } from '../airflow/airflow-facts.js';
import type { EventBus } from '../core/events.js';
import type { DagSpec, TaskSpec } from '../dags/dag-model.js';
import type { DagSource } from '../dags/dag-source.js';
import type { AssetEventRecord } from '../runs/asset-event-records.js';
import type { DagRunRecord } from '../runs/run-records.js';
import type { RunStore } from '../runs/run-store.js';
import { storedDate } from '../runs/stored-date.js';
import { isScheduledOn } from '../schedule/asset-condition.js';

export interface OutletEventsInput {
  store: RunStore;
  dags: DagSource;
  events: EventBus;
  facts: RunFacts;
  dag: DagSpec;
  task: TaskSpec;
  run: DagRunRecord;
  now: Date;
}

/**
 * What Airflow does when a task with `outlets` succeeds (`register_asset_change`; 2.4+ datasets): an event per
 * outlet asset, queued for every active, unpaused DAG scheduled on it. An alias outlet gets events only for the
 * assets a task adds to it at run time, which the agent's operators never do.
 */
export function recordOutletEvents(input: OutletEventsInput): AssetEventRecord[] {
  const { store, facts, task, run } = input;
  if (facts.assetTriggered === 'none') return [];
  const recorded: AssetEventRecord[] = [];
  for (const outlet of task.outlets) {
    if (outlet.kind !== 'asset') continue;
    const { asset } = outlet;
    const queueFor = input.dags
      .list()
      .filter((d) => isScheduledOn(d, asset))
      .map((d) => d.dagId)
      .filter((dagId) => {
        const record = store.getDag(dagId);
        return record?.isActive === true && !record.isPaused;
      });
    const event = store.addAssetEvent(
      {
        name: asset.name,
        uri: asset.uri,
        group: asset.group,
        extra: {},
        sourceDagId: run.dagId,
        sourceTaskId: task.taskId,
        sourceRunId: run.runId,
        sourceMapIndex: -1,
        timestamp: storedDate(input.now),
      },
      queueFor,
    );
    recorded.push(event);
    input.events.emit('asset:event', { eventId: event.id, name: event.name, uri: event.uri, queuedFor: queueFor });
  }
  return recorded;
}
