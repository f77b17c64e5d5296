import type { DagLogLimiter } from '../core/dag-log-limiter.js';
import type { EventBus } from '../core/events.js';
import type { DagSpec } from '../dags/dag-model.js';
import { FINISHED_TI_STATES, type DagRunRecord } from '../runs/run-records.js';
import type { RunStore } from '../runs/run-store.js';
import { storedDate } from '../runs/stored-date.js';

/**
 * Fails the DAG's running runs that are past dagrun_timeout (Airflow: `start_date < now - timeout`);
 * returns when the next one times out.
 */
export function failTimedOutRuns(opts: {
  store: RunStore;
  events: EventBus;
  log: DagLogLimiter;
  dag: DagSpec | undefined;
  runs: DagRunRecord[];
  now: Date;
}): number {
  let wakeAt = Number.POSITIVE_INFINITY;
  for (const run of opts.runs) {
    if (run.state !== 'running') continue;
    const deadline = timeoutDeadline(run, opts.dag);
    if (deadline === null) continue;
    if (opts.now.getTime() > deadline) failTimedOutRun({ ...opts, run });
    else wakeAt = Math.min(wakeAt, deadline + 1);
  }
  return wakeAt;
}

/** When a running run times out, or null when its DAG has no `dagrun_timeout`. */
export function timeoutDeadline(run: DagRunRecord, dag: DagSpec | undefined): number | null {
  if (!dag?.dagrunTimeoutSeconds || !run.startDate) return null;
  return new Date(run.startDate).getTime() + dag.dagrunTimeoutSeconds * 1000;
}

/**
 * Airflow's `dagrun_timeout` handling: the run becomes FAILED and its unfinished task instances SKIPPED
 * (the task runner notices and stops them), with the scheduler's log line.
 */
export function failTimedOutRun(opts: {
  store: RunStore;
  events: EventBus;
  log: DagLogLimiter;
  run: DagRunRecord;
  now: Date;
}): void {
  const { store, run, now } = opts;
  const nowIso = storedDate(now);
  for (const ti of store.listTaskInstances(run.dagId, run.runId)) {
    if (ti.state !== null && FINISHED_TI_STATES.has(ti.state)) continue;
    const startDate = ti.startDate ?? nowIso;
    const endDate = ti.endDate ?? nowIso;
    store.updateTaskInstance(
      run.dagId,
      run.runId,
      ti.taskId,
      {
        state: 'skipped',
        startDate,
        endDate,
        duration: (new Date(endDate).getTime() - new Date(startDate).getTime()) / 1000,
      },
      ti.mapIndex,
    );
  }
  store.updateRun(run.dagId, run.runId, { state: 'failed', endDate: nowIso });
  opts.log.info(
    { dagId: run.dagId, kind: 'run-timed-out' },
    { runId: run.runId },
    `Run ${run.runId} of ${run.dagId} has timed-out`,
  );
  opts.events.emit('run:finished', { dagId: run.dagId, runId: run.runId, state: 'failed' });
}
