import { SystemClock, type Clock } from '../../../agent/core/clock.js';

/**
 * Real time, except that the test can hold every sleeper (so the mirror does not poll while the test
 * restores a restarted, empty LocalStack) and then release them all at once. Records each requested delay.
 */
export class GatedClock implements Clock {
  readonly delays: number[] = [];
  readonly #system = new SystemClock();
  #closed = false;
  #release = new AbortController();
  #waiting = 0;

  now(): Date {
    return this.#system.now();
  }

  get waiting(): number {
    return this.#waiting;
  }

  async sleepUntil(t: Date, signal?: AbortSignal): Promise<void> {
    this.delays.push(t.getTime() - Date.now());
    this.#waiting++;
    try {
      const release = this.#release.signal;
      const timed = this.#system
        .sleepUntil(t, AbortSignal.any([...(signal ? [signal] : []), release]))
        .catch((e: unknown) => {
          if (signal?.aborted) throw e;
        });
      await timed;
      while (this.#closed && !signal?.aborted) {
        await new Promise<void>((r) => this.#release.signal.addEventListener('abort', () => r(), { once: true }));
      }
      if (signal?.aborted) throw signal.reason;
    } finally {
      this.#waiting--;
    }
  }

  /** From now on, sleepers stay asleep (past their deadline) until {@link open}. */
  close(): void {
    this.#closed = true;
  }

  /** Wakes every sleeper now. */
  open(): void {
    this.#closed = false;
    const r = this.#release;
    this.#release = new AbortController();
    r.abort();
  }
}
