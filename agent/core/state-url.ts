import { AgentError } from './errors.js';

/** Where `--state-url` points: a PostgreSQL database, named in errors without its password. */
export interface PostgresStateUrl {
  url: string;
  /** `host:port/database`, the form errors and logs name it by (never the password). */
  where: string;
}

const SCHEMES = ['postgresql:', 'postgres:'];

/**
 * Reads `--state-url` (MWAA_AGENT_STATE_URL): a libpq URI, `postgresql://user:password@host:5432/db`.
 * Throws CONFIG_INVALID for anything else, naming what is allowed.
 */
export function parseStateUrl(raw: string): PostgresStateUrl {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw invalid(raw, 'it is not a URL');
  }
  if (!SCHEMES.includes(u.protocol)) throw invalid(raw, `the scheme ${u.protocol.replace(/:$/, '')} is not supported`);
  // libpq's ?host=/run/postgresql (a Unix socket folder) stands for an empty host.
  const host = u.hostname || u.searchParams.get('host') || 'localhost';
  const port = u.port || u.searchParams.get('port') || '5432';
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || decodeURIComponent(u.username) || 'postgres';
  return { url: raw, where: `${host}:${port}/${database}` };
}

function invalid(raw: string, why: string): AgentError {
  const shown = raw.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
  return new AgentError(
    'CONFIG_INVALID',
    `--state-url ${JSON.stringify(shown)}: ${why}; expected postgresql://user:password@host:5432/database (or leave it unset for the SQLite file in --state-dir)`,
  );
}
