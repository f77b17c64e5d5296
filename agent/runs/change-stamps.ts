/**
 * Write counters a store keeps so readers can cache what they derive from it (the API's DAG JSON and schedule):
 * one per DAG, bumped by writes about that DAG, and one store-wide, bumped by writes that touch many DAGs.
 */
export class ChangeStamps {
  #all = 0;
  #writes = 0;
  readonly #byDag = new Map<string, number>();

  /** Records a write about `dagId`, or about any number of DAGs when it is absent. */
  touch(dagId?: string): void {
    this.#writes++;
    if (dagId === undefined) this.#all++;
    else this.#byDag.set(dagId, (this.#byDag.get(dagId) ?? 0) + 1);
  }

  /**
   * Changes whenever `touch(dagId)` or `touch()` was called, or with no DAG, whenever anything was touched;
   * `outside` adds a stamp of writes by others.
   */
  stamp(dagId: string | undefined, outside: number | string = 0): string {
    if (dagId === undefined) return `${outside}.${this.#writes}`;
    return `${outside}.${this.#all}.${this.#byDag.get(dagId) ?? 0}`;
  }
}
