import { runAsWorker } from 'synckit';
import { AgentError, type ErrorCode } from '../core/errors.js';
import type { PostgresStateUrl } from '../core/state-url.js';
import { PgDatabase } from './pg-database.js';
import { PgRunQueries } from './pg-run-queries.js';

/** A parameterised statement of a `statements` request (the connection and variable stores'). */
export interface Statement {
  sql: string;
  params: unknown[];
}

/** What the synchronous PgRunStore asks of its worker thread. */
export type PgRequest =
  | { op: 'open'; target: PostgresStateUrl; agentVersion: string; airflowVersion: string | null }
  | { op: 'call'; handle: number; method: string; args: unknown[] }
  | { op: 'statements'; handle: number; statements: Statement[] }
  | { op: 'close'; handle: number };

/**
 * The answer: a value, or an error as data (a thrown error would reach the caller without its class, and the
 * agent tells errors apart by AgentError code).
 */
export type PgResponse = { ok: true; value: unknown } | { ok: false; code: ErrorCode | null; message: string };

/** The stores this thread serves, by handle: one per PgRunStore of the process. */
const stores = new Map<number, { db: PgDatabase; runs: PgRunQueries }>();
let nextHandle = 1;

async function serve(req: PgRequest): Promise<PgResponse> {
  try {
    switch (req.op) {
      case 'open': {
        const db = await PgDatabase.open(req);
        const handle = nextHandle++;
        stores.set(handle, { db, runs: new PgRunQueries(db) });
        return { ok: true, value: handle };
      }
      case 'call': {
        const { runs } = session(req.handle);
        const method = (runs as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[req.method];
        if (typeof method !== 'function') throw new Error(`unknown run store method ${req.method}`);
        return { ok: true, value: await method.apply(runs, req.args) };
      }
      case 'statements': {
        const { runs } = session(req.handle);
        const value = await runs.write(async (q) => {
          const rows = [];
          for (const s of req.statements) rows.push(await q(s.sql, s.params));
          return rows;
        });
        return { ok: true, value };
      }
      case 'close': {
        const store = stores.get(req.handle);
        stores.delete(req.handle);
        await store?.db.close();
        return { ok: true, value: undefined };
      }
    }
  } catch (e) {
    return e instanceof AgentError
      ? { ok: false, code: e.code, message: e.message }
      : { ok: false, code: null, message: e instanceof Error ? e.message : String(e) };
  }
}

function session(handle: number): { db: PgDatabase; runs: PgRunQueries } {
  const s = stores.get(handle);
  if (!s) throw new Error(`the PostgreSQL session ${handle} is closed`);
  return s;
}

runAsWorker(serve);
