import { AGENT_VERSION } from '../../core/agent-version.js';
import type { Config } from '../../core/config.js';
import type { RunStore } from '../../runs/run-store.js';

/**
 * Runs `fn` with the configured run store — the SQLite file of the state folder, or the PostgreSQL database of
 * `--state-url` — closing it afterwards.
 */
export async function withRunStore<T>(config: Readonly<Config>, fn: (store: RunStore) => T | Promise<T>): Promise<T> {
  const store = await openRunStore(config);
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

/** The store is loaded by the commands that read the state, not by every command. */
async function openRunStore(config: Readonly<Config>): Promise<RunStore> {
  if (config.stateUrl !== null) {
    const [{ PgRunStore }, { parseStateUrl }] = await Promise.all([
      import('../../state/pg-run-store.js'),
      import('../../core/state-url.js'),
    ]);
    // A CLI command does not know the environment's Airflow version for sure: the agent checks it.
    return new PgRunStore({
      target: parseStateUrl(config.stateUrl),
      agentVersion: AGENT_VERSION,
      airflowVersion: null,
    });
  }
  const { SqliteRunStore } = await import('../../state/sqlite-run-store.js');
  const { stateDatabasePath } = await import('../../core/sqlite-database.js');
  return new SqliteRunStore({ file: stateDatabasePath(config.stateDir) });
}
