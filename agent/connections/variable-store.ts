/** A stored Airflow Variable (the `variable` table), value decrypted. */
export interface StoredVariable {
  id: number;
  key: string;
  val: string | null;
  description: string | null;
  isEncrypted: boolean;
}

/** Airflow's metastore variables; values encrypted at rest, callers see plaintext. */
export interface VariableStore {
  get(key: string): StoredVariable | null;
  /** Creates or replaces (Airflow's `Variable.set`); a null description keeps none. */
  set(key: string, val: string, description?: string | null): StoredVariable;
  /** False when there was nothing to delete. */
  delete(key: string): boolean;
  /** Ordered by key. */
  list(): StoredVariable[];
  close(): void;
}
