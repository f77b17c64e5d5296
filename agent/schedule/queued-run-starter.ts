import type { RunFacts } from '../airflow/airflow-facts.js';
import type { EventBus } from '../core/events.js';
import type { DagLogLimiter } from '../core/dag-log-limiter.js';
import type { DagSpec } from '../dags/dag-model.js';
import type { DagRecord, DagRunRecord } from '../runs/run-records.js';
import type { RunStore } from '../runs/run-store.js';
import { storedDate } from '../runs/stored-date.js';

export interface StartQueuedRunsInput {
  store: RunStore;
  events: EventBus;
  log: DagLogLimiter;
  /** Undefined when the DAG is no longer parsed: its queued runs wait. */
  dag: DagSpec | undefined;
  record: DagRecord | undefined;
  /** The DAG's queued and running runs, oldest logical date first; started ones are updated in place. */
  runs: DagRunRecord[];
  now: Date;
  /** What a queued run waits for (the version table): its logical date (2.x) or its run_after (3.x). */
  startsAfter?: RunFacts['startsAfter'];
}

/**
 * Airflow's `_start_queued_dagruns`: a QUEUED run becomes RUNNING (start_date set) only if its DAG is
 * unpaused and active and fewer than max_active_runs runs are running; oldest logical date first. A run
 * dated in the future stays queued (2.x: its logical date, `allow_trigger_in_future=False`; 3.x: its
 * run_after). Returns when a waiting run is due.
 */
export function startQueuedRuns(input: StartQueuedRunsInput): number {
  const { store, events, log, dag, record, runs, now } = input;
  let wakeAt = Number.POSITIVE_INFINITY;
  if (!dag || !record || record.isPaused || !record.isActive) return wakeAt;
  let running = runs.filter((r) => r.state === 'running').length;
  for (const run of runs) {
    if (run.state !== 'queued' || running >= dag.maxActiveRuns) continue;
    const gate = input.startsAfter === 'run-after' ? run.runAfter : (run.logicalDate ?? run.runAfter);
    const due = new Date(gate).getTime();
    if (due > now.getTime()) {
      wakeAt = Math.min(wakeAt, due);
      continue;
    }
    const nowIso = storedDate(now);
    Object.assign(
      run,
      store.updateRun(run.dagId, run.runId, { state: 'running', startDate: nowIso, lastSchedulingDecision: nowIso }),
    );
    running += 1;
    log.info(
      { dagId: run.dagId, kind: 'run-started' },
      { runId: run.runId },
      `Run ${run.runId} of ${run.dagId} started`,
    );
    events.emit('run:started', { dagId: run.dagId, runId: run.runId });
  }
  return wakeAt;
}
