import type Database from 'better-sqlite3';
import { migrate, openStateDatabase, stateDatabasePath } from '../core/sqlite-database.js';
import type { ConnectionStore } from './connection-store.js';
import { loadFernet } from './fernet-key.js';
import type { VariableStore } from './variable-store.js';
import { SecretCipher } from './secret-cipher.js';
import { SqliteConnectionStore } from './sqlite-connection-store.js';
import { SqliteVariableStore } from './sqlite-variable-store.js';

/** Tables of Airflow's metadata DB this module owns, in the state database shared with the run store. */
export const SECRETS_MIGRATIONS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS connection (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     conn_id TEXT NOT NULL UNIQUE,
     conn_type TEXT NOT NULL,
     description TEXT,
     host TEXT,
     schema TEXT,
     login TEXT,
     password TEXT,
     port INTEGER,
     is_encrypted INTEGER NOT NULL DEFAULT 0,
     is_extra_encrypted INTEGER NOT NULL DEFAULT 0,
     extra TEXT
   );
   CREATE TABLE IF NOT EXISTS variable (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     key TEXT NOT NULL UNIQUE,
     val TEXT,
     description TEXT,
     is_encrypted INTEGER NOT NULL DEFAULT 0
   );`,
];

export interface SecretsStateOptions {
  stateDir: string;
  /** Config `fernetKey` (MWAA_AGENT_FERNET_KEY / AIRFLOW__CORE__FERNET_KEY); null → `<stateDir>/fernet.key`. */
  fernetKey: string | null;
  /** An already open state database to share (the agent's); opened from `stateDir` when omitted. */
  db?: Database.Database;
}

/** The connection and variable stores of one state folder. `close()` closes the database only if it opened it. */
export interface SecretsState {
  connections: ConnectionStore;
  variables: VariableStore;
  close(): void;
}

/** Opens (creating and migrating) the `connection` and `variable` tables with the configured Fernet key. */
export function openSecretsState(opts: SecretsStateOptions): SecretsState {
  const file = stateDatabasePath(opts.stateDir);
  const cipher = new SecretCipher(loadFernet({ stateDir: opts.stateDir, fernetKey: opts.fernetKey }), file);
  const db = opts.db ?? openStateDatabase(file);
  migrate(db, 'connections', SECRETS_MIGRATIONS);
  const connections = new SqliteConnectionStore({ db, cipher });
  const variables = new SqliteVariableStore({ db, cipher });
  return {
    connections,
    variables,
    close: () => {
      if (!opts.db && db.open) db.close();
    },
  };
}
