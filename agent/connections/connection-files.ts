import { readFileSync } from 'node:fs';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { AgentError } from '../core/errors.js';
import type { Connection } from './connection.js';
import { connectionToUri, parseConnectionUri } from './connection-uri.js';
import { isJsonObject } from './connection-extra.js';
import { connectionPort } from './connection-json.js';
import { pyJsonDumps } from '../python/json-dumps.js';
import { pyTypeName } from '../python/repr.js';

/** A syntax error of a connections file (Airflow's `FileSyntaxError`). */
interface FileSyntaxError {
  line: number | null;
  message: string;
}

const CONSTRUCTOR_KEYS = [
  'conn_id',
  'conn_type',
  'description',
  'extra',
  'extra_dejson',
  'host',
  'login',
  'password',
  'port',
  'schema',
  'uri',
];

function fail(message: string): AgentError {
  return new AgentError('CONNECTION_INVALID', message);
}

/** Airflow's `AirflowFileParseException.__str__`. */
function parseFailure(file: string, errors: FileSyntaxError[]): AgentError {
  let text = `Failed to load the secret file.\nFilename: ${file}\n\n`;
  errors.forEach((e, i) => {
    text += `${'='.repeat(20)} Parse error ${String(i + 1).padStart(3)} ${'='.repeat(20)}\n${e.message}\n`;
    if (e.line) text += `Line number:  s${e.line}\n`;
  });
  return fail(text.trimEnd());
}

function parseEnvFile(content: string): { secrets: Record<string, unknown>; errors: FileSyntaxError[] } {
  const secrets: Record<string, string[]> = {};
  const errors: FileSyntaxError[] = [];
  content.split(/\r\n|\r|\n/).forEach((line, i) => {
    if (!line || /^\s*#/.test(line)) return;
    const eq = line.indexOf('=');
    if (eq < 0) {
      errors.push({
        line: i + 1,
        message: 'Invalid line format. The line should contain at least one equal sign ("=").',
      });
      return;
    }
    const [key, value] = [line.slice(0, eq), line.slice(eq + 1)];
    if (!value) errors.push({ line: i + 1, message: 'Invalid line format. Key is empty.' });
    (secrets[key] ??= []).push(value);
  });
  return { secrets, errors };
}

function parseStructured(
  content: string,
  ext: string,
): { secrets: Record<string, unknown>; errors: FileSyntaxError[] } {
  if (!content) return { secrets: {}, errors: [{ line: 1, message: 'The file is empty.' }] };
  let parsed: unknown;
  try {
    parsed = ext === 'json' ? JSON.parse(content) : parseYaml(content);
  } catch (e) {
    const line = (e as { linePos?: { line: number }[] }).linePos?.[0]?.line ?? null;
    return { secrets: {}, errors: [{ line, message: (e as Error).message }] };
  }
  if (!isJsonObject(parsed))
    return { secrets: {}, errors: [{ line: 1, message: 'The file should contain the object.' }] };
  return { secrets: parsed, errors: [] };
}

/** Airflow's `_create_connection(conn_id, value)`: a URI string or an object of Connection arguments. */
export function connectionFromFileValue(connId: string, value: unknown): Connection {
  if (typeof value === 'string') return parseConnectionUri(connId, value);
  if (!isJsonObject(value)) {
    throw fail(
      `Unexpected value type: <class '${pyTypeName(value)}'>. The connection can only be defined using a string or object.`,
    );
  }
  const illegal = Object.keys(value).filter((k) => !CONSTRUCTOR_KEYS.includes(k));
  if (illegal.length > 0) {
    throw fail(
      `The object have illegal keys: ${illegal.join(', ')}. The dictionary can only contain the following keys: ` +
        `{${CONSTRUCTOR_KEYS.map((k) => `'${k}'`).join(', ')}}`,
    );
  }
  if ('extra' in value && 'extra_dejson' in value) {
    throw fail('The extra and extra_dejson parameters are mutually exclusive. Please provide only one parameter.');
  }
  if ('conn_id' in value && value.conn_id !== connId) {
    throw fail(
      `Mismatch conn_id. The dictionary key has the value: ${String(value.conn_id)}. The item has the value: ${connId}.`,
    );
  }
  const extra = 'extra_dejson' in value ? pyJsonDumps(value.extra_dejson) : value.extra;
  const fields = ['conn_type', 'host', 'login', 'password', 'schema', 'port', 'extra'] as const;
  if (value.uri) {
    if (fields.some((f) => (f === 'extra' ? extra : value[f]))) {
      throw fail(
        'You must create an object using the URI or individual values (conn_type, host, login, password, schema, port or extra).' +
          "You can't mix these two ways to create this object.",
      );
    }
    return { ...parseConnectionUri(connId, String(value.uri)), description: str(value.description) };
  }
  return {
    connId,
    connType: str(value.conn_type),
    description: str(value.description),
    host: str(value.host),
    schema: str(value.schema),
    login: str(value.login),
    password: str(value.password),
    port: value.port === null || value.port === undefined || value.port === '' ? null : connectionPort(value.port),
    extra:
      extra === null || extra === undefined || extra === ''
        ? null
        : typeof extra === 'string'
          ? extra
          : pyJsonDumps(extra),
  };
}

function str(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}

/**
 * Airflow's `load_connections_dict(file)` (local-filesystem secrets backend, `connections import`):
 * `.env` (`ID=<URI>` lines), `.json`, `.yaml`/`.yml` (`{id: URI | object}`), picked by extension.
 */
export function loadConnectionsFile(file: string): Map<string, Connection> {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch {
    throw new AgentError(
      'CONNECTION_INVALID',
      `File ${file} was not found. Check the configuration of your Secrets backend.`,
    );
  }
  const ext = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
  if (!['env', 'json', 'yaml', 'yml'].includes(ext)) {
    throw fail('Unsupported file format. The file must have one of the following extensions: .env .json .yaml .yml');
  }
  const { secrets, errors } = ext === 'env' ? parseEnvFile(content) : parseStructured(content, ext);
  if (errors.length > 0) throw parseFailure(file, errors);
  const out = new Map<string, Connection>();
  for (const [connId, value] of Object.entries(secrets)) {
    if (Array.isArray(value)) {
      if (value.length > 1) throw fail(`Found multiple values for ${connId} in ${file}.`);
      for (const v of value) out.set(connId, connectionFromFileValue(connId, v));
    } else out.set(connId, connectionFromFileValue(connId, value));
  }
  return out;
}

/** `connections export` file formats. */
export type ExportFileFormat = 'json' | 'yaml' | 'env';

/** Airflow's `_connection_to_dict` (extra as the raw string). */
function connectionToDict(c: Connection): Record<string, unknown> {
  return {
    conn_type: c.connType,
    description: c.description,
    login: c.login,
    password: c.password,
    host: c.host,
    port: c.port,
    schema: c.schema,
    extra: c.extra,
  };
}

/** Airflow's `_format_connections`: connections (ordered by conn_id) as JSON, YAML or env lines. */
export function formatConnectionsExport(
  conns: Connection[],
  format: ExportFileFormat,
  serialization: 'uri' | 'json' = 'uri',
): string {
  if (format === 'env') {
    return conns
      .map((c) => `${c.connId}=${serialization === 'json' ? pyJsonDumps(connectionToDict(c)) : connectionToUri(c)}\n`)
      .join('');
  }
  const dict = Object.fromEntries(conns.map((c) => [c.connId, connectionToDict(c)]));
  if (format === 'yaml') return stringifyYaml(dict, { sortMapEntries: true, nullStr: 'null' });
  return pyJsonDumps(dict, 2);
}
