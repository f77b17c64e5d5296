import { SqliteRunStore } from '../../state/sqlite-run-store.js';
import { stateDatabasePath } from '../../core/sqlite-database.js';
import type { Config } from '../../core/config.js';

/** Runs `fn` with the run store of the configured state folder, closing it afterwards. */
export async function withRunStore<T>(
  config: Readonly<Config>,
  fn: (store: SqliteRunStore) => T | Promise<T>,
): Promise<T> {
  const store = new SqliteRunStore({ file: stateDatabasePath(config.stateDir) });
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}
