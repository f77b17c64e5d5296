import type { Clock } from './clock.js';
import type { Logger } from './logger.js';

type Level = 'info' | 'warn' | 'error';

/** Which messages count together: one DAG, one kind of message (`run-created`, `run-finished`, …). */
export interface LimitKey {
  dagId: string;
  kind: string;
  /** Lines of this kind logged per window before the rest are only counted; default {@link DEFAULT_BURST}. */
  burst?: number;
}

/** Lines per DAG and kind in one window: a DAG that runs every few minutes never reaches it. */
export const DEFAULT_BURST = 10;
/** The window after which counting starts over, and a count of what was held back is logged. */
export const WINDOW_MS = 60_000;

interface Window {
  start: number;
  logged: number;
  suppressed: number;
  level: Level;
  fields: Record<string, unknown>;
}

/**
 * Per-DAG rate limits for the agent log, so one DAG file cannot flood it (a schedule every microsecond
 * logged one identical line 67,065 times in six minutes). Each DAG and kind of message gets `burst` lines
 * per minute; the rest are counted, and the count is logged once when the minute is over: "… N more …".
 */
export class DagLogLimiter {
  readonly #log: Logger;
  readonly #clock: Clock;
  readonly #windows = new Map<string, Window>();

  constructor(log: Logger, clock: Clock) {
    this.#log = log;
    this.#clock = clock;
  }

  info(key: LimitKey, fields: Record<string, unknown>, message: string): void {
    this.#emit('info', key, fields, message);
  }

  warn(key: LimitKey, fields: Record<string, unknown>, message: string): void {
    this.#emit('warn', key, fields, message);
  }

  error(key: LimitKey, fields: Record<string, unknown>, message: string): void {
    this.#emit('error', key, fields, message);
  }

  /** Logs the counts of windows that are over; call it now and then (each scheduler pass does). */
  flush(): void {
    const now = this.#clock.now().getTime();
    for (const [id, w] of this.#windows) {
      if (now - w.start < WINDOW_MS) continue;
      this.#report(id, w);
      this.#windows.delete(id);
    }
  }

  #emit(level: Level, key: LimitKey, fields: Record<string, unknown>, message: string): void {
    const now = this.#clock.now().getTime();
    const id = `${key.dagId}\u0000${key.kind}`;
    let w = this.#windows.get(id);
    if (w && now - w.start >= WINDOW_MS) {
      this.#report(id, w);
      w = undefined;
    }
    if (!w) {
      w = { start: now, logged: 0, suppressed: 0, level, fields: {} };
      this.#windows.set(id, w);
    }
    if (w.logged < (key.burst ?? DEFAULT_BURST)) {
      w.logged++;
      this.#log[level]({ dagId: key.dagId, ...fields }, message);
      return;
    }
    w.suppressed++;
    w.level = level;
    w.fields = fields;
  }

  #report(id: string, w: Window): void {
    if (w.suppressed === 0) return;
    const [dagId, kind] = id.split('\u0000') as [string, string];
    this.#log[w.level](
      { dagId, kind, suppressed: w.suppressed, ...w.fields },
      `DAG ${dagId}: ${w.suppressed} more "${kind}" message(s) in ${Math.round(WINDOW_MS / 1000)} s not logged (at most ${w.logged} per DAG and kind per minute); the last one's fields are attached`,
    );
  }
}
