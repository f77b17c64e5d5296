import type { DagRecord } from '../runs/run-records.js';
import type { RunStore } from '../runs/run-store.js';
import type { ScheduleHistory } from './plan-runs.js';

/**
 * The planner's view of a DAG's past, read from the store. The watermark is the later of the stored one
 * and the newest automated run's interval end, so a crash between creating a run and saving the
 * watermark cannot schedule that interval twice. Logical dates are loaded only if a run is due.
 */
export function scheduleHistory(
  store: RunStore,
  record: DagRecord | undefined,
  dagId: string,
  activeRuns: number,
): ScheduleHistory {
  const newest = store.listRuns(dagId, { runType: ['scheduled', 'backfill'], newestFirst: true, limit: 1 }).runs[0];
  const stored = record?.lastAutomatedDataIntervalEnd ?? null;
  const fromRuns = newest?.dataIntervalEnd ?? null;
  let taken: Set<string> | null = null;
  return {
    isPaused: record?.isPaused ?? false,
    isActive: record?.isActive ?? true,
    hasImportErrors: record?.hasImportErrors ?? false,
    lastAutomatedDataIntervalEnd: later(stored, fromRuns),
    activeRuns,
    isLogicalDateTaken(logicalDate: string): boolean {
      taken ??= new Set(store.listRuns(dagId).runs.flatMap((r) => (r.logicalDate === null ? [] : [r.logicalDate])));
      return taken.has(logicalDate);
    },
  };
}

function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return new Date(a).getTime() >= new Date(b).getTime() ? a : b;
}
