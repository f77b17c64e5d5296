import { AgentError } from '../core/errors.js';
import type { Connection } from './connection.js';
import { extraDejson, isJsonObject } from './connection-extra.js';
import { normalizeConnType, parseConnectionUri } from './connection-uri.js';
import { PythonException } from '../python/exceptions.js';
import { pyJsonDumps } from '../python/json-dumps.js';
import { pyInt } from '../python/number-conversion.js';
import { pyRepr } from '../python/repr.js';
import { pyTruthy } from '../python/truth-value.js';

const FIELDS = ['conn_type', 'description', 'host', 'login', 'password', 'schema', 'port', 'extra'] as const;

function invalid(message: string): AgentError {
  return new AgentError('CONNECTION_INVALID', message);
}

/** `from_json`'s `int(port)`; Airflow rewords the ValueError, and mwaa-agent words a TypeError the same way. */
export function connectionPort(value: unknown): number {
  try {
    return pyInt(value);
  } catch (e) {
    if (!(e instanceof PythonException)) throw e;
    throw invalid(`Expected integer value for \`port\`, but got ${pyRepr(value)} instead.`);
  }
}

function optionalString(key: string, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  // Python would store str(value) through SQLAlchemy; refusing is clearer than guessing.
  throw invalid(`Expected a string for \`${key}\`, but got ${pyRepr(value)} instead.`);
}

/**
 * Airflow 2.3+'s `Connection.from_json(value, conn_id)`: an object whose `extra` may be an object (stored
 * as `json.dumps`) or a string, `conn_type` normalised as in URIs, `port` cast with `int()`.
 */
export function parseConnectionJson(connId: string, json: string): Connection {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    throw invalid(`The JSON of connection \`${connId}\` is invalid: ${(e as Error).message}`);
  }
  if (!isJsonObject(parsed))
    throw invalid(`The JSON of connection \`${connId}\` must be an object, got ${pyRepr(parsed)}`);
  const unknown = Object.keys(parsed).filter((k) => !(FIELDS as readonly string[]).includes(k));
  if (unknown.includes('conn_id')) throw invalid("__init__() got multiple values for keyword argument 'conn_id'");
  if (unknown.length > 0) throw invalid(`__init__() got an unexpected keyword argument '${unknown[0]}'`);
  const extra = parsed.extra;
  const connType = optionalString('conn_type', parsed.conn_type);
  const port = parsed.port;
  return {
    connId,
    connType: connType ? normalizeConnType(connType) : null,
    description: optionalString('description', parsed.description),
    host: optionalString('host', parsed.host),
    schema: optionalString('schema', parsed.schema),
    login: optionalString('login', parsed.login),
    password: optionalString('password', parsed.password),
    port: pyTruthy(port) ? connectionPort(port) : null,
    extra: !pyTruthy(extra) ? null : typeof extra === 'string' ? extra : pyJsonDumps(extra),
  };
}

/** Airflow's `to_dict(prune_empty=True)` minus `conn_id`: the JSON form `as_json()` serialises. */
export function connectionToJsonObject(conn: Connection): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const fields: [string, unknown][] = [
    ['conn_type', conn.connType],
    ['description', conn.description],
    ['host', conn.host],
    ['login', conn.login],
    ['password', conn.password],
    ['schema', conn.schema],
    ['port', conn.port],
  ];
  for (const [k, v] of fields) if (v !== null) out[k] = v;
  const extra = extraDejson(conn.extra);
  if (Object.keys(extra).length > 0) out.extra = extra;
  return out;
}

/** Airflow's `Connection.as_json()`. */
export function connectionToJson(conn: Connection): string {
  return pyJsonDumps(connectionToJsonObject(conn));
}

/** `AIRFLOW_CONN_*` / secrets-backend values: JSON when the stripped value starts with `{`, else a URI. */
export function deserializeConnection(connId: string, value: string): Connection {
  const text = value.trim();
  return text.startsWith('{') ? parseConnectionJson(connId, text) : parseConnectionUri(connId, text);
}
