import { runAsWorker } from 'synckit';
import { AgentError, type ErrorCode } from '../core/errors.js';
import type { PostgresStateUrl } from '../core/state-url.js';
import { PgDatabase } from './pg-database.js';
import { PgRunQueries } from './pg-run-queries.js';

/** What the synchronous PgRunStore asks of its worker thread. */
export type PgRequest =
  | { op: 'open'; target: PostgresStateUrl; agentVersion: string; airflowVersion: string | null }
  | { op: 'call'; handle: number; method: string; args: unknown[] }
  | { op: 'close'; handle: number };

/**
 * The answer: a value, or an error as data (a thrown error would reach the caller without its class, and the
 * agent tells errors apart by AgentError code).
 */
export type PgResponse = { ok: true; value: unknown } | { ok: false; code: ErrorCode | null; message: string };

/** The stores this thread serves, by handle: one per PgRunStore of the process. */
const stores = new Map<number, PgRunQueries>();
let nextHandle = 1;

async function serve(req: PgRequest): Promise<PgResponse> {
  try {
    switch (req.op) {
      case 'open': {
        const db = await PgDatabase.open(req);
        const handle = nextHandle++;
        stores.set(handle, new PgRunQueries(db));
        return { ok: true, value: handle };
      }
      case 'call': {
        const store = stores.get(req.handle);
        if (!store) throw new Error(`the PostgreSQL run store ${req.handle} is closed`);
        const method = (store as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[req.method];
        if (typeof method !== 'function') throw new Error(`unknown run store method ${req.method}`);
        return { ok: true, value: await method.apply(store, req.args) };
      }
      case 'close': {
        const store = stores.get(req.handle);
        stores.delete(req.handle);
        await store?.close();
        return { ok: true, value: undefined };
      }
    }
  } catch (e) {
    return e instanceof AgentError
      ? { ok: false, code: e.code, message: e.message }
      : { ok: false, code: null, message: e instanceof Error ? e.message : String(e) };
  }
}

runAsWorker(serve);
