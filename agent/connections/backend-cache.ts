/**
 * A short cache of a secrets backend's answers (found or not), so a run of tasks does not call AWS for
 * every lookup; failures are not kept. Airflow asks the backend on every lookup; the agent is one long
 * process, so an answer stays for `ttlMs` (15 s by default): a secret changed in AWS is seen within that.
 */
export class BackendCache {
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, { value: string | null; expires: number }>();

  constructor(ttlMs = 15_000, now: () => number = Date.now) {
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  async get(key: string, load: () => Promise<string | null>): Promise<string | null> {
    const hit = this.#entries.get(key);
    if (hit && hit.expires > this.#now()) return hit.value;
    const value = await load();
    this.#entries.set(key, { value, expires: this.#now() + this.#ttlMs });
    return value;
  }
}
