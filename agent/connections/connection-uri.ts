import { AgentError } from '../core/errors.js';
import type { Connection } from './connection.js';
import { extraDejson } from './connection-extra.js';
import {
  netlocHostname,
  netlocPort,
  netlocUserinfo,
  pyParseQsl,
  pyQuote,
  pyUnquote,
  pyUrlencode,
  urlSplit,
  type SplitUrl,
} from '../python/urllib-parse.js';
import { PythonException } from '../python/exceptions.js';
import { pyJsonDumps } from '../python/json-dumps.js';

/** Airflow's `Connection.EXTRA_KEY`: a query parameter holding the whole extra JSON verbatim. */
export const EXTRA_KEY = '__extra__';

/** Airflow's `_normalize_conn_type`: `postgresql` → `postgres`, `-` → `_`. */
export function normalizeConnType(connType: string): string {
  if (connType === 'postgresql') return 'postgres';
  return connType.replace(/-/g, '_');
}

/** `_parse_netloc_to_hostname`: Python's lowercased hostname, or the raw netloc host when it decodes to a `/`. */
function hostFromSplit(parts: SplitUrl): string {
  let host = pyUnquote(netlocHostname(parts.netloc) ?? '');
  if (host.includes('/')) {
    host = parts.netloc;
    if (host.includes('@')) host = host.slice(host.lastIndexOf('@') + 1);
    if (host.includes(':')) host = host.slice(0, host.indexOf(':'));
    host = pyUnquote(host);
  }
  return host;
}

function invalid(uri: string): AgentError {
  return new AgentError('CONNECTION_INVALID', `Invalid connection string: ${uri}.`);
}

/**
 * Airflow 2.3+'s `Connection(uri=...)` (`_parse_from_uri`): `type://login:password@host:port/schema?k=v`.
 * Query values become extra strings (last duplicate wins); `__extra__` carries the extra verbatim.
 * Throws AgentError CONNECTION_INVALID with Airflow's or Python's text.
 */
export function parseConnectionUri(connId: string, uri: string): Connection {
  const schemes = uri.split('://').length - 1;
  if (schemes > 2) throw invalid(uri);
  const withProtocol = schemes === 2;
  try {
    const rawType = urlSplit(uri).scheme;
    const rest = uri.replaceAll(`${rawType}://`, withProtocol ? '' : '//');
    if (withProtocol) {
      const first = rest.split('://')[0]!;
      if (first.includes('@') || first.includes(':')) throw invalid(uri);
    }
    const parts = urlSplit(rest);
    const protocol = withProtocol ? parts.scheme : null;
    const host = hostFromSplit(parts);
    const { username, password } = netlocUserinfo(parts.netloc);
    const quotedSchema = parts.path.slice(1);
    let extra: string | null = null;
    if (parts.query) {
      const query = new Map(pyParseQsl(parts.query));
      extra = query.has(EXTRA_KEY) ? query.get(EXTRA_KEY)! : pyJsonDumps(Object.fromEntries(query));
    }
    return {
      connId,
      connType: normalizeConnType(rawType),
      description: null,
      host: host && protocol ? `${protocol}://${host}` : host,
      schema: quotedSchema ? pyUnquote(quotedSchema) : quotedSchema,
      login: username ? pyUnquote(username) : username,
      password: password ? pyUnquote(password) : password,
      port: netlocPort(parts.netloc),
      extra,
    };
  } catch (e) {
    if (e instanceof PythonException && e.pyClass === 'ValueError')
      throw new AgentError('CONNECTION_INVALID', `${e.message} (in the URI of connection \`${connId}\`)`);
    throw e;
  }
}

/** The CLI's `_valid_uri`: a URI is usable when urlsplit finds a scheme. */
export function hasUriScheme(uri: string): boolean {
  try {
    return urlSplit(uri).scheme !== '';
  } catch {
    return false;
  }
}

/** The query part of `get_uri`: flat string extras as `k=v`, anything else as `__extra__=<json>`. */
function extraQuery(extra: string): string {
  const dejson = extraDejson(extra);
  const flat = Object.entries(dejson);
  if (flat.length > 0 && flat.every(([, v]) => typeof v === 'string')) {
    const query = pyUrlencode(flat as [string, string][]);
    const back = new Map(pyParseQsl(query));
    if (back.size === flat.length && flat.every(([k, v]) => back.get(k) === v)) return query;
  }
  return pyUrlencode([[EXTRA_KEY, extra]]);
}

/** Airflow 2.10's `Connection.get_uri()`. */
export function connectionToUri(conn: Connection): string {
  let uri = conn.connType ? `${conn.connType.toLowerCase().replace(/_/g, '-')}://` : '//';
  let host = conn.host;
  if (host?.includes('://')) {
    const at = host.indexOf('://');
    uri += `${host.slice(0, at)}://`;
    host = host.slice(at + 3);
  }
  let authority = '';
  if (conn.login !== null) authority += pyQuote(conn.login, '');
  if (conn.password !== null) authority += ':' + pyQuote(conn.password, '');
  if (authority) uri += authority + '@';
  let hostBlock = host ? pyQuote(host, '') : '';
  if (conn.port) hostBlock += hostBlock === '' && authority === '' ? `@:${conn.port}` : `:${conn.port}`;
  if (conn.schema) hostBlock += `/${pyQuote(conn.schema, '')}`;
  uri += hostBlock;
  if (conn.extra) uri += (conn.schema ? '?' : '/?') + extraQuery(conn.extra);
  return uri;
}
