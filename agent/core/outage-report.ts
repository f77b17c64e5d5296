import { errorMessage, isAgentError } from './errors.js';
import type { Logger } from './logger.js';

/**
 * For a loop that retries every pass: a state store that stops answering (STATE_STORE_UNREACHABLE, e.g. a lost
 * PostgreSQL server) is said once when the loop pauses and once when it resumes, not on every pass.
 */
export class OutageReport {
  #down = false;

  constructor(
    private readonly log: Logger,
    /** What pauses, as the log says it: "scheduling", "task scheduling". */
    private readonly what: string,
  ) {}

  /** False from a pass that found the store unreachable until one that went through. */
  get reachable(): boolean {
    return !this.#down;
  }

  /** True when `e` is the store being unreachable (said the first time); false for any other error. */
  failed(e: unknown): boolean {
    if (!isAgentError(e, 'STATE_STORE_UNREACHABLE')) return false;
    if (!this.#down)
      this.log.error(
        { code: e.code },
        `${this.what} paused: ${errorMessage(e)}; no work is claimed, and it resumes by itself when the store answers`,
      );
    this.#down = true;
    return true;
  }

  /** A pass went through: says the resumption once after an outage. */
  succeeded(): void {
    if (!this.#down) return;
    this.#down = false;
    this.log.info(`${this.what} resumed: the state store answers again`);
  }
}
