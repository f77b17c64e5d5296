import type { Clock } from '../core/clock.js';
import { LifecycleService } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';

export interface VariableWatchOptions {
  clock: Clock;
  /** Looks the parse-time variables up again and re-parses the files whose answer changed. */
  refresh: () => Promise<void>;
  /**
   * How often. Airflow re-parses every DAG file each `min_file_process_interval` (30 s), which is when a
   * changed variable reaches the DAGs that read it while they are parsed.
   */
  intervalMs?: number;
  log: Logger;
}

/**
 * Re-reads the variables DAG files read while they were parsed: a variable set through the API, the CLI (a
 * process of its own), `AIRFLOW_VAR_*` of a restarted agent, or the secrets backend reaches its DAGs within
 * one interval, as on Airflow.
 */
export class VariableWatch extends LifecycleService {
  readonly #o: VariableWatchOptions;
  readonly #abort = new AbortController();
  #loop: Promise<void> | null = null;

  constructor(o: VariableWatchOptions) {
    super();
    this.#o = o;
  }

  protected async onStart(): Promise<void> {
    this.#loop = this.#run();
  }

  protected async onStop(): Promise<void> {
    this.#abort.abort();
    await this.#loop;
  }

  async #run(): Promise<void> {
    const { clock, intervalMs = 30_000, log } = this.#o;
    while (!this.#abort.signal.aborted) {
      await clock.sleepUntil(new Date(clock.now().getTime() + intervalMs), this.#abort.signal).catch(() => undefined);
      if (this.#abort.signal.aborted) return;
      await this.#o.refresh().catch((e: unknown) => log.error({ err: e }, 're-reading parse-time variables failed'));
    }
  }
}
