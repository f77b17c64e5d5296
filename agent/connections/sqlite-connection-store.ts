import type Database from 'better-sqlite3';
import { AgentError } from '../core/errors.js';
import type { Connection } from './connection.js';
import type { ConnectionPatch, ConnectionStore, StoredConnection } from './connection-store.js';
import type { SecretCipher } from './secret-cipher.js';
import { type ConnectionRow, connectionFromRow, connectionToRow } from './secret-rows.js';

export interface SqliteConnectionStoreOptions {
  /** An open state database with the `connection` table (see `openSecretsDatabase`). */
  db: Database.Database;
  cipher: SecretCipher;
  /** Whether `close()` closes `db` (false when the database is shared with other stores). */
  ownsDb?: boolean;
}

/** `ConnectionStore` on the `connection` table of `<stateDir>/mwaa-agent.db`, password and extra Fernet-encrypted. */
export class SqliteConnectionStore implements ConnectionStore {
  private readonly db: Database.Database;
  private readonly cipher: SecretCipher;
  private readonly ownsDb: boolean;

  constructor(opts: SqliteConnectionStoreOptions) {
    this.db = opts.db;
    this.cipher = opts.cipher;
    this.ownsDb = opts.ownsDb ?? false;
  }

  get(connId: string): StoredConnection | null {
    const row = this.db.prepare('SELECT * FROM connection WHERE conn_id = ?').get(connId) as ConnectionRow | undefined;
    return row ? this.fromRow(row) : null;
  }

  list(filter: { connId?: string } = {}): StoredConnection[] {
    const rows = (
      filter.connId !== undefined
        ? this.db.prepare('SELECT * FROM connection WHERE conn_id = ? ORDER BY conn_id').all(filter.connId)
        : this.db.prepare('SELECT * FROM connection ORDER BY conn_id').all()
    ) as ConnectionRow[];
    return rows.map((r) => this.fromRow(r));
  }

  add(conn: Connection): StoredConnection {
    const values = this.toRow(conn);
    try {
      this.db
        .prepare(
          `INSERT INTO connection (conn_id, conn_type, description, host, schema, login, password, port, is_encrypted, is_extra_encrypted, extra)
           VALUES (@conn_id, @conn_type, @description, @host, @schema, @login, @password, @port, @is_encrypted, @is_extra_encrypted, @extra)`,
        )
        .run(values);
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new AgentError('CONNECTION_EXISTS', `A connection with \`conn_id\`=${conn.connId} already exists.`);
      }
      throw e;
    }
    return this.get(conn.connId)!;
  }

  put(conn: Connection): StoredConnection {
    this.db
      .prepare(
        `INSERT INTO connection (conn_id, conn_type, description, host, schema, login, password, port, is_encrypted, is_extra_encrypted, extra)
         VALUES (@conn_id, @conn_type, @description, @host, @schema, @login, @password, @port, @is_encrypted, @is_extra_encrypted, @extra)
         ON CONFLICT (conn_id) DO UPDATE SET conn_type = excluded.conn_type, description = excluded.description,
           host = excluded.host, schema = excluded.schema, login = excluded.login, password = excluded.password,
           port = excluded.port, is_encrypted = excluded.is_encrypted, is_extra_encrypted = excluded.is_extra_encrypted,
           extra = excluded.extra`,
      )
      .run(this.toRow(conn));
    return this.get(conn.connId)!;
  }

  update(connId: string, patch: ConnectionPatch): StoredConnection {
    const current = this.get(connId);
    if (!current)
      throw new AgentError('CONNECTION_NOT_FOUND', `The Connection with connection_id: \`${connId}\` was not found`);
    const next: Connection = { ...stripStored(current), ...definedOnly(patch), connId };
    this.db
      .prepare(
        `UPDATE connection SET conn_type = @conn_type, description = @description, host = @host, schema = @schema,
           login = @login, password = @password, port = @port, is_encrypted = @is_encrypted,
           is_extra_encrypted = @is_extra_encrypted, extra = @extra WHERE conn_id = @conn_id`,
      )
      .run(this.toRow(next));
    return this.get(connId)!;
  }

  delete(connId: string): boolean {
    return this.db.prepare('DELETE FROM connection WHERE conn_id = ?').run(connId).changes > 0;
  }

  close(): void {
    if (this.ownsDb && this.db.open) this.db.close();
  }

  private toRow(conn: Connection): Omit<ConnectionRow, 'id'> {
    return connectionToRow(conn, this.cipher);
  }

  private fromRow(row: ConnectionRow): StoredConnection {
    return connectionFromRow(row, this.cipher);
  }
}

function stripStored(c: StoredConnection): Connection {
  const { id: _id, isEncrypted: _e, isExtraEncrypted: _x, ...conn } = c;
  return conn;
}

function definedOnly(patch: ConnectionPatch): ConnectionPatch {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as ConnectionPatch;
}
