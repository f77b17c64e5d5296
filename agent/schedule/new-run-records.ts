import type { DagRunRecord } from '../runs/run-records.js';
import type { PlannedRun } from './plan-runs.js';
import { storedDate } from '../runs/stored-date.js';

/** A scheduled run as Airflow's scheduler creates it: QUEUED, run_type scheduled, external_trigger False. */
export function scheduledRunRecord(dagId: string, run: PlannedRun, now: Date): DagRunRecord {
  return {
    dagId,
    runId: run.runId,
    runType: 'scheduled',
    state: 'queued',
    logicalDate: run.logicalDate,
    dataIntervalStart: run.dataIntervalStart,
    dataIntervalEnd: run.dataIntervalEnd,
    conf: {},
    externalTrigger: false,
    queuedAt: storedDate(now),
    startDate: null,
    endDate: null,
    lastSchedulingDecision: null,
    triggeringUserName: null,
    note: null,
    runAfter: run.runAfter,
  };
}
