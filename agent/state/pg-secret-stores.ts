import type { Connection } from '../connections/connection.js';
import type { ConnectionPatch, ConnectionStore, StoredConnection } from '../connections/connection-store.js';
import type { SecretCipher } from '../connections/secret-cipher.js';
import {
  type ConnectionRow,
  connectionFromRow,
  connectionToRow,
  type VariableRow,
  variableFromRow,
} from '../connections/secret-rows.js';
import type { StoredVariable, VariableStore } from '../connections/variable-store.js';
import { AgentError } from '../core/errors.js';
import type { PgSession } from './pg-session.js';

const CONNECTION_COLUMNS = [
  'conn_id',
  'conn_type',
  'description',
  'host',
  'schema',
  'login',
  'password',
  'port',
  'is_encrypted',
  'is_extra_encrypted',
  'extra',
] as const;
const CONNECTION_INSERT = `INSERT INTO connection (${CONNECTION_COLUMNS.join(', ')})
  VALUES (${CONNECTION_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`;

const connectionValues = (row: Omit<ConnectionRow, 'id'>): unknown[] => CONNECTION_COLUMNS.map((c) => row[c]);

/**
 * Airflow's `connection` table in the PostgreSQL state database (`--state-url`), password and extra Fernet-encrypted
 * by the agent as in the SQLite store (sqlite-connection-store.ts), whose behaviour this one repeats.
 */
export class PgConnectionStore implements ConnectionStore {
  readonly #session: PgSession;
  readonly #cipher: SecretCipher;

  constructor(opts: { session: PgSession; cipher: SecretCipher }) {
    this.#session = opts.session;
    this.#cipher = opts.cipher;
  }

  #one(sql: string, params: unknown[]): StoredConnection | null {
    const [rows] = this.#session.statements([{ sql, params }]);
    const row = rows?.[0] as ConnectionRow | undefined;
    return row ? connectionFromRow(row, this.#cipher) : null;
  }

  get(connId: string): StoredConnection | null {
    return this.#one('SELECT * FROM connection WHERE conn_id = $1', [connId]);
  }

  list(filter: { connId?: string } = {}): StoredConnection[] {
    const [rows] = this.#session.statements([
      {
        sql: 'SELECT * FROM connection WHERE ($1::text IS NULL OR conn_id = $1) ORDER BY conn_id COLLATE "C"',
        params: [filter.connId ?? null],
      },
    ]);
    return (rows as unknown as ConnectionRow[]).map((r) => connectionFromRow(r, this.#cipher));
  }

  add(conn: Connection): StoredConnection {
    const added = this.#one(
      `${CONNECTION_INSERT} ON CONFLICT (conn_id) DO NOTHING RETURNING *`,
      connectionValues(connectionToRow(conn, this.#cipher)),
    );
    if (!added)
      throw new AgentError('CONNECTION_EXISTS', `A connection with \`conn_id\`=${conn.connId} already exists.`);
    return added;
  }

  put(conn: Connection): StoredConnection {
    const updates = CONNECTION_COLUMNS.filter((c) => c !== 'conn_id').map((c) => `${c} = excluded.${c}`);
    return this.#one(
      `${CONNECTION_INSERT} ON CONFLICT (conn_id) DO UPDATE SET ${updates.join(', ')} RETURNING *`,
      connectionValues(connectionToRow(conn, this.#cipher)),
    )!;
  }

  update(connId: string, patch: ConnectionPatch): StoredConnection {
    const current = this.get(connId);
    if (!current)
      throw new AgentError('CONNECTION_NOT_FOUND', `The Connection with connection_id: \`${connId}\` was not found`);
    const { id: _id, isEncrypted: _e, isExtraEncrypted: _x, ...conn } = current;
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const next: Connection = { ...conn, ...defined, connId };
    const sets = CONNECTION_COLUMNS.slice(1).map((c, i) => `${c} = $${i + 2}`);
    return this.#one(
      `UPDATE connection SET ${sets.join(', ')} WHERE conn_id = $1 RETURNING *`,
      connectionValues(connectionToRow(next, this.#cipher)),
    )!;
  }

  delete(connId: string): boolean {
    const [rows] = this.#session.statements([
      { sql: 'DELETE FROM connection WHERE conn_id = $1 RETURNING id', params: [connId] },
    ]);
    return (rows?.length ?? 0) > 0;
  }

  close(): void {
    // The session is the secrets state's (pg-secrets-state.ts), closed with it.
  }
}

/** Airflow's `variable` table in the PostgreSQL state database, values Fernet-encrypted as in the SQLite store. */
export class PgVariableStore implements VariableStore {
  readonly #session: PgSession;
  readonly #cipher: SecretCipher;

  constructor(opts: { session: PgSession; cipher: SecretCipher }) {
    this.#session = opts.session;
    this.#cipher = opts.cipher;
  }

  #rows(sql: string, params: unknown[]): StoredVariable[] {
    const [rows] = this.#session.statements([{ sql, params }]);
    return (rows as unknown as VariableRow[]).map((r) => variableFromRow(r, this.#cipher));
  }

  get(key: string): StoredVariable | null {
    return this.#rows('SELECT * FROM variable WHERE key = $1', [key])[0] ?? null;
  }

  set(key: string, val: string, description: string | null = null): StoredVariable {
    return this.#rows(
      `INSERT INTO variable (key, val, description, is_encrypted) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key) DO UPDATE SET val = excluded.val, description = excluded.description,
         is_encrypted = excluded.is_encrypted
       RETURNING *`,
      [key, val ? this.#cipher.encrypt(val) : val, description, Boolean(val)],
    )[0]!;
  }

  delete(key: string): boolean {
    const [rows] = this.#session.statements([
      { sql: 'DELETE FROM variable WHERE key = $1 RETURNING id', params: [key] },
    ]);
    return (rows?.length ?? 0) > 0;
  }

  list(): StoredVariable[] {
    return this.#rows('SELECT * FROM variable ORDER BY key COLLATE "C"', []);
  }

  close(): void {
    // The session is the secrets state's, closed with it.
  }
}
