import type { RunFacts } from '../airflow/airflow-facts.js';
import type { Clock } from '../core/clock.js';
import type { EventBus } from '../core/events.js';
import type { RunStore } from '../runs/run-store.js';
import { DagScheduleCache } from '../schedule/dag-schedule-cache.js';
import { createManualRun } from '../schedule/manual-run.js';
import type { DagScheduleFields } from '../schedule/dag-schedule-fields.js';
import type { ApiDeps, DagScheduleInfo } from './api-deps.js';

/** The schedule stage's answers in the API's shapes: a DAG's scheduling fields, and a trigger from the API. */
export function scheduleDeps(o: {
  clock: Clock;
  store: RunStore;
  events: EventBus;
  /** The emulated version's run facts (how a manual run is named and dated); default Airflow 2's. */
  runFacts?: () => RunFacts;
}): Pick<ApiDeps, 'scheduleInfo' | 'triggerRun'> {
  // Lists and pollers ask for the same DAGs again and again: each answer is kept until it could change.
  const schedules = new DagScheduleCache(o.store);
  // One info object per cached answer, so the JSON caches can tell an unchanged schedule by identity.
  const infos = new WeakMap<DagScheduleFields, DagScheduleInfo>();
  return {
    scheduleInfo: (dag, _record, now) => {
      const f = schedules.fields(dag, now);
      let info = infos.get(f);
      if (info) return info;
      info = {
        scheduleInterval: f.schedule_interval,
        timetableDescription: f.timetable_description,
        nextDagrun: f.next_dagrun,
        nextDagrunDataIntervalStart: f.next_dagrun_data_interval_start,
        nextDagrunDataIntervalEnd: f.next_dagrun_data_interval_end,
        nextDagrunCreateAfter: f.next_dagrun_create_after,
      };
      infos.set(f, info);
      return info;
    },
    triggerRun: (dag, req) => {
      const run = createManualRun(o.store, dag, {
        now: o.clock.now(),
        conf: req.conf,
        runId: req.runId,
        logicalDate: req.logicalDate,
        dataInterval: req.dataInterval,
        runAfter: req.runAfter === undefined ? undefined : new Date(req.runAfter),
        intervalAtLogicalDate: true,
        replaceMicroseconds: false,
        runs: o.runFacts?.(),
        events: o.events,
      });
      const extra = {
        ...(req.note ? { note: req.note } : {}),
        ...(req.triggeringUserName ? { triggeringUserName: req.triggeringUserName } : {}),
      };
      return Object.keys(extra).length ? o.store.updateRun(run.dagId, run.runId, extra) : run;
    },
  };
}
