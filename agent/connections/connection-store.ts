import type { Connection } from './connection.js';

/** A connection as the store holds it, with Airflow's row id and encryption flags. */
export interface StoredConnection extends Connection {
  /** Airflow's integer primary key (`id` column of `connection`). */
  id: number;
  isEncrypted: boolean;
  isExtraEncrypted: boolean;
}

/** Fields a PATCH may change (everything but the conn_id). */
export type ConnectionPatch = Partial<Omit<Connection, 'connId'>>;

/**
 * Airflow's metastore connections (the `connection` table): the backend `connections add/list/delete`,
 * the REST API and the UI write, and the last one `ConnectionResolver` reads. Secrets are encrypted at
 * rest; callers see plaintext. Synchronous: SQLite calls are short and the CLI and API share one file.
 */
export interface ConnectionStore {
  get(connId: string): StoredConnection | null;
  /** Ordered by conn_id; `connId` filters to that one (as `connections list --conn-id`). */
  list(filter?: { connId?: string }): StoredConnection[];
  /** Inserts; throws AgentError CONNECTION_EXISTS "A connection with `conn_id`=<id> already exists.". */
  add(conn: Connection): StoredConnection;
  /** Inserts or replaces, keeping the row id (`connections import --overwrite`). */
  put(conn: Connection): StoredConnection;
  /** Changes the given fields; throws AgentError CONNECTION_NOT_FOUND when absent. */
  update(connId: string, patch: ConnectionPatch): StoredConnection;
  /** False when there was nothing to delete. */
  delete(connId: string): boolean;
  close(): void;
}
