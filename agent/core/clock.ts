/**
 * The one source of "now" and of waiting for scheduling code. Production uses {@link SystemClock};
 * tests use {@link ManualClock} and advance it, so no test sleeps "to let things settle".
 */
export interface Clock {
  now(): Date;
  /** Resolves at (or after) `t`, or rejects with the signal's reason when aborted. */
  sleepUntil(t: Date, signal?: AbortSignal): Promise<void>;
}

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }

  sleepUntil(t: Date, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(done, Math.max(0, t.getTime() - Date.now()));
      function done(): void {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }
      function onAbort(): void {
        clearTimeout(timer);
        reject(signal!.reason);
      }
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

interface Sleeper {
  until: number;
  resolve: () => void;
}

/** A clock that only moves when a test calls {@link advance} or {@link set}. */
export class ManualClock implements Clock {
  #now: number;
  #sleepers: Sleeper[] = [];

  constructor(start: Date | string = '2024-01-01T00:00:00Z') {
    this.#now = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  sleepUntil(t: Date, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (t.getTime() <= this.#now) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const sleeper: Sleeper = { until: t.getTime(), resolve };
      this.#sleepers.push(sleeper);
      signal?.addEventListener(
        'abort',
        () => {
          this.#sleepers = this.#sleepers.filter((s) => s !== sleeper);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  /** Number of callers currently waiting in {@link sleepUntil}. */
  get waiting(): number {
    return this.#sleepers.length;
  }

  advance(ms: number): void {
    this.set(new Date(this.#now + ms));
  }

  set(t: Date | string): void {
    this.#now = new Date(t).getTime();
    const due = this.#sleepers.filter((s) => s.until <= this.#now);
    this.#sleepers = this.#sleepers.filter((s) => s.until > this.#now);
    for (const s of due) s.resolve();
  }
}
