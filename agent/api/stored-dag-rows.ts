import type { DagRecord } from '../runs/run-records.js';
import type { RunStore } from '../runs/run-store.js';

/**
 * Every stored DAG row by id, read again only after the store changed: the lists filter and order 1,000 DAGs on
 * their rows (paused, stale, parse time) at every call, while the rows change far less often than pollers ask.
 */
export class StoredDagRows {
  readonly #store: RunStore;
  #stamp: string | null = null;
  #rows = new Map<string, DagRecord>();

  constructor(store: RunStore) {
    this.#store = store;
  }

  /** The rows as stored now; the map is shared between callers and must not be changed. */
  byId(): ReadonlyMap<string, DagRecord> {
    const stamp = this.#store.changeStamp();
    if (stamp !== this.#stamp) {
      this.#rows = new Map(this.#store.listDags().map((r) => [r.dagId, r]));
      this.#stamp = stamp;
    }
    return this.#rows;
  }
}
