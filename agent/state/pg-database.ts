import { createHash } from 'node:crypto';
import pg from 'pg';
import { AgentError } from '../core/errors.js';
import type { PostgresStateUrl } from '../core/state-url.js';
import { PG_MIGRATIONS } from './pg-schema.js';

import type { Row } from './state-rows.js';

/** Runs one statement, prepared once per connection under a name derived from its text. */
export type Query = (sql: string, params?: readonly unknown[]) => Promise<Row[]>;

/** Runs a script of several statements (migrations), unprepared. */
export type Exec = (script: string) => Promise<void>;

/** How long the agent waits on PostgreSQL before it says so (short: every store call blocks the agent). */
export const PG_TIMEOUTS = { connectMs: 5_000, statementMs: 10_000 } as const;

/** Serialises migrations of agents starting at once on one database (an arbitrary, fixed key). */
const MIGRATION_LOCK = 0x6d77_6161; // "mwaa"

export interface OpenPgOptions {
  target: PostgresStateUrl;
  agentVersion: string;
  /** The environment's Airflow version, recorded at the first start; null (CLI commands): not checked. */
  airflowVersion: string | null;
}

/** A pool on the state database, its schema migrated and the environment's Airflow version checked. */
export class PgDatabase {
  readonly #pool: pg.Pool;
  readonly #target: PostgresStateUrl;
  /** The connection that holds the scheduling lock's transaction during a pass (kept between passes). */
  #lockClient: pg.Client | null = null;

  private constructor(target: PostgresStateUrl) {
    this.#target = target;
    this.#pool = new pg.Pool({
      connectionString: target.url,
      // Store calls are serial (the agent's thread waits on each); two connections cover a CLI racing it.
      max: 2,
      connectionTimeoutMillis: PG_TIMEOUTS.connectMs,
      statement_timeout: PG_TIMEOUTS.statementMs,
      query_timeout: PG_TIMEOUTS.statementMs + 2_000,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
      application_name: 'mwaa-agent',
    });
    // An idle connection the server ended (a restart): the pool drops it and the next call connects again.
    this.#pool.on('error', () => undefined);
  }

  static async open(opts: OpenPgOptions): Promise<PgDatabase> {
    const db = new PgDatabase(opts.target);
    try {
      await db.transaction((q, exec) => migrate(q, exec, opts));
    } catch (e) {
      await db.close();
      throw e;
    }
    return db;
  }

  /** Runs `work` in one transaction on one connection; errors come back as AgentErrors naming the database. */
  async transaction<T>(work: (q: Query, exec: Exec) => Promise<T>): Promise<T> {
    const client = await this.#connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(query(client), async (script) => void (await client.query(script)));
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw this.#typed(e);
    } finally {
      client.release(broken);
    }
  }

  /** Runs `work` outside a transaction (reads of one statement, or several that need no snapshot). */
  async read<T>(work: (q: Query) => Promise<T>): Promise<T> {
    const client = await this.#connect();
    try {
      return await work(query(client));
    } catch (e) {
      throw this.#typed(e);
    } finally {
      client.release();
    }
  }

  /**
   * Begins a transaction on the lock connection and runs `lockSql` (a `FOR UPDATE NOWAIT`): true with the lock
   * held until {@link unlock}, false when another session holds it (SQLSTATE 55P03, lock_not_available).
   */
  async tryLock(lockSql: string): Promise<boolean> {
    const client = await this.#lockConnection();
    try {
      await client.query('BEGIN');
      await client.query(lockSql);
      return true;
    } catch (e) {
      const busy = (e as { code?: string }).code === '55P03';
      await client.query('ROLLBACK').catch(() => this.#dropLockConnection());
      if (busy) return false;
      this.#dropLockConnection();
      throw this.#typed(e);
    }
  }

  /** Ends the lock's transaction (it wrote nothing). */
  async unlock(): Promise<void> {
    const client = this.#lockClient;
    if (!client) return;
    try {
      await client.query('COMMIT');
    } catch (e) {
      this.#dropLockConnection();
      throw this.#typed(e);
    }
  }

  async #lockConnection(): Promise<pg.Client> {
    if (this.#lockClient) return this.#lockClient;
    const client = new pg.Client({
      connectionString: this.#target.url,
      connectionTimeoutMillis: PG_TIMEOUTS.connectMs,
      statement_timeout: PG_TIMEOUTS.statementMs,
      query_timeout: PG_TIMEOUTS.statementMs + 2_000,
      // An agent stuck in a pass (stopped, not dead) lets the others schedule again after this long.
      idle_in_transaction_session_timeout: 30_000,
      keepAlive: true,
      application_name: 'mwaa-agent scheduling lock',
    });
    client.on('error', () => this.#dropLockConnection());
    try {
      await client.connect();
    } catch (e) {
      await client.end().catch(() => undefined);
      throw this.#typed(e);
    }
    this.#lockClient = client;
    return client;
  }

  #dropLockConnection(): void {
    const client = this.#lockClient;
    this.#lockClient = null;
    client?.end().catch(() => undefined);
  }

  async close(): Promise<void> {
    this.#dropLockConnection();
    await this.#pool.end().catch(() => undefined);
  }

  async #connect(): Promise<pg.PoolClient> {
    try {
      return await this.#pool.connect();
    } catch (e) {
      throw this.#typed(e);
    }
  }

  #typed(e: unknown): unknown {
    if (e instanceof AgentError) return e;
    const err = e as Error & { code?: string };
    const where = `PostgreSQL at ${this.#target.where}`;
    if (err.code === '57014' || /^Query read timeout/.test(err.message ?? ''))
      return new AgentError(
        'STATE_STORE_ERROR',
        `${where} did not answer within ${PG_TIMEOUTS.statementMs / 1000} s (${err.message}): is it overloaded, or is a lock held?`,
        { cause: e },
      );
    const network = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'EPIPE'];
    // SQLSTATE class 08 (connection exception) and 57P01–57P03 (the server shutting down, crashing or not yet
    // accepting connections): the server went away, as for a refused connection.
    const gone = /^08...$|^57P0[123]$/.test(err.code ?? '');
    if (
      (err.code && network.includes(err.code)) ||
      gone ||
      /timeout|terminated|Connection ended/i.test(err.message ?? '')
    )
      return new AgentError(
        'STATE_STORE_UNREACHABLE',
        `${where} is unreachable (${err.code ?? err.message}): start it or correct --state-url / MWAA_AGENT_STATE_URL (waited ${PG_TIMEOUTS.connectMs / 1000} s to connect, ${PG_TIMEOUTS.statementMs / 1000} s per statement)`,
        { cause: e },
      );
    if (err.code === '28P01' || err.code === '28000' || err.code === '3D000' || err.code === '42501')
      return new AgentError(
        'STATE_STORE_UNREACHABLE',
        `${where} refused the agent: ${err.message} (SQLSTATE ${err.code}); correct the user, password or database of --state-url`,
        { cause: e },
      );
    return new AgentError('STATE_STORE_ERROR', `${where}: ${err.message}${err.code ? ` (SQLSTATE ${err.code})` : ''}`, {
      cause: e,
    });
  }
}

