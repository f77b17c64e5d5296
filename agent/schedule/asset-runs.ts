import type { RunFacts } from '../airflow/airflow-facts.js';
import type { AssetEventRecord } from '../runs/asset-event-records.js';
import type { DagRunRecord } from '../runs/run-records.js';
import { storedDate } from '../runs/stored-date.js';

export interface AssetRunInput {
  dagId: string;
  /** The latest time an asset was queued for the DAG: when Airflow's scheduler sees the condition met. */
  triggeredDate: string;
  /** The events the run consumes: its assets' events after the previous asset-triggered run, up to triggeredDate. */
  events: readonly AssetEventRecord[];
  /** The data interval of an event's source run (2.x dataset runs span them), or null. */
  sourceInterval: (event: AssetEventRecord) => { start: string; end: string } | null;
  facts: RunFacts;
  /** The 8 letters and digits after a 3.x asset-triggered run id. */
  randomSuffix: () => string;
  now: Date;
}

/**
 * The run Airflow's scheduler creates when a DAG's asset condition is met (`_create_dag_runs_asset_triggered`;
 * 2.x `_create_dag_runs_dataset_triggered`). 3.x: `asset_triggered__<triggered date>_<random>`, no logical date,
 * no data interval, run_after the triggered date. 2.x: `dataset_triggered__<triggered date>`, the triggered
 * date as logical date, the data interval from the earliest start to the latest end of the events' source runs
 * (an event without one counts as its own time; no events: the triggered date).
 */
export function assetTriggeredRun(input: AssetRunInput): DagRunRecord {
  const { facts, dagId, triggeredDate } = input;
  const base = {
    dagId,
    state: 'queued' as const,
    conf: {},
    externalTrigger: false,
    queuedAt: storedDate(input.now),
    startDate: null,
    endDate: null,
    lastSchedulingDecision: null,
    note: null,
    triggeringUserName: null,
    runAfter: triggeredDate,
  };
  if (facts.assetTriggered === 'asset') {
    return {
      ...base,
      runId: `asset_triggered__${triggeredDate}_${input.randomSuffix()}`,
      runType: 'asset_triggered',
      logicalDate: null,
      dataIntervalStart: null,
      dataIntervalEnd: null,
    };
  }
  const interval = dataIntervalForEvents(triggeredDate, input.events, input.sourceInterval);
  return {
    ...base,
    runId: `dataset_triggered__${triggeredDate}`,
    runType: 'dataset_triggered',
    logicalDate: triggeredDate,
    dataIntervalStart: interval.start,
    dataIntervalEnd: interval.end,
  };
}

/** 2.x `DatasetTriggeredTimetable.data_interval_for_events`. */
function dataIntervalForEvents(
  logicalDate: string,
  events: readonly AssetEventRecord[],
  sourceInterval: AssetRunInput['sourceInterval'],
): { start: string; end: string } {
  if (events.length === 0) return { start: logicalDate, end: logicalDate };
  const spans = events.map((e) => sourceInterval(e) ?? { start: e.timestamp, end: e.timestamp });
  const t = (iso: string): number => new Date(iso).getTime();
  const start = spans.reduce((a, b) => (t(b.start) < t(a.start) ? b : a)).start;
  const end = spans.reduce((a, b) => (t(b.end) > t(a.end) ? b : a)).end;
  return { start, end };
}
