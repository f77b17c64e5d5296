/**
 * The contract of every long-running part: idempotent start/stop, a `done` promise that settles when the
 * part has stopped (or failed for good), and `Symbol.asyncDispose` so `await using` works.
 */
export interface Service extends AsyncDisposable {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly done: Promise<void>;
}
