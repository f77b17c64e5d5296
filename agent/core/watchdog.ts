import type { Clock } from './clock.js';
import { LifecycleService } from './lifecycle.js';
import type { Logger } from './logger.js';

/** A loop the watchdog keeps an eye on. */
export interface WatchedLoop {
  /** e.g. "scheduler", "DAG file reader". */
  name: string;
  /**
   * Since when the loop has been waiting on one piece of work (ms since the epoch), and on what; null while
   * it is idle or moving. The watchdog compares this with `stallAfterMs`.
   */
  stuckSince(): { since: number; on: string } | null;
  /** How long one piece of work may take before the loop counts as stalled. */
  stallAfterMs: number;
  /** Gets the loop moving again (restart a worker, cut a wait short, abandon a stuck refresh). */
  recover(): void;
}

export interface WatchdogOptions {
  clock: Clock;
  log: Logger;
  loops: WatchedLoop[];
  /** How often the loops are checked. Default 5 s. */
  everyMs?: number;
}

/** What `/health` shows: the stalled loops, if any. */
export interface WatchdogStatus {
  healthy: boolean;
  stalled: { name: string; on: string; forMs: number }[];
}

/**
 * Checks that the agent's loops make progress, as Airflow's scheduler heartbeat does for `/health`: a loop
 * stuck on one piece of work longer than allowed is reported (one ERROR naming it and what it is stuck on),
 * shown unhealthy in `/health`, and recovered; its recovery is reported once too.
 */
export class Watchdog extends LifecycleService {
  readonly #o: WatchdogOptions;
  readonly #stop = new AbortController();
  readonly #reported = new Set<string>();
  #loop: Promise<void> | null = null;

  constructor(opts: WatchdogOptions) {
    super();
    this.#o = opts;
  }

  protected async onStart(): Promise<void> {
    this.#loop = this.#run();
  }

  protected async onStop(): Promise<void> {
    this.#stop.abort();
    await this.#loop;
  }

  status(): WatchdogStatus {
    const now = this.#o.clock.now().getTime();
    const stalled: WatchdogStatus['stalled'] = [];
    for (const loop of this.#o.loops) {
      const stuck = loop.stuckSince();
      if (stuck && now - stuck.since > loop.stallAfterMs)
        stalled.push({ name: loop.name, on: stuck.on, forMs: now - stuck.since });
    }
    return { healthy: stalled.length === 0, stalled };
  }

  /** One check: report and recover stalled loops, report recovered ones. */
  check(): void {
    const stalled = new Map(this.status().stalled.map((s) => [s.name, s]));
    for (const loop of this.#o.loops) {
      const s = stalled.get(loop.name);
      if (!s) {
        if (this.#reported.delete(loop.name))
          this.#o.log.info({ loop: loop.name }, `${loop.name} is making progress again`);
        continue;
      }
      if (!this.#reported.has(loop.name)) {
        this.#reported.add(loop.name);
        this.#o.log.error(
          { loop: loop.name, on: s.on, stalledMs: s.forMs },
          `${loop.name} made no progress for ${Math.round(s.forMs / 1000)} s (stuck on ${s.on}; allowed ${Math.round(loop.stallAfterMs / 1000)} s); /health reports it unhealthy; restarting it`,
        );
      }
      try {
        loop.recover();
      } catch (e) {
        this.#o.log.error({ loop: loop.name, err: (e as Error)?.message }, `could not restart ${loop.name}`);
      }
    }
  }

  async #run(): Promise<void> {
    const { clock } = this.#o;
    const every = this.#o.everyMs ?? 5_000;
    while (!this.#stop.signal.aborted) {
      await clock.sleepUntil(new Date(clock.now().getTime() + every), this.#stop.signal).catch(() => undefined);
      if (this.#stop.signal.aborted) break;
      this.check();
    }
  }
}
