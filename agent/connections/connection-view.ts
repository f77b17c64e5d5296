import type { Connection } from './connection.js';
import type { StoredConnection } from './connection-store.js';
import { extraDejson, isJsonObject } from './connection-extra.js';
import { connectionToUri } from './connection-uri.js';
import { pyJsonDumps } from '../python/json-dumps.js';
import { pyQuote, pyQuotePlus } from '../python/urllib-parse.js';
import { SecretsMasker } from './secrets-masker.js';

const MASK = '***';
// Alphanumeric so quote() leaves it intact inside get_uri; replaced by *** afterwards.
const PASSWORD_PLACEHOLDER = 'MWAAAGENTMASKEDPASSWORD';

/** A masker with everything secret about one connection registered, in every encoding it is printed in. */
export function maskerFor(conn: Connection): SecretsMasker {
  const masker = new SecretsMasker();
  masker.addConnection(conn);
  if (conn.password) {
    masker.add(pyQuote(conn.password, ''));
    masker.add(pyQuotePlus(conn.password));
  }
  for (const [key, value] of Object.entries(extraDejson(conn.extra))) {
    if (typeof value === 'string' && masker.isSensitiveName(key)) {
      masker.add(pyQuotePlus(value));
      masker.add(JSON.stringify(value).slice(1, -1));
    }
  }
  return masker;
}

/**
 * The REST API's `extra`: `json.dumps(redact(json.loads(extra)))`, so sensitive keys read `"***"`;
 * a non-JSON extra is returned with registered secrets masked.
 */
export function redactedExtra(conn: Connection, masker: SecretsMasker = maskerFor(conn)): string | null {
  if (!conn.extra) return conn.extra;
  try {
    const parsed: unknown = JSON.parse(conn.extra);
    return pyJsonDumps(masker.redact(parsed));
  } catch {
    return masker.maskText(conn.extra);
  }
}

/** The connection with its password and sensitive extras replaced by `***`. */
export function redactedConnection(conn: Connection): Connection {
  const masker = maskerFor(conn);
  return { ...conn, password: conn.password ? MASK : conn.password, extra: redactedExtra(conn, masker) };
}

/** `get_uri()` with the password and sensitive extras masked. */
export function maskedUri(conn: Connection): string {
  const masker = maskerFor(conn);
  const uri = connectionToUri({
    ...conn,
    password: conn.password ? PASSWORD_PLACEHOLDER : conn.password,
    extra: redactedExtra(conn, masker),
  });
  return masker.maskText(uri).replace(PASSWORD_PLACEHOLDER, MASK);
}

/**
 * A row of `connections get/list` with Airflow's columns (`_connection_mapper`). Unlike Airflow, which
 * prints the password and extras in clear, the password, sensitive extras and the URI's copies of them
 * read `***`.
 */
export function connectionCliRow(conn: Connection | StoredConnection): Record<string, unknown> {
  const stored = 'isEncrypted' in conn ? conn : null;
  const dejson = extraDejson(conn.extra);
  return {
    id: stored?.id ?? null,
    conn_id: conn.connId,
    conn_type: conn.connType,
    description: conn.description,
    host: conn.host,
    schema: conn.schema,
    login: conn.login,
    password: conn.password ? MASK : conn.password,
    port: conn.port,
    is_encrypted: stored?.isEncrypted ?? false,
    is_extra_encrypted: stored?.isExtraEncrypted ?? false,
    extra_dejson: isJsonObject(dejson) ? maskerFor(conn).redact(dejson) : {},
    get_uri: maskedUri(conn),
  };
}

/** Column order of `connections get/list`. */
export const CONNECTION_COLUMNS = [
  'id',
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
  'extra_dejson',
  'get_uri',
];
