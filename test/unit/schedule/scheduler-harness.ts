import { Writable } from 'node:stream';
import { pino } from 'pino';
import { airflowProfile } from '../../../agent/airflow/profile-lookup.js';
import { ManualClock } from '../../../agent/core/clock.js';
import { EventBus, type AgentEventMap } from '../../../agent/core/events.js';
import type { DagImportError, DagSpec } from '../../../agent/dags/dag-model.js';
import { Scheduler } from '../../../agent/schedule/scheduler.js';
import type { RunStore } from '../../../agent/runs/run-store.js';
import { StaticDagSource } from '../../../harness/static-dag-source.js';

/** A scheduler on a manual clock, with its agent log lines and emitted events recorded. */
export function schedulerHarness(opts: {
  store: RunStore;
  dags: DagSpec[];
  now: string;
  pausedAtCreation?: boolean;
  errors?: DagImportError[];
  /** The emulated Airflow version (its run facts); default Airflow 2's. */
  airflowVersion?: string;
}) {
  const clock = new ManualClock(opts.now);
  const events = new EventBus();
  const source = new StaticDagSource(opts.dags, opts.errors);
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        logLines.push((JSON.parse(line) as { msg: string }).msg);
      cb();
    },
  });
  const log = pino({ level: 'info', base: null }, sink);
  const seen: { name: keyof AgentEventMap; runId: string; state?: string }[] = [];
  for (const name of ['run:created', 'run:started', 'run:finished'] as const) {
    events.on(name, (p) => seen.push({ name, runId: p.runId, ...('state' in p ? { state: p.state } : {}) }));
  }
  const scheduler = new Scheduler({
    clock,
    store: opts.store,
    dags: source,
    log,
    events,
    dagsArePausedAtCreation: opts.pausedAtCreation ?? false,
    tickMs: 60_000,
    ...(opts.airflowVersion ? { runFacts: () => airflowProfile(opts.airflowVersion!).runs } : {}),
    randomSuffix: () => 'AbCd1234',
  });
  return { clock, events, source, logLines, seen, scheduler };
}
