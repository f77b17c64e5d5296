import type { SqliteRunStore } from '../../state/sqlite-run-store.js';
import type { Config } from '../../core/config.js';

/** Runs `fn` with the run store of the configured state folder, closing it afterwards. */
export async function withRunStore<T>(
  config: Readonly<Config>,
  fn: (store: SqliteRunStore) => T | Promise<T>,
): Promise<T> {
  // SQLite is loaded by the commands that read the state folder, not by every command.
  const { SqliteRunStore } = await import('../../state/sqlite-run-store.js');
  const { stateDatabasePath } = await import('../../core/sqlite-database.js');
  const store = new SqliteRunStore({ file: stateDatabasePath(config.stateDir) });
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}
