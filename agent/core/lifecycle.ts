/**
 * The contract of every long-running part: idempotent start/stop, a `done` promise that settles when the
 * part has stopped (or failed for good), and `Symbol.asyncDispose` so `await using` works.
 */
export interface Service extends AsyncDisposable {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly done: Promise<void>;
}

/**
 * The one implementation of the {@link Service} contract; a service supplies `onStart` and `onStop`.
 * - `start()` runs `onStart` once; every call returns that same promise. After `stop()` it does nothing.
 * - `stop()` runs once: it waits for a `start()` in progress (whose failure is start's to report), then runs
 *   `onStop`, then settles `done` — also when `onStop` fails, so nobody waits forever.
 * - `onStart` may check {@link stopRequested} between steps to end a long start early.
 */
export abstract class LifecycleService implements Service {
  readonly done: Promise<void>;
  #resolveDone!: () => void;
  #starting: Promise<void> | null = null;
  #stopping: Promise<void> | null = null;

  constructor() {
    this.done = new Promise((resolve) => (this.#resolveDone = resolve));
  }

  protected abstract onStart(): Promise<void>;
  protected abstract onStop(): Promise<void>;

  /** True once `stop()` was called. */
  protected get stopRequested(): boolean {
    return this.#stopping !== null;
  }

  start(): Promise<void> {
    if (this.#stopping) return this.#starting ?? Promise.resolve();
    this.#starting ??= this.onStart();
    return this.#starting;
  }

  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      await this.#starting?.catch(() => undefined);
      try {
        await this.onStop();
      } finally {
        this.#resolveDone();
      }
    })();
    return this.#stopping;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
