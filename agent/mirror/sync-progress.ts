import type { Logger } from '../core/logger.js';
import type { Clock } from '../core/clock.js';

/** A terminal (or anything with `isTTY` and `write`) that gets a redrawn progress bar. */
export interface ProgressTerminal {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): unknown;
}

export interface SyncProgressOptions {
  /** Downloads known at the start; {@link SyncProgress.grow} adds those planned as the listing arrives. */
  total: number;
  log: Logger;
  clock: Clock;
  terminal?: ProgressTerminal;
  /** Time between `synced N/M objects` log lines when there is no terminal. */
  logEveryMs?: number;
}

/** Downloads in one cycle below which no progress is shown (the summary line is enough). */
export const PROGRESS_MIN_OBJECTS = 100;

const MB = 1024 * 1024;

/** Progress of one large sync (silent below {@link PROGRESS_MIN_OBJECTS} downloads): a bar on a terminal, periodic `synced N/M objects (X MB)` log lines otherwise. */
export class SyncProgress {
  readonly #o: SyncProgressOptions;
  #done = 0;
  #bytes = 0;
  #total: number;
  #lastShown: number;

  constructor(opts: SyncProgressOptions) {
    this.#o = opts;
    this.#total = opts.total;
    this.#lastShown = opts.clock.now().getTime();
  }

  /** More downloads planned while the listing is still arriving. */
  grow(objects: number): void {
    this.#total += objects;
  }

  tick(bytes: number): void {
    this.#done++;
    this.#bytes += bytes;
    const now = this.#o.clock.now().getTime();
    const every = this.#tty ? 100 : (this.#o.logEveryMs ?? 2_000);
    if (this.#total >= PROGRESS_MIN_OBJECTS && now - this.#lastShown >= every) {
      this.#lastShown = now;
      this.#show();
    }
  }

  /** Final state; ends the bar's line on a terminal. */
  finish(): void {
    if (this.#total < PROGRESS_MIN_OBJECTS) return;
    this.#show();
    if (this.#tty) this.#o.terminal!.write('\n');
  }

  get #tty(): boolean {
    return this.#o.terminal?.isTTY === true;
  }

  #show(): void {
    const text = `synced ${this.#done}/${this.#total} objects (${(this.#bytes / MB).toFixed(1)} MB)`;
    if (!this.#tty) {
      this.#o.log.info({ done: this.#done, total: this.#total, bytes: this.#bytes }, text);
      return;
    }
    const width = Math.max(10, Math.min(40, (this.#o.terminal!.columns ?? 80) - text.length - 4));
    const filled = Math.round((this.#done / Math.max(1, this.#total)) * width);
    this.#o.terminal!.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}`);
  }
}
