import { parse } from 'pg-connection-string';
import { AgentError } from './errors.js';

/** Where `--state-url` points: a PostgreSQL database, named in errors without its password. */
export interface PostgresStateUrl {
  url: string;
  /** `host:port/database`, the form errors and logs name it by (never the password). */
  where: string;
}

const SCHEME = /^postgres(?:ql)?:\/\//i;

/**
 * Reads `--state-url` (MWAA_AGENT_STATE_URL): a libpq URI, `postgresql://user:password@host:5432/db`, read by
 * node-postgres's own parser (so `?host=/run/postgresql` and the defaults are what the connection will use).
 * Throws CONFIG_INVALID for anything else, naming what is allowed.
 */
export function parseStateUrl(raw: string): PostgresStateUrl {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(raw)?.[1];
  if (!SCHEME.test(raw))
    throw invalid(raw, scheme ? `the scheme ${scheme} is not supported` : 'it is not a postgresql:// URL');
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(raw);
  } catch (e) {
    throw invalid(raw, (e as Error).message);
  }
  // libpq's defaults: the database is named after the user.
  const database = parsed.database || parsed.user || 'postgres';
  return { url: raw, where: `${parsed.host || 'localhost'}:${parsed.port || '5432'}/${database}` };
}

function invalid(raw: string, why: string): AgentError {
  const shown = raw.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
  return new AgentError(
    'CONFIG_INVALID',
    `--state-url ${JSON.stringify(shown)}: ${why}; expected postgresql://user:password@host:5432/database (or leave it unset for the SQLite file in --state-dir)`,
  );
}
