import { describe, expect, it } from 'vitest';
import type { ScheduleSpec } from '../../../agent/dags/dag-model.js';
import { MemoryRunStore } from '../../../agent/runs/memory-run-store.js';
import { DagScheduleCache } from '../../../agent/schedule/dag-schedule-cache.js';
import { dagScheduleFields } from '../../../agent/schedule/dag-schedule-fields.js';
import { dagSpec } from '../../../harness/dag-specs.js';
import { dagRunRecord } from '../../../harness/run-records.js';
import { storedDate } from '../../../agent/runs/stored-date.js';

/** A small deterministic generator, so a failing sequence can be replayed. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

const SCHEDULES: [string, ScheduleSpec, boolean][] = [
  ['hourly cron, catchup', { kind: 'cron', expression: '0 * * * *' }, true],
  ['hourly cron, no catchup', { kind: 'cron', expression: '0 * * * *' }, false],
  ['every 90 minutes, no catchup', { kind: 'delta', seconds: 5400 }, false],
  ['schedule None', { kind: 'none' }, true],
  ['@once', { kind: 'once' }, false],
];

describe('DAG schedule cache', () => {
  it.each(SCHEDULES)(
    'answers as dagScheduleFields at every step (%s), or with an answer under a second old while it follows the clock',
    (_name, schedule, catchup) => {
      const next = random(7);
      const store = new MemoryRunStore();
      const cache = new DagScheduleCache(store);
      let dag = dagSpec({ schedule, catchup, startDate: '2024-01-01T00:00:00+00:00' });
      store.upsertDag({
        dagId: 'd',
        relativeFileloc: 'd.py',
        pausedUponCreation: true,
        hasImportErrors: false,
        parsedAt: '2024-01-01T00:00:00+00:00',
      });
      let now = Date.parse('2024-01-01T00:20:00Z');
      const answers: { at: number; fields: unknown }[] = [];
      let runs = 0;
      for (let step = 0; step < 400; step++) {
        const r = next();
        if (r < 0.4)
          now += Math.floor(next() * 900); // below a second: the cache may answer
        else if (r < 0.6) now += Math.floor(next() * 120_000);
        else if (r < 0.8) now += Math.floor(next() * 3 * 3600_000);
        else if (r < 0.88) store.setPaused('d', next() < 0.5);
        else if (r < 0.95) {
          const at = storedDate(new Date(now - 3600_000 - runs * 1000)); // one logical date per run
          store.createRun(
            dagRunRecord({
              dagId: 'd',
              runId: `scheduled__${runs++}`,
              runType: 'scheduled',
              logicalDate: at,
              dataIntervalStart: at,
              dataIntervalEnd: at,
            }),
            [],
          );
        } else dag = { ...dag }; // parsed again
        const got = cache.fields(dag, new Date(now));
        const fresh = dagScheduleFields(dag, store, new Date(now));
        answers.push({ at: now, fields: fresh });
        if (JSON.stringify(got) === JSON.stringify(fresh)) continue;
        // A clock-bound answer may be kept for a second: it must be what the planner said less than 1 s ago.
        const recent = answers.filter((a) => now - a.at < 1000).map((a) => JSON.stringify(a.fields));
        expect(recent).toContain(JSON.stringify(got));
      }
    },
  );

  it('computes again after a run is created, even within the same instant', () => {
    const store = new MemoryRunStore();
    const cache = new DagScheduleCache(store);
    const dag = dagSpec({ schedule: { kind: 'cron', expression: '0 * * * *' } });
    store.upsertDag({
      dagId: 'd',
      relativeFileloc: 'd.py',
      pausedUponCreation: false,
      hasImportErrors: false,
      parsedAt: '2024-01-01T00:00:00+00:00',
    });
    const now = new Date('2024-01-01T05:30:00Z');
    expect(cache.fields(dag, now).next_dagrun).toBe('2024-01-01T00:00:00+00:00');
    store.setWatermark('d', '2024-01-01T05:00:00+00:00');
    expect(cache.fields(dag, now).next_dagrun).toBe('2024-01-01T05:00:00+00:00');
  });
});