function query(client: pg.PoolClient): Query {
  return async (sql, params = []) => {
    // Named: PostgreSQL parses and plans each text once per connection, then only binds and executes it.
    const name = `mwaa_${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`;
    return (await client.query({ name, text: sql, values: params as unknown[] })).rows as Row[];
  };
}

/**
 * Creates or migrates the schema under a transaction-scoped advisory lock (agents starting together migrate
 * once), refuses a schema newer than this agent, and records or checks the environment's Airflow version.
 */
async function migrate(q: Query, exec: Exec, opts: OpenPgOptions): Promise<void> {
  const where = `the state database at ${opts.target.where}`;
  await q('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
  await q(
    `CREATE TABLE IF NOT EXISTS mwaa_agent_schema (
       component text PRIMARY KEY, version integer NOT NULL, agent_version text NOT NULL,
       migrated_at timestamptz NOT NULL DEFAULT now())`,
  );
  await q('CREATE TABLE IF NOT EXISTS mwaa_agent_environment (key text PRIMARY KEY, value text NOT NULL)');
  const [stored] = await q("SELECT version, agent_version FROM mwaa_agent_schema WHERE component = 'state'");
  const from = stored ? Number(stored.version) : 0;
  const known = PG_MIGRATIONS.length;
  if (from > known)
    throw new AgentError(
      'STATE_SCHEMA_TOO_NEW',
      `${where} has schema version ${from} (written by mwaa-agent ${String(stored!.agent_version)}); this mwaa-agent ${opts.agentVersion} knows versions up to ${known}. Upgrade mwaa-agent, or point --state-url at another database`,
    );
  for (let v = from; v < known; v++) await exec(PG_MIGRATIONS[v]!);
  if (from < known)
    await q(
      `INSERT INTO mwaa_agent_schema (component, version, agent_version) VALUES ('state', $1, $2)
       ON CONFLICT (component) DO UPDATE SET version = excluded.version, agent_version = excluded.agent_version,
         migrated_at = now()`,
      [known, opts.agentVersion],
    );
  if (opts.airflowVersion === null) return;
  const [env] = await q("SELECT value FROM mwaa_agent_environment WHERE key = 'airflow_version'");
  if (!env) {
    await q("INSERT INTO mwaa_agent_environment (key, value) VALUES ('airflow_version', $1)", [opts.airflowVersion]);
    return;
  }
  if (env.value !== opts.airflowVersion)
    throw new AgentError(
      'STATE_AIRFLOW_VERSION_MISMATCH',
      `${where} belongs to an environment on Airflow ${String(env.value)}; this agent runs Airflow ${opts.airflowVersion}. Agents sharing one database must run the same Airflow version: set --airflow-version ${String(env.value)} (or the constraints of requirements.txt), or point --state-url at another database`,
    );
}
