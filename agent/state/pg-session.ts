import { createSyncFn } from 'synckit';
import { AgentError } from '../core/errors.js';
import type { PostgresStateUrl } from '../core/state-url.js';
import { PG_TIMEOUTS } from './pg-database.js';
import type { PgRequest, PgResponse, Statement } from './pg-worker.js';
import type { Row } from './state-rows.js';

/** From the TypeScript sources (tests), the worker thread loads its source through tsx; the built agent runs JS. */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER = new URL(FROM_SOURCE ? './pg-worker-source.mjs' : './pg-worker.js', import.meta.url);

/**
 * Longest a call waits for the worker: the worker's own timeouts (connect, then statement) end a call sooner
 * with a typed error; this only bounds a worker that stopped answering.
 */
const CALL_TIMEOUT_MS = PG_TIMEOUTS.connectMs + PG_TIMEOUTS.statementMs + 5_000;

let call: ((req: PgRequest) => PgResponse) | undefined;

/** Runs `req` on the worker thread (started at the first call, shared by the process's sessions) and waits. */
function ask(req: PgRequest): unknown {
  call ??= createSyncFn<(req: PgRequest) => Promise<PgResponse>>(WORKER, { timeout: CALL_TIMEOUT_MS, execArgv: [] });
  const res = call(req);
  if (res.ok) return res.value;
  throw res.code ? new AgentError(res.code, res.message) : new Error(res.message);
}

export interface PgSessionOptions {
  target: PostgresStateUrl;
  /** mwaa-agent's version, recorded with the schema version it migrated to. */
  agentVersion: string;
  /** The environment's Airflow version: recorded at the first start, refused when another one is recorded. */
  airflowVersion: string | null;
}

/**
 * A synchronous session on the state database: the caller's thread blocks on Atomics.wait while a worker
 * thread runs node-postgres (synckit). Each call is one round trip to the worker and one transaction.
 */
export class PgSession {
  readonly #handle: number;
  readonly target: PostgresStateUrl;
  #closed = false;

  /** Connects, migrates the schema and checks the Airflow version; throws AgentError STATE_* when it cannot. */
  constructor(opts: PgSessionOptions) {
    this.target = opts.target;
    this.#handle = ask({ op: 'open', ...opts }) as number;
  }

  /** A run store operation (pg-run-queries.ts), its optional arguments left out as the caller left them. */
  runs(method: string, args: unknown[]): unknown {
    while (args.length && args[args.length - 1] === undefined) args.pop();
    return ask({ op: 'call', handle: this.#handle, method, args });
  }

  /** Parameterised statements in one transaction; the rows of each. */
  statements(statements: Statement[]): Row[][] {
    return ask({ op: 'statements', handle: this.#handle, statements }) as Row[][];
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    ask({ op: 'close', handle: this.#handle });
  }
}
