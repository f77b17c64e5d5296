import type { Connection } from './connection.js';
import type { StoredConnection } from './connection-store.js';
import type { SecretCipher } from './secret-cipher.js';
import type { StoredVariable } from './variable-store.js';

/** A row of Airflow's `connection` table, password and extra as stored (encrypted when flagged). */
export interface ConnectionRow {
  id: number;
  conn_id: string;
  conn_type: string;
  description: string | null;
  host: string | null;
  schema: string | null;
  login: string | null;
  password: string | null;
  port: number | null;
  is_encrypted: number | boolean;
  is_extra_encrypted: number | boolean;
  extra: string | null;
}

/** A row of Airflow's `variable` table. */
export interface VariableRow {
  id: number;
  key: string;
  val: string | null;
  description: string | null;
  is_encrypted: number | boolean;
}

const flag = (v: number | boolean): boolean => v === 1 || v === true;

/** The row a connection is stored as; like Airflow's set_password/set_extra, empty values stay as given, unencrypted. */
export function connectionToRow(conn: Connection, cipher: SecretCipher): Omit<ConnectionRow, 'id'> {
  return {
    conn_id: conn.connId,
    conn_type: conn.connType ?? '',
    description: conn.description,
    host: conn.host,
    schema: conn.schema,
    login: conn.login,
    password: conn.password ? cipher.encrypt(conn.password) : conn.password,
    port: conn.port,
    is_encrypted: conn.password ? 1 : 0,
    is_extra_encrypted: conn.extra ? 1 : 0,
    extra: conn.extra ? cipher.encrypt(conn.extra) : conn.extra,
  };
}

export function connectionFromRow(row: ConnectionRow, cipher: SecretCipher): StoredConnection {
  const what = (field: string) => `the ${field} of connection \`${row.conn_id}\``;
  const encrypted = flag(row.is_encrypted);
  const extraEncrypted = flag(row.is_extra_encrypted);
  return {
    id: Number(row.id),
    connId: row.conn_id,
    connType: row.conn_type,
    description: row.description,
    host: row.host,
    schema: row.schema,
    login: row.login,
    password: row.password && encrypted ? cipher.decrypt(row.password, what('password')) : row.password,
    port: row.port,
    extra: row.extra && extraEncrypted ? cipher.decrypt(row.extra, what('extra')) : row.extra,
    isEncrypted: encrypted,
    isExtraEncrypted: extraEncrypted,
  };
}

export function variableFromRow(row: VariableRow, cipher: SecretCipher): StoredVariable {
  const encrypted = flag(row.is_encrypted);
  return {
    id: Number(row.id),
    key: row.key,
    val: row.val && encrypted ? cipher.decrypt(row.val, `the value of variable \`${row.key}\``) : row.val,
    description: row.description,
    isEncrypted: encrypted,
  };
}
